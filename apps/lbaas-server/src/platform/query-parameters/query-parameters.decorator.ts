import { SetMetadata } from '@nestjs/common';

export const QUERY_PARAMETERS = 'lbaas:query-parameters';

/** What a route does with its query string. */
export type QueryParametersPolicy = { list: true } | { list: false; accepted: readonly string[] };

/**
 * The query parameters this route honours; any other is a 400. With `fields`, the answer's object (or
 * objects) keeps only the named attributes. A route without this decorator takes no query parameters.
 */
export const TakesQuery = (...accepted: string[]) =>
  SetMetadata<string, QueryParametersPolicy>(QUERY_PARAMETERS, { list: false, accepted });

/** A collection route: filters, `fields`, sorting and paging are checked and applied by `listResponse`. */
export const TakesListQuery = () =>
  SetMetadata<string, QueryParametersPolicy>(QUERY_PARAMETERS, { list: true });
