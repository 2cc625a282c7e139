/**
 * List requests the way neutron and Octavia clients send them: `attr=value` filters (repeat = any of),
 * `fields=`, `sort_key`/`sort_dir` or `sort=key:dir,...`, `limit` + `marker` (+ `page_reverse`), with
 * `<collection>_links` for the next and previous pages. Pure: works on the API views of one collection.
 */

export type SortDirection = 'asc' | 'desc';

export interface SortKey {
  key: string;
  dir: SortDirection;
}

export interface ListQuery {
  /** attribute -> accepted values (any of them matches). */
  filters: Map<string, string[]>;
  /** Octavia's tag filters, each a comma-separated list (repeats add to it). */
  tags: TagFilters;
  fields?: string[];
  sort: SortKey[];
  limit?: number;
  marker?: string;
  pageReverse: boolean;
}

/** `tags` (has all), `tags-any` (has one), `not-tags` (lacks one), `not-tags-any` (has none). */
export interface TagFilters {
  all: string[];
  any: string[];
  notAll: string[];
  notAny: string[];
}

const TAG_PARAMETERS: Record<string, keyof TagFilters> = {
  tags: 'all',
  'tags-any': 'any',
  'not-tags': 'notAll',
  'not-tags-any': 'notAny',
};

export interface PageLink {
  rel: 'next' | 'previous';
  href: string;
}

export type RawQuery = Record<string, string | string[] | undefined>;

/** A bad list parameter: 400, naming the parameter and the rule. */
export class ListQueryError extends Error {}

const RESERVED = new Set(['fields', 'sort', 'sort_key', 'sort_dir', 'limit', 'marker', 'page_reverse']);

function valuesOf(raw: string | string[] | undefined): string[] {
  if (raw === undefined) return [];
  return Array.isArray(raw) ? raw : [raw];
}

function single(query: RawQuery, name: string): string | undefined {
  const values = valuesOf(query[name]);
  if (values.length > 1) throw new ListQueryError(`${name} may be given only once`);
  return values[0];
}

function parseDirection(value: string, parameter: string): SortDirection {
  const dir = value.toLowerCase();
  if (dir !== 'asc' && dir !== 'desc')
    throw new ListQueryError(`${parameter} must be asc or desc, got "${value}"`);
  return dir;
}

function parseSort(query: RawQuery, attributes: ReadonlySet<string>): SortKey[] {
  const sort: SortKey[] = [];
  const sortParam = valuesOf(query.sort).flatMap((value) => value.split(','));
  for (const item of sortParam.filter((s) => s !== '')) {
    const [key, dir = 'asc'] = item.split(':');
    sort.push({ key, dir: parseDirection(dir, 'sort') });
  }
  const keys = valuesOf(query.sort_key).flatMap((value) => value.split(','));
  const dirs = valuesOf(query.sort_dir).flatMap((value) => value.split(','));
  if (dirs.length > keys.length) throw new ListQueryError('sort_dir needs a sort_key for each direction');
  keys.forEach((key, index) => sort.push({ key, dir: parseDirection(dirs[index] ?? 'asc', 'sort_dir') }));
  for (const { key } of sort) {
    if (!attributes.has(key))
      throw new ListQueryError(`cannot sort on "${key}": not an attribute of this resource`);
  }
  return sort;
}

/** The requested order, then Octavia's default for what it leaves tied (where the collection has it). */
function withDefaultOrder(sort: SortKey[], attributes: ReadonlySet<string>): SortKey[] {
  const requested = new Set(sort.map(({ key }) => key));
  return [...sort, ...DEFAULT_ORDER.filter(({ key }) => attributes.has(key) && !requested.has(key))];
}

function parseLimit(query: RawQuery, maxLimit: number): number | undefined {
  const raw = single(query, 'limit');
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new ListQueryError(`limit must be a non-negative integer, got "${raw}"`);
  const limit = Number(raw);
  // 0 means "no limit" for neutron; Octavia caps at pagination_max_limit.
  return limit === 0 ? maxLimit : Math.min(limit, maxLimit);
}

/** Octavia's order when a list asks for none: oldest first (`created_at`), then `id`. */
export const DEFAULT_ORDER: readonly SortKey[] = [{ key: 'created_at', dir: 'asc' }];

export function parseListQuery(query: RawQuery, attributes: ReadonlySet<string>, maxLimit = 1000): ListQuery {
  const filters = new Map<string, string[]>();
  const tags: TagFilters = { all: [], any: [], notAll: [], notAny: [] };
  for (const [name, raw] of Object.entries(query)) {
    if (RESERVED.has(name) || raw === undefined) continue;
    if (name in TAG_PARAMETERS) {
      if (!attributes.has('tags'))
        throw new ListQueryError(`cannot filter on "${name}": this resource has no tags`);
      tags[TAG_PARAMETERS[name]].push(
        ...valuesOf(raw)
          .flatMap((value) => value.split(','))
          .filter((t) => t !== ''),
      );
      continue;
    }
    if (!attributes.has(name))
      throw new ListQueryError(`cannot filter on "${name}": not an attribute of this resource`);
    filters.set(name, valuesOf(raw));
  }
  const fields = valuesOf(query.fields)
    .flatMap((value) => value.split(','))
    .filter((f) => f !== '');
  for (const field of fields) {
    if (!attributes.has(field))
      throw new ListQueryError(`fields: "${field}" is not an attribute of this resource`);
  }
  const pageReverse = single(query, 'page_reverse');
  return {
    filters,
    tags,
    fields: fields.length > 0 ? fields : undefined,
    sort: withDefaultOrder(parseSort(query, attributes), attributes),
    limit: parseLimit(query, maxLimit),
    marker: single(query, 'marker'),
    pageReverse: pageReverse !== undefined && pageReverse.toLowerCase() === 'true',
  };
}

