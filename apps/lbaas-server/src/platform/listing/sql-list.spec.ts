import { parseListQuery } from './list-query';
import { column, type ListColumns, planSqlList } from './sql-list';

const COLUMNS: ListColumns = {
  id: column('uuid', 'id'),
  name: column('text', 'name'),
  weight: column('integer', 'weight'),
  backup: column('boolean', 'backup'),
  subnet_id: column('uuid', 'subnet_id'),
  tags: column('tags', 'tags'),
  created_at: column('timestamp', 'created_at'),
};
const ATTRIBUTES = new Set([...Object.keys(COLUMNS), 'listeners']);
const ID = 'abcdef01-2222-4333-8444-555555555555';

function plan(query: Record<string, string | string[]>) {
  return planSqlList(parseListQuery(query, ATTRIBUTES), 'things', COLUMNS);
}

describe('planSqlList', () => {
  it("orders as the views do: the default order, then the id; text in ICU's order; seconds", () => {
    expect(plan({})!.order).toEqual([
      {
        expression: "date_trunc('second', r.created_at AT TIME ZONE 'UTC')",
        direction: 'ASC',
        nulls: 'NULLS FIRST',
      },
      { expression: 'r.id', direction: 'ASC', nulls: 'NULLS FIRST' },
    ]);
    expect(
      plan({ sort: 'name:desc,id:desc' })!.order.map((o) => `${o.expression} ${o.direction} ${o.nulls}`),
    ).toEqual([
      'r.name COLLATE "und-x-icu" DESC NULLS LAST',
      // The id once, as asked: a second entry could not order anything.
      'r.id DESC NULLS LAST',
      "date_trunc('second', r.created_at AT TIME ZONE 'UTC') ASC NULLS FIRST",
    ]);
  });

  it('reads the rows before the marker nearest first for page_reverse, one more than the page', () => {
    const reverse = plan({ sort: 'weight', limit: '10', marker: ID, page_reverse: 'True' })!;
    expect(reverse.order.map((o) => o.direction)).toEqual(['DESC', 'DESC', 'DESC']);
    expect(reverse.take).toBe(11);
    expect(reverse.afterMarker).toContain('FROM things m WHERE m.id = :list_0');
    expect(reverse.parameters).toEqual({ list_0: ID });
  });

  it('filters as the views match: any of the values, typed; "" and "null" for a missing value', () => {
    const filtered = plan({
      name: ['a', 'null'],
      weight: ['5', '05', 'x'],
      backup: ['TRUE', 'maybe'],
      subnet_id: [ID.toUpperCase(), ''],
    })!;
    expect(filtered.filters).toEqual([
      '(r.name IN (:list_0, :list_1) OR r.name IS NULL)',
      '(r.weight IN (:list_2))',
      '(r.backup = true)',
      '(r.subnet_id IS NULL)',
    ]);
    expect(filtered.parameters).toEqual({ list_0: 'a', list_1: 'null', list_2: 5 });
    expect(plan({ weight: 'heavy' })!.filters).toEqual(['FALSE']);
    // What no row can hold never reaches SQL: beyond PostgreSQL's integer, "-0", a NUL in text.
    expect(plan({ weight: ['2147483648', '-2147483649', '-0'] })!.filters).toEqual(['FALSE']);
    expect(plan({ weight: ['2147483647', '-2147483648'] })!.parameters).toEqual({
      list_0: 2147483647,
      list_1: -2147483648,
    });
    expect(plan({ name: 'a\u0000' })!.filters).toEqual(['FALSE']);
  });

  it('treats a tag with a NUL as on no row', () => {
    expect(plan({ tags: 'a,b\u0000' })!.filters).toEqual(['FALSE']);
    expect(plan({ 'tags-any': 'b\u0000' })!.filters).toEqual(['FALSE']);
    expect(plan({ 'not-tags': 'a,b\u0000', 'not-tags-any': 'b\u0000' })!.filters).toEqual([]);
  });

  it("filters Octavia's tags on the JSON array", () => {
    expect(plan({ tags: 'a,b', 'not-tags-any': 'c' })!.filters).toEqual([
      'jsonb_exists_all(r.tags, ARRAY[:list_0, :list_1]::text[])',
      'NOT jsonb_exists_any(r.tags, ARRAY[:list_2]::text[])',
    ]);
  });

  it('leaves to the views what is not a plain column, and a marker without a limit', () => {
    expect(plan({ listeners: ID })).toBeUndefined();
    expect(plan({ sort: 'tags' })).toBeUndefined();
    expect(plan({ created_at: '2026-01-01T00:00:00Z' })).toBeUndefined();
    expect(plan({ marker: ID })).toBeUndefined();
  });
});
