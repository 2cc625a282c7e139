import type { ListQuery, SortKey } from './list-query';

/**
 * A list query turned into SQL, so that the database filters, sorts and pages and only the page's rows are
 * read. Pure: it writes SQL text and parameters from the query and a map of the collection's columns. The
 * answers must be those of `applyListQuery` on the same views, so every rule below mirrors one of its rules.
 */

/** How an API attribute is stored, which decides how it is compared. */
export type ColumnKind = 'text' | 'uuid' | 'boolean' | 'integer' | 'timestamp' | 'tags';

/** `alias` is the table's alias in the query: the same column is read for the listed row and the marker. */
export type ColumnExpression = (alias: string) => string;

export type ListColumns = Readonly<Record<string, { kind: ColumnKind; sql: ColumnExpression }>>;

/** The alias of the listed rows; the marker row is read under its own alias. */
export const ROW = 'r';
const MARKER = 'm';

export interface SqlOrder {
  expression: string;
  direction: 'ASC' | 'DESC';
  nulls: 'NULLS FIRST' | 'NULLS LAST';
}

export interface SqlList {
  /** Conditions on `r` (AND-ed), filters and tags only: also what the marker row must meet. */
  filters: string[];
  /** The condition for rows after (or, with page_reverse, before) the marker, when there is one. */
  afterMarker?: string;
  parameters: Record<string, unknown>;
  order: SqlOrder[];
  /** Rows to read: one more than the page, to know whether another page follows. */
  take?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INTEGER = /^(0|-?[1-9]\d{0,9})$/;
/** The range of PostgreSQL's `integer`: a value beyond it is stored in no row (and must not reach SQL). */
const INT4 = 2 ** 31;
/** PostgreSQL text holds no NUL: a value with one is stored in no row (and must not reach SQL). */
const storable = (value: string) => !value.includes('\0');
/**
 * The views sort text with `Intl.Collator` (ICU's root order); PostgreSQL's ICU root collation is the same
 * order, whatever the database's own collation is.
 */
const ICU_ROOT = 'COLLATE "und-x-icu"';

/** A UUID as the API writes it: what the views compare filter values and markers with. */
export function isApiUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * The expression the views sort an attribute by: text in ICU order; timestamps at the second, as the API
 * shows them (rows of the same second then follow their ids, as in the views).
 */
function sortExpression(kind: ColumnKind, column: string): string {
  if (kind === 'text') return `${column} ${ICU_ROOT}`;
  if (kind === 'timestamp') return `date_trunc('second', ${column} AT TIME ZONE 'UTC')`;
  return column;
}

/**
 * The SQL of a list query, or undefined when a filter or sort key is not a plain column (a reference list,
 * a computed attribute, a timestamp filter): those lists are built from the views, as before.
 */
export function planSqlList(
  query: ListQuery,
  table: string,
  columns: ListColumns,
  idKey = 'id',
): SqlList | undefined {
  // Without a limit the views' page links carry the list's length: those few lists stay with the views.
  if (!columns[idKey] || (query.marker !== undefined && query.limit === undefined)) return undefined;
  const parameters: Record<string, unknown> = {};
  const parameter = (value: unknown) => {
    const name = `list_${Object.keys(parameters).length}`;
    parameters[name] = value;
    return `:${name}`;
  };
  const filters: string[] = [];
  for (const [name, wanted] of query.filters) {
    const column = columns[name];
    if (!column || column.kind === 'timestamp' || column.kind === 'tags') return undefined;
    filters.push(filterCondition(column.kind, column.sql(ROW), wanted, parameter));
  }
  const anyTags = query.tags.all.length + query.tags.any.length + query.tags.notAll.length;
  if (anyTags + query.tags.notAny.length > 0) {
    if (columns.tags?.kind !== 'tags') return undefined;
    filters.push(...tagConditions(query.tags, columns.tags.sql(ROW), parameter));
  }

  const wanted: SortKey[] = [...query.sort, { key: idKey, dir: 'asc' }];
  if (wanted.some(({ key }) => !columns[key] || columns[key].kind === 'tags')) return undefined;
  // A column sorted on once already cannot order rows again (and ORDER BY keeps one entry per expression).
  const keys = wanted.filter(
    ({ key }, index) =>
      wanted.findIndex((other) => columns[other.key].sql(ROW) === columns[key].sql(ROW)) === index,
  );
  // page_reverse reads the rows before the marker nearest first, then turns the page around.
  const reverse = query.pageReverse;
  const order = keys.map(({ key, dir }): SqlOrder => {
    const ascending = (dir === 'asc') !== reverse;
    return {
      expression: sortExpression(columns[key].kind, columns[key].sql(ROW)),
      direction: ascending ? 'ASC' : 'DESC',
      // The views put a missing value first in ascending order.
      nulls: ascending ? 'NULLS FIRST' : 'NULLS LAST',
    };
  });

  let afterMarker: string | undefined;
  if (query.marker !== undefined) {
    const marker = parameter(query.marker);
    const markerRow = (expression: string) =>
      `(SELECT ${expression} FROM ${table} ${MARKER} WHERE ${columns[idKey].sql(MARKER)} = ${marker})`;
    afterMarker = keysetCondition(
      keys.map(({ key }, index) => {
        const { kind, sql } = columns[key];
        return {
          row: order[index].expression,
          marker: markerRow(sortExpression(kind, sql(MARKER))),
          ascending: order[index].direction === 'ASC',
        };
      }),
    );
  }
  const take = query.limit !== undefined ? query.limit + 1 : undefined;
  return { filters, afterMarker, parameters, order, take };
}

/** A filter as the views apply it: any of the values; a missing value matches "" and "null". */
function filterCondition(
  kind: ColumnKind,
  column: string,
  wanted: string[],
  parameter: (value: unknown) => string,
): string {
  const alternatives: string[] = [];
  if (kind === 'boolean') {
    for (const value of [true, false]) {
      if (wanted.some((w) => w.toLowerCase() === String(value))) alternatives.push(`${column} = ${value}`);
    }
  } else {
    // Values that cannot be stored in the column can match no row (and must not reach a typed comparison).
    const comparable = wanted.filter((w) =>
      kind === 'uuid'
        ? UUID.test(w)
        : kind === 'integer'
          ? INTEGER.test(w) && Math.abs(Number(w) + 0.5) < INT4
          : storable(w),
    );
    if (comparable.length > 0) {
      const values = kind === 'integer' ? comparable.map(Number) : comparable;
      alternatives.push(`${column} IN (${values.map((value) => parameter(value)).join(', ')})`);
    }
  }
  if (wanted.some((w) => w === '' || w.toLowerCase() === 'null')) alternatives.push(`${column} IS NULL`);
  return alternatives.length === 0 ? 'FALSE' : `(${alternatives.join(' OR ')})`;
}

/** Octavia's tag filters on a JSON array of strings. */
function tagConditions(
  tags: ListQuery['tags'],
  column: string,
  parameter: (value: unknown) => string,
): string[] {
  const array = (values: string[]) => `ARRAY[${values.map((v) => parameter(v)).join(', ')}]::text[]`;
  // A tag that cannot be stored is on no row: "has all" fails, "lacks one of all" holds, the others skip it.
  const any = tags.any.filter(storable);
  const notAny = tags.notAny.filter(storable);
  const conditions: string[] = [];
  if (!tags.all.every(storable)) conditions.push('FALSE');
  else if (tags.all.length > 0) conditions.push(`jsonb_exists_all(${column}, ${array(tags.all)})`);
  if (tags.any.length > 0)
    conditions.push(any.length > 0 ? `jsonb_exists_any(${column}, ${array(any)})` : 'FALSE');
  if (tags.notAll.length > 0 && tags.notAll.every(storable))
    conditions.push(`NOT jsonb_exists_all(${column}, ${array(tags.notAll)})`);
  if (notAny.length > 0) conditions.push(`NOT jsonb_exists_any(${column}, ${array(notAny)})`);
  return conditions;
}

/**
 * Rows strictly after the marker in the page's order, key by key: further on this key, or level on it
 * and further on the next. Missing values come first in ascending order (and so last in descending).
 */
function keysetCondition(keys: { row: string; marker: string; ascending: boolean }[]): string {
  const [{ row, marker, ascending }, ...rest] = keys;
  const further = ascending
    ? `((${marker}) IS NULL AND ${row} IS NOT NULL OR ${row} > ${marker})`
    : `((${marker}) IS NOT NULL AND ${row} IS NULL OR ${row} < ${marker})`;
  if (rest.length === 0) return further;
  return `(${further} OR ${row} IS NOT DISTINCT FROM ${marker} AND ${keysetCondition(rest)})`;
}

/** An attribute stored in a column of the listed table. */
export function column(kind: ColumnKind, name: string): ListColumns[string] {
  return { kind, sql: (alias) => `${alias}.${name}` };
}
