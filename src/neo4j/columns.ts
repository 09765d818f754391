/**
 * Many rows sent as one list per field. The driver packs a map's keys again for every row; as
 * columns each field name is packed once, which halves the time to send a document's 600 spans
 * (and Neo4j's time to unpack them).
 */
export type Columns<Row, Field extends keyof Row> = { [K in Field]: Row[K][] };

export function toColumns<Row, Field extends keyof Row & string>(
  rows: readonly Row[],
  fields: readonly Field[],
): Columns<Row, Field> {
  const columns = {} as Columns<Row, Field>;
  for (const field of fields) columns[field] = rows.map((row) => row[field]);
  return columns;
}

/**
 * Cypher: one `row` for each index of the columns in parameter `param`, a map of `fields`, as
 * `UNWIND $param AS row` gives for rows sent as maps; `keep` names variables bound before it that
 * the statement still needs. Fields and names are the caller's constants.
 */
export function unwindColumns(
  param: string,
  fields: readonly string[],
  keep: readonly string[] = [],
): string {
  const [first] = fields;
  if (first === undefined) throw new Error('unwindColumns needs at least one field');
  const entries = fields.map((field) => `${field}: $${param}.${field}[i]`).join(', ');
  const kept = keep.map((name) => `${name}, `).join('');
  return `UNWIND range(0, size($${param}.${first}) - 1) AS i WITH ${kept}{${entries}} AS row`;
}

type Missing<Row, Fields extends readonly PropertyKey[]> = Exclude<keyof Row, Fields[number]>;

/**
 * Every field of `Row`, for toColumns and unwindColumns: a field the list leaves out is a
 * compile error (naming it), rather than a property that silently arrives as null.
 */
export function fieldsOf<Row>() {
  return <const Fields extends readonly (keyof Row & string)[]>(
    fields: Fields &
      ([Missing<Row, Fields>] extends [never] ? unknown : { missing: Missing<Row, Fields> }),
  ): Fields => fields;
}
