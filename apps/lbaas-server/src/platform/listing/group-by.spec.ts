import { groupBy, idsByParent } from './group-by';

describe('groupBy / idsByParent', () => {
  const rows = [
    { id: 'm1', pool: 'p1' },
    { id: 'm2', pool: 'p2' },
    { id: 'm3', pool: 'p1' },
    { id: 'm4', pool: null },
  ];

  it('groups in the rows order and leaves out rows without a key', () => {
    expect(groupBy(rows, (r) => r.pool)).toEqual(
      new Map([
        ['p1', [rows[0], rows[2]]],
        ['p2', [rows[1]]],
      ]),
    );
    expect(idsByParent(rows, (r) => r.pool)).toEqual(
      new Map([
        ['p1', ['m1', 'm3']],
        ['p2', ['m2']],
      ]),
    );
  });
});
