import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, ValidateNested } from 'class-validator';
import { ValidationPipe } from '@nestjs/common';
import { validationException } from './validation-errors';

class Inner {
  @IsInt()
  @Max(65535)
  protocol_port!: number;

  @IsOptional()
  // As the OneOf field decorator of platform/rest declares it.
  @IsIn(['HTTP', 'HTTPS', 'TCP'], { message: 'Value should be one of: HTTP, HTTPS, TCP' })
  protocol?: string;
}

class Outer {
  @ValidateNested()
  @Type(() => Inner)
  listener!: Inner;
}

describe('validation errors', () => {
  const pipe = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: validationException,
  });

  async function messageFor(body: unknown): Promise<string> {
    try {
      await pipe.transform(body, { type: 'body', metatype: Outer });
    } catch (error) {
      return (error as { getResponse(): { message: string } }).getResponse().message;
    }
    return 'accepted';
  }

  it('names the full path and the rule', async () => {
    expect(await messageFor({ listener: { protocol_port: 70000 } })).toBe(
      'Invalid input for listener.protocol_port: protocol_port must not be greater than 65535',
    );
  });

  it("refuses a value outside a fixed set in Octavia's words", async () => {
    expect(await messageFor({ listener: { protocol_port: 80, protocol: 'FOO' } })).toBe(
      "Invalid input for field/attribute protocol. Value: 'FOO'. Value should be one of: HTTP, HTTPS, TCP",
    );
  });

  it('names unknown attributes', async () => {
    expect(await messageFor({ listener: { protocol_port: 80, colour: 'red' } })).toBe(
      "Unrecognized attribute 'listener.colour'",
    );
  });

  it('accepts a valid body', async () => {
    expect(await messageFor({ listener: { protocol_port: 80 } })).toBe('accepted');
  });
});
