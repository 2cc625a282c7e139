import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';

/**
 * Ids in paths: anything that is not a UUID names nothing, so it is a 404, not a 400. The CLI relies on
 * that: `show <name>` first GETs `/<collection>/<name>` and falls back to a name look-up on 404.
 */
@Injectable()
export class ResourceIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) throw new NotFoundException(`Resource ${value.slice(0, 64)} could not be found.`);
    return value.toLowerCase();
  }
}
