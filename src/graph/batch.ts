/**
 * DataLoader batch functions answer with one value per requested id, in the requested order.
 * These put rows from one statement back in that order.
 */

/** The row for each id, or null where there is none. */
export function oneForEach<Row, Value>(
  ids: readonly string[],
  rows: readonly Row[],
  keyOf: (row: Row) => string,
  valueFor: (row: Row) => Value,
): (Value | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), valueFor(row)]));
  return ids.map((id) => byKey.get(id) ?? null);
}

/** All rows of each id, in the order the statement returned them. */
export function allForEach<Row, Value>(
  ids: readonly string[],
  rows: readonly Row[],
  keyOf: (row: Row) => string,
  valueFor: (row: Row) => Value,
): Value[][] {
  const byKey = new Map<string, Value[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = byKey.get(key);
    if (group) group.push(valueFor(row));
    else byKey.set(key, [valueFor(row)]);
  }
  return ids.map((id) => byKey.get(id) ?? []);
}
