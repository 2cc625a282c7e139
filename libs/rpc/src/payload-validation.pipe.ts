import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** An RPC payload that breaks the contract. Never an HttpException: this is the RPC path. */
export class InvalidPayloadError extends Error {
  override name = 'InvalidPayload';
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    return [
      ...Object.values(error.constraints ?? {}).map((rule) => `${path}: ${rule}`),
      ...flatten(error.children ?? [], `${path}.`),
    ];
  });
}

/** Validates `@Payload()` arguments against their contract class (the same class-validator stack as the API). */
@Injectable()
export class RpcPayloadValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const type = metadata.metatype;
    if (!type || [Object, String, Number, Boolean, Array].includes(type as never)) return value;
    const instance: object = plainToInstance(type as new () => object, value);
    const problems = flatten(validateSync(instance, { forbidUnknownValues: true }));
    if (problems.length > 0) throw new InvalidPayloadError(problems.join('; '));
    return instance;
  }
}
