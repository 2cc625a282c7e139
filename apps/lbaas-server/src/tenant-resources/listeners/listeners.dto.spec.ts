import { ValidationPipe } from '@nestjs/common';
import { validationException } from '../../platform/api-errors/validation-errors';
import { CreateListenerRequest } from './listeners.dto';

describe('IntegerField', () => {
  const pipe = new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
    exceptionFactory: validationException,
  });
  const listener = (fields: Record<string, unknown>) => ({
    listener: {
      loadbalancer_id: '3f1b5c6e-2d4a-4b8c-9e0f-1a2b3c4d5e6f',
      protocol: 'HTTP',
      protocol_port: 80,
      ...fields,
    },
  });

  async function parse(body: unknown): Promise<Record<string, unknown> | string> {
    try {
      const parsed = (await pipe.transform(body, { type: 'body', metatype: CreateListenerRequest })) as {
        listener: Record<string, unknown>;
      };
      return parsed.listener;
    } catch (error) {
      return (error as { getResponse(): { message: string } }).getResponse().message;
    }
  }

  it('reads a string of digits as the integer, as the OpenStack CLI sends it', async () => {
    expect(await parse(listener({ connection_limit: '100', protocol_port: '8080' }))).toMatchObject({
      connection_limit: 100,
      protocol_port: 8080,
    });
    expect(await parse(listener({ connection_limit: '-1' }))).toMatchObject({ connection_limit: -1 });
  });

  it.each([['10a'], ['1e3'], ['1.5'], [''], [' 5'], [true], [[5]]])(
    'refuses %j, naming the field and the rule',
    async (value) => {
      expect(await parse(listener({ connection_limit: value }))).toBe(
        'Invalid input for listener.connection_limit: connection_limit must be an integer number',
      );
    },
  );

  it('checks the range after reading the string', async () => {
    expect(await parse(listener({ connection_limit: '2000000' }))).toBe(
      'Invalid input for listener.connection_limit: connection_limit must not be greater than 1000000',
    );
  });

  it('says SCTP is not supported, in the words of a value outside the set', async () => {
    expect(await parse(listener({ protocol: 'SCTP' }))).toBe(
      "Invalid input for field/attribute protocol. Value: 'SCTP'. SCTP is not supported (no SCTP sockets on the nodes). Value should be one of: TCP, HTTP, HTTPS, TERMINATED_HTTPS, UDP",
    );
    expect(await parse(listener({ protocol: 'constructor' }))).toBe(
      "Invalid input for field/attribute protocol. Value: 'constructor'. Value should be one of: TCP, HTTP, HTTPS, TERMINATED_HTTPS, UDP",
    );
    expect(await parse(listener({ protocol: 'UDP', protocol_port: 53 }))).toMatchObject({ protocol: 'UDP' });
  });
});
