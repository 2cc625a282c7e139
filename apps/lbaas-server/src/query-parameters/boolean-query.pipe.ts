import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { parseBooleanParameter, QueryParameterError, type RawQueryValue } from './query-parameters';

/** `@Query('cascade', new BooleanQueryPipe('cascade'))`: a boolean parameter, false when absent, else a 400. */
@Injectable()
export class BooleanQueryPipe implements PipeTransform<RawQueryValue, boolean> {
  constructor(private readonly name: string) {}

  transform(value: RawQueryValue): boolean {
    try {
      return parseBooleanParameter(this.name, value);
    } catch (error) {
      if (error instanceof QueryParameterError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
