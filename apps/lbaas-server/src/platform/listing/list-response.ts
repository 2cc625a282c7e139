import { BadRequestException } from '@nestjs/common';
import type { Request } from 'express';
import {
  applyListQuery,
  type ListQuery,
  ListQueryError,
  parseListQuery,
  projectPage,
  type RawQuery,
} from './list-query';
import type { RowPage } from './read-list-page';

/**
 * The answer to `GET /<collection>`: `{ <collection>: [...], <collection>_links: [...] }`, with every
 * list parameter applied. A bad parameter is a 400 naming it.
 */
export function listResponse<T extends object>(
  collection: string,
  views: T[],
  request: Request,
  maxLimit: number,
  options: {
    /** Attributes callers may filter and sort on; by default those of the views themselves. */
    attributes?: ReadonlySet<string>;
    /** The attribute that names an item, for markers; `id` unless said. */
    idKey?: string;
  } = {},
): Record<string, unknown> {
  const { attributes, idKey = 'id' } = options;
  const query = request.query as RawQuery;
  return asBadRequest(() => {
    const known = attributes ?? new Set(views.length > 0 ? Object.keys(views[0]) : Object.keys(query));
    const parsed = parseListQuery(query, known, maxLimit);
    const page = applyListQuery(views, parsed, pageUrlOf(request), idKey);
    return { [collection]: page.items, [`${collection}_links`]: page.links };
  });
}

/** Where a list's rows come from when the database can page them. */
export interface PagedSource<T> {
  /** Every attribute of the collection's views (what callers may filter, sort and select on). */
  attributes: ReadonlySet<string>;
  /** The page read in SQL, as views; undefined when the query needs more than columns. */
  page(query: ListQuery): Promise<RowPage<T> | undefined>;
  /** Every view the caller may see, for the lists the database cannot page. */
  all(): Promise<T[]>;
}

/**
 * The answer to `GET /<collection>` for a collection the database pages: the same answer as
 * `listResponse`, but only the page's rows are read when the filters and sort keys are columns.
 */
export async function pagedListResponse<T extends object>(
  collection: string,
  request: Request,
  maxLimit: number,
  source: PagedSource<T>,
): Promise<Record<string, unknown>> {
  return asBadRequest(async () => {
    const query = parseListQuery(request.query as RawQuery, source.attributes, maxLimit);
    const paged = await source.page(query);
    if (!paged) return listResponse(collection, await source.all(), request, maxLimit, source);
    const { rows, more } = paged;
    const pageUrl = pageUrlOf(request);
    const hasMarker = query.marker !== undefined;
    const page =
      query.limit === undefined && !hasMarker
        ? projectPage(rows, query, [], pageUrl)
        : projectPage(
            rows,
            query,
            query.pageReverse ? [more, hasMarker] : [hasMarker, more],
            pageUrl,
            query.limit,
          );
    return { [collection]: page.items, [`${collection}_links`]: page.links };
  });
}

/** A bad list parameter is a 400 naming it. */
function asBadRequest<R>(answer: () => R): R {
  const badRequest = (error: unknown) => {
    if (error instanceof ListQueryError) throw new BadRequestException(error.message);
    throw error;
  };
  try {
    const result = answer();
    return result instanceof Promise ? (result.catch(badRequest) as R) : result;
  } catch (error) {
    return badRequest(error);
  }
}

/** `pageUrl(change)`: this request's URL with some query parameters changed ("" removes one). */
function pageUrlOf(request: Request) {
  return (change: Record<string, string>) => {
    const url = new URL(request.originalUrl, `${request.protocol}://${request.get('host') ?? '127.0.0.1'}`);
    for (const [name, value] of Object.entries(change)) {
      if (value === '') url.searchParams.delete(name);
      else url.searchParams.set(name, value);
    }
    return url.toString();
  };
}
