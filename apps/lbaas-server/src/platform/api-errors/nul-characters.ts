import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/**
 * Where a JSON value holds a NUL character, as a field path (`listener.name`, `member.tags[2]`), or
 * undefined. PostgreSQL cannot store NUL in text or jsonb, and no field of this API needs one.
 */
export function findNulCharacter(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findNulCharacter(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return here;
      const found = findNulCharacter(item, here);
      if (found) return found;
    }
  }
  return undefined;
}

/** Refuses request bodies with a NUL character anywhere (400 naming the field) before anything else runs. */
@Injectable()
export class RejectNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const field = findNulCharacter(value);
    if (field) throw new BadRequestException(`Invalid input for ${field}: must not contain NUL characters`);
    return value;
  }
}
