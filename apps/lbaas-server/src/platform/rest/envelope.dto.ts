import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';

/**
 * A request body class with one top-level key (`{"listener": {...}}`), the OpenStack envelope, whose
 * content is validated as `body`.
 */
export function envelope<K extends string, T extends object>(
  key: K,
  body: new () => T,
): new () => Record<K, T> {
  class Envelope {}
  IsDefined({ message: `${key} must be given` })(Envelope.prototype, key);
  ValidateNested()(Envelope.prototype, key);
  Type(() => body)(Envelope.prototype, key);
  ApiProperty({ type: () => body })(Envelope.prototype, key);
  Object.defineProperty(Envelope, 'name', { value: `${key}Envelope` });
  return Envelope as new () => Record<K, T>;
}
