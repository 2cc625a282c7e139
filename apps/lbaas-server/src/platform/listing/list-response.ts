import { BadRequestException } from '@nestjs/common';
import type { Request } from 'express';
import { applyListQuery, ListQueryError, parseListQuery, type RawQuery } from './list-query';

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
  try {
    const known = attributes ?? new Set(views.length > 0 ? Object.keys(views[0]) : Object.keys(query));
    const parsed = parseListQuery(query, known, maxLimit);
    const pageUrl = (change: Record<string, string>) => {
      const url = new URL(request.originalUrl, `${request.protocol}://${request.get('host') ?? '127.0.0.1'}`);
      for (const [name, value] of Object.entries(change)) {
        if (value === '') url.searchParams.delete(name);
        else url.searchParams.set(name, value);
      }
      return url.toString();
    };
    const page = applyListQuery(views, parsed, pageUrl, idKey);
    return { [collection]: page.items, [`${collection}_links`]: page.links };
  } catch (error) {
    if (error instanceof ListQueryError) throw new BadRequestException(error.message);
    throw error;
  }
}
