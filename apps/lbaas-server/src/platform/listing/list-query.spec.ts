import { applyListQuery, ListQueryError, parseListQuery, type RawQuery } from './list-query';

interface Item {
  id: string;
  name: string;
  admin_state_up: boolean;
  protocol_port: number;
  tags: string[];
  listeners: { id: string }[];
}

const ITEMS: Item[] = [
  {
    id: 'a',
    name: 'web',
    admin_state_up: true,
    protocol_port: 80,
    tags: ['x', 'y'],
    listeners: [{ id: 'l1' }],
  },
  { id: 'b', name: 'db', admin_state_up: false, protocol_port: 5432, tags: ['y'], listeners: [] },
  { id: 'c', name: 'web', admin_state_up: true, protocol_port: 443, tags: [], listeners: [{ id: 'l2' }] },
  { id: 'd', name: 'cache', admin_state_up: true, protocol_port: 11211, tags: ['x'], listeners: [] },
];
const ATTRIBUTES = new Set(Object.keys(ITEMS[0]));

function list(query: RawQuery) {
  const pageUrl = (change: Record<string, string>) =>
    `/things?${new URLSearchParams({ ...(query as Record<string, string>), ...change }).toString()}`;
  return applyListQuery(ITEMS, parseListQuery(query, ATTRIBUTES, 3), pageUrl);
}
const ids = (query: RawQuery) => list(query).items.map((item) => item.id);

describe('list filters', () => {
  it.each<[RawQuery, string[]]>([
    [{}, ['a', 'b', 'c', 'd']],
    [{ name: 'web' }, ['a', 'c']],
    [{ id: 'b' }, ['b']],
    [{ name: ['db', 'cache'] }, ['b', 'd']],
    [{ admin_state_up: 'False' }, ['b']],
    [{ protocol_port: '443' }, ['c']],
    [{ tags: ['x', 'y'] }, ['a']],
    [{ tags: 'x,y' }, ['a']],
    [{ 'tags-any': 'x,y' }, ['a', 'b', 'd']],
    [{ 'not-tags': 'x,y' }, ['b', 'c', 'd']],
    [{ 'not-tags-any': ['x', 'y'] }, ['c']],
    [{ tags: 'y', 'not-tags-any': 'x' }, ['b']],
    [{ listeners: 'l2' }, ['c']],
    [{ name: 'web', protocol_port: '80' }, ['a']],
    [{ name: 'nope' }, []],
  ])('%j selects %j', (query, expected) => {
    expect(ids(query)).toEqual(expected);
  });
});

describe('list sorting', () => {
  it.each<[RawQuery, string[]]>([
    [{ sort_key: 'protocol_port' }, ['a', 'c', 'b', 'd']],
    [{ sort_key: 'protocol_port', sort_dir: 'desc' }, ['d', 'b', 'c', 'a']],
    [{ sort: 'name:asc,protocol_port:desc' }, ['d', 'b', 'c', 'a']],
    [{ sort_key: ['name', 'protocol_port'], sort_dir: ['desc', 'asc'] }, ['a', 'c', 'b', 'd']],
  ])('%j orders %j', (query, expected) => {
    expect(ids(query)).toEqual(expected);
  });
});

describe('default order (Octavia): created_at, then id', () => {
  const dated = [
    { id: 'a', created_at: '2026-01-02T00:00:00Z', name: 'x' },
    { id: 'b', created_at: '2026-01-01T00:00:00Z', name: 'y' },
    { id: 'c', created_at: '2026-01-02T00:00:00Z', name: 'x' },
    { id: 'd', created_at: '2026-01-01T00:00:00Z', name: 'x' },
  ];
  const order = (query: RawQuery) =>
    applyListQuery(dated, parseListQuery(query, new Set(Object.keys(dated[0]))), () => '').items.map(
      (item) => item.id,
    );

  it('lists oldest first, ties by id, when no order is asked for', () => {
    expect(order({})).toEqual(['b', 'd', 'a', 'c']);
  });

  it('breaks the ties of a requested order by created_at, then id', () => {
    expect(order({ sort: 'name:asc' })).toEqual(['d', 'a', 'c', 'b']);
    expect(order({ sort_key: 'name,created_at', sort_dir: 'asc,desc' })).toEqual(['a', 'c', 'd', 'b']);
  });
});

describe('pagination', () => {
  it('pages by limit and marker, with next and previous links that reach every item once', () => {
    const first = list({ limit: '2' });
    expect(first.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(first.links).toEqual([{ rel: 'next', href: '/things?limit=2&marker=b&page_reverse=' }]);
    const second = list({ limit: '2', marker: 'b' });
    expect(second.items.map((i) => i.id)).toEqual(['c', 'd']);
    expect(second.links).toEqual([{ rel: 'previous', href: '/things?limit=2&marker=c&page_reverse=True' }]);
    expect(ids({ limit: '2', marker: 'c', page_reverse: 'True' })).toEqual(['a', 'b']);
  });

  it('ends with an empty page and no next link after the last item', () => {
    expect(list({ limit: '2', marker: 'd' })).toEqual({
      items: [],
      links: [],
    });
  });

  it('caps limit at the configured maximum and reads limit=0 as that maximum', () => {
    expect(ids({ limit: '100' })).toEqual(['a', 'b', 'c']);
    expect(ids({ limit: '0' })).toEqual(['a', 'b', 'c']);
  });
});

describe('fields', () => {
  it('returns only the requested attributes', () => {
    expect(list({ fields: ['id', 'name'], name: 'db' }).items).toEqual([{ id: 'b', name: 'db' }]);
    expect(list({ fields: 'id,protocol_port', id: 'c' }).items).toEqual([{ id: 'c', protocol_port: 443 }]);
  });
});

describe('bad list parameters', () => {
  it.each<[RawQuery, RegExp]>([
    [{ colour: 'red' }, /cannot filter on "colour"/],
    [{ fields: 'colour' }, /fields: "colour"/],
    [{ sort_key: 'colour' }, /cannot sort on "colour"/],
    [{ sort: 'name:sideways' }, /sort must be asc or desc/],
    [{ sort_dir: 'asc' }, /sort_dir needs a sort_key/],
    [{ limit: '-1' }, /limit must be a non-negative integer/],
    [{ limit: 'ten' }, /limit must be a non-negative integer/],
    [{ marker: 'zzz' }, /marker zzz is not an item/],
    [{ marker: ['a', 'b'] }, /marker may be given only once/],
  ])('%j is refused: %s', (query, message) => {
    expect(() => list(query)).toThrow(ListQueryError);
    expect(() => list(query)).toThrow(message);
  });
});
