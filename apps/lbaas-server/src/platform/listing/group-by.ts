/**
 * `rows` by the key each names (rows without one are left out), in the rows' order: one pass, so that
 * building the views of a long list stays linear in its length.
 */
export function groupBy<T>(rows: T[], keyOf: (row: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** The ids of `rows` by parent: what a view lists as its children. */
export function idsByParent<T extends { id: string }>(
  rows: T[],
  parentOf: (row: T) => string | null,
): Map<string, string[]> {
  return new Map([...groupBy(rows, parentOf)].map(([parent, group]) => [parent, group.map((row) => row.id)]));
}
