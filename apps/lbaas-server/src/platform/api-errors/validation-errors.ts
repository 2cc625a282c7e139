import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One broken rule. A value outside a fixed set (`OneOf`) is told in Octavia's words, which clients match. */
function describeRule(error: ValidationError, path: string, rule: string, message: string): string {
  if (rule === 'whitelistValidation') return `Unrecognized attribute '${path}'`;
  if (rule === 'isIn')
    return `Invalid input for field/attribute ${error.property}. Value: '${shown(error.value)}'. ${message}`;
  return `Invalid input for ${path}: ${message}`;
}

/** One line per broken rule, each naming the field (e.g. `loadbalancer.vip_address`). */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) =>
      describeRule(error, path, rule, message),
    );
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

/** The ValidationPipe's answer to a bad body or query: 400 with every broken rule named. */
export function validationException(errors: ValidationError[]): BadRequestException {
  return new BadRequestException(describeValidationErrors(errors).join('; '));
}
