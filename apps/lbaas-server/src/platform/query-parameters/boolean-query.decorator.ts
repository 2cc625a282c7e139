import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { parseBooleanParameter, QueryParameterError, type RawQueryValue } from './query-parameters';

/**
 * `@BooleanQuery('cascade') cascade: boolean`: a boolean query parameter, false when absent, a 400 naming
 * it when it is not a boolean. Read from the raw query, so no global pipe turns "perhaps" into false first.
 */
export const BooleanQuery = createParamDecorator((name: string, context: ExecutionContext): boolean => {
  const query = context.switchToHttp().getRequest<Request>().query as Record<string, RawQueryValue>;
  try {
    return parseBooleanParameter(name, query[name]);
  } catch (error) {
    if (error instanceof QueryParameterError) throw new BadRequestException(error.message);
    throw error;
  }
});