/** How a filter value compares with an attribute: text as is, booleans case-insensitively, lists by member. */
function matches(value: unknown, wanted: string[]): boolean {
  if (Array.isArray(value)) {
    // A list attribute other than tags (which have their own filters): every wanted value is in it.
    return wanted.every((w) => value.some((item) => matches(item, [w])));
  }
  if (value && typeof value === 'object') {
    // `listeners=<id>`-style filters on `[{id}]` references.
    return 'id' in value && matches(value.id, wanted);
  }
  if (typeof value === 'boolean') return wanted.some((w) => w.toLowerCase() === String(value));
  if (value === null || value === undefined)
    return wanted.some((w) => w === '' || w.toLowerCase() === 'null');
  return wanted.some((w) => w === scalarText(value));
}

/** Attribute values the views hold besides lists and references: strings and numbers. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function tagsMatch(value: unknown, { all, any, notAll, notAny }: TagFilters): boolean {
  const tags = new Set(Array.isArray(value) ? (value as unknown[]).map(String) : []);
  return (
    all.every((tag) => tags.has(tag)) &&
    (any.length === 0 || any.some((tag) => tags.has(tag))) &&
    (notAll.length === 0 || !notAll.every((tag) => tags.has(tag))) &&
    !notAny.some((tag) => tags.has(tag))
  );
}

/** One collator for every comparison: String.localeCompare builds its own each call (slow on long lists). */
const collator = new Intl.Collator();

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(scalarText(a), scalarText(b));
}

export interface ListPage<T> {
  items: Partial<T>[];
  links: PageLink[];
}

/**
 * Filters, sorts (Octavia's default order unless asked otherwise; always ending on the id, so pages are
 * stable), pages and projects a collection.
 * `pageUrl(params)` builds the href of another page from the query parameters to change.
 */
export function applyListQuery<T>(
  items: T[],
  query: ListQuery,
  pageUrl: (change: Record<string, string>) => string,
  /** The attribute that names an item (markers, and the last sort key); `project_id` for quotas. */
  idKey = 'id',
): ListPage<T> {
  const record = (item: T) => item as unknown as Record<string, unknown>;
  const idOf = (item: T) => String(record(item)[idKey]);
  const filtered = items.filter(
    (item) =>
      [...query.filters].every(([name, wanted]) => matches(record(item)[name], wanted)) &&
      tagsMatch(record(item).tags, query.tags),
  );
  const sortKeys: SortKey[] = [...query.sort, { key: idKey, dir: 'asc' }];
  const sorted = [...filtered].sort((a, b) => {
    for (const { key, dir } of sortKeys) {
      const order = compare(record(a)[key], record(b)[key]);
      if (order !== 0) return dir === 'asc' ? order : -order;
    }
    return 0;
  });

  if (query.limit === undefined && query.marker === undefined) return projectPage(sorted, query, [], pageUrl);
  const markerIndex =
    query.marker === undefined ? -1 : sorted.findIndex((item) => idOf(item) === query.marker);
  if (query.marker !== undefined && markerIndex < 0) {
    throw new ListQueryError(`marker ${query.marker} is not an item of this list`);
  }
  const limit = query.limit ?? sorted.length;
  let start: number;
  let end: number;
  if (query.pageReverse) {
    end = markerIndex < 0 ? sorted.length : markerIndex;
    start = Math.max(0, end - limit);
  } else {
    start = markerIndex + 1;
    end = Math.min(sorted.length, start + limit);
  }
  const page = sorted.slice(start, end);
  return projectPage(page, query, [start > 0, end < sorted.length], pageUrl, limit, idKey);
}

/**
 * A page as the API answers it: the links to the pages before and after it (if there are any and the
 * page is not empty), and only the asked-for `fields` of each item.
 */
export function projectPage<T>(
  page: T[],
  query: ListQuery,
  [hasPrevious, hasNext]: [boolean, boolean] | [],
  pageUrl: (change: Record<string, string>) => string,
  limit?: number,
  idKey = 'id',
): ListPage<T> {
  const record = (item: T) => item as unknown as Record<string, unknown>;
  const idOf = (item: T) => String(record(item)[idKey]);
  const links: PageLink[] = [];
  if (page.length > 0 && hasNext) {
    links.push({
      rel: 'next',
      href: pageUrl({ limit: String(limit), marker: idOf(page[page.length - 1]), page_reverse: '' }),
    });
  }
  if (page.length > 0 && hasPrevious) {
    links.push({
      rel: 'previous',
      href: pageUrl({ limit: String(limit), marker: idOf(page[0]), page_reverse: 'True' }),
    });
  }
  const projected = query.fields
    ? page.map(
        (item) =>
          Object.fromEntries(query.fields!.map((field) => [field, record(item)[field]])) as Partial<T>,
      )
    : page;
  return { items: projected, links };
}
