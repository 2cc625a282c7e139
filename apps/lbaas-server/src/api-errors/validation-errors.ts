import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/** One line per broken rule, each naming the full path of the field (e.g. `loadbalancer.vip_address`). */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) =>
      rule === 'whitelistValidation'
        ? `Unrecognized attribute '${path}'`
        : `Invalid input for ${path}: ${message}`,
    );
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

/** The ValidationPipe's answer to a bad body or query: 400 with every broken rule named. */
export function validationException(errors: ValidationError[]): BadRequestException {
  return new BadRequestException(describeValidationErrors(errors).join('; '));
}
