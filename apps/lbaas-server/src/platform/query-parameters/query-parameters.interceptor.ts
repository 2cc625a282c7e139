import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { map, type Observable } from 'rxjs';
import { QUERY_PARAMETERS, type QueryParametersPolicy } from './query-parameters.decorator';
import { assertOnlyAccepted, projectFields, QueryParameterError, requestedFields } from './query-parameters';

function asBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof QueryParameterError) throw new BadRequestException(error.message);
    throw error;
  }
}

/**
 * Holds every HTTP route to the query parameters it declares (`@TakesQuery`, `@TakesListQuery`): an
 * unknown one is refused before the handler runs, so it changes nothing, and `fields` is applied.
 */
@Injectable()
export class QueryParametersInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const policy = this.reflector.getAllAndOverride<QueryParametersPolicy | undefined>(QUERY_PARAMETERS, [
      context.getHandler(),
      context.getClass(),
    ]) ?? { list: false, accepted: [] };
    if (policy.list) return next.handle();
    const query = context.switchToHttp().getRequest<Request>().query as Record<string, string | string[]>;
    asBadRequest(() => assertOnlyAccepted(query, policy.accepted));
    const fields = policy.accepted.includes('fields') ? requestedFields(query.fields) : undefined;
    if (!fields) return next.handle();
    return next
      .handle()
      .pipe(
        map((answer: Record<string, unknown>) =>
          asBadRequest(() =>
            Object.fromEntries(
              Object.entries(answer).map(([key, value]) => [
                key,
                key.endsWith('_links') ? value : projectFields(value, fields),
              ]),
            ),
          ),
        ),
      );
  }
}
