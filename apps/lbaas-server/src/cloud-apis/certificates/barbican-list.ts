import type { RawQueryValue } from '../../platform/query-parameters/query-parameters';
import { QueryParameterError } from '../../platform/query-parameters/query-parameters';

/** Barbican's most items in one page. */
const MAX_LIMIT = 100;

function single(name: string, raw: RawQueryValue): string | undefined {
  if (Array.isArray(raw)) throw new QueryParameterError(`${name} may be given only once`);
  return raw;
}

function count(name: string, raw: RawQueryValue): number | undefined {
  const value = single(name, raw);
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value))
    throw new QueryParameterError(
      `Invalid input for query parameter ${name}: must be a non-negative integer`,
    );
  return Number(value);
}

export interface BarbicanPage<T> {
  items: T[];
  total: number;
  next?: string;
  previous?: string;
}

/**
 * Barbican's list parameters (pure): `name` selects by exact name, `offset` and `limit` (at most 100)
 * page, with `next`/`previous` hrefs; `total` counts what matched. Without `limit` every item is listed.
 */
export function barbicanPage<T extends { name: string }>(
  items: T[],
  query: Record<string, RawQueryValue>,
  pageUrl: (offset: number, limit: number) => string,
): BarbicanPage<T> {
  const name = single('name', query.name);
  const matching = name === undefined ? items : items.filter((item) => item.name === name);
  const offset = count('offset', query.offset) ?? 0;
  const requestedLimit = count('limit', query.limit);
  if (requestedLimit === undefined) return { items: matching.slice(offset), total: matching.length };
  const limit = Math.min(requestedLimit, MAX_LIMIT);
  const page: BarbicanPage<T> = { items: matching.slice(offset, offset + limit), total: matching.length };
  if (offset + limit < matching.length) page.next = pageUrl(offset + limit, limit);
  if (offset > 0) page.previous = pageUrl(Math.max(0, offset - limit), limit);
  return page;
}
