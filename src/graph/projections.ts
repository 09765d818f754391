/**
 * How each kind of row is read from Neo4j, as Cypher map projections of a variable. The batch
 * statements of the stores and the nested statements of fetch-tree.ts share them, so a row has
 * one shape whichever way it was read (the shapes are checked in rows.ts).
 */

/**
 * Fresh variable and parameter names for one statement. Nested subqueries see the variables of
 * the scopes around them, so a subquery that reused a name would silently join on it.
 */
export class CypherNames {
  private next = 0;
  readonly params: Record<string, unknown> = {};

  variable(base: string): string {
    const name = `${base}_${this.next}`;
    this.next += 1;
    return name;
  }

  /** Binds `value` to a new parameter and returns the parameter's name, without `$`. */
  param(base: string, value: unknown): string {
    const name = this.variable(base);
    this.params[name] = value;
    return name;
  }
}

/**
 * A row's columns in order, each with the Cypher expression that reads it. A store reads a row as
 * a map (`asMap`); a fetch tree reads it as a list (`asList`) and names the values back in JS
 * (`fromList`): the driver decodes a map key by key with Object.defineProperty, which, for
 * thousands of small rows, costs more than everything else it does.
 */
export type Columns<Name extends string = string> = Readonly<Record<Name, string>>;

export function asMap(columns: Columns): string {
  return `{ ${Object.entries(columns)
    .map(([name, expression]) => `${name}: ${expression}`)
    .join(', ')} }`;
}

export function asList<Name extends string>(
  columns: Columns<Name>,
  names: readonly Name[],
): string {
  return `[${names.map((name) => columns[name]).join(', ')}]`;
}

/** The object a list projection read: the values under the names `asList` was given. */
export function fromList(
  names: readonly string[],
  values: readonly unknown[],
): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let index = 0; index < names.length; index += 1) row[names[index] as string] = values[index];
  return row;
}

const columnNames = <Name extends string>(columns: Columns<Name>) => Object.keys(columns) as Name[];

// Not the documents an entity is in: a list as long as the corpus for the entities that matter,
// read by filters in Cypher only.
export function entityColumns(e: string) {
  return {
    id: `${e}.id`,
    type: `${e}.type`,
    name: `${e}.name`,
    named: `${e}.named`,
    scope: `${e}.scope`,
    aliases: `${e}.aliases`,
    description: `${e}.description`,
    mentionCount: `coalesce(${e}.mentionCount, 0)`,
    version: `coalesce(${e}.version, 1)`,
  } satisfies Columns;
}
export type EntityColumn = keyof ReturnType<typeof entityColumns>;
export const ENTITY_COLUMNS = columnNames(entityColumns('e'));

export function entityProjection(e: string): string {
  return asMap(entityColumns(e));
}

/** A span's context (prefix, suffix) and its region are stored at load time: reading costs no hop. */
export function spanColumns(s: string) {
  return {
    id: `${s}.id`,
    documentId: `${s}.documentId`,
    start: `${s}.start`,
    end: `${s}.end`,
    exact: `${s}.exact`,
    prefix: `${s}.prefix`,
    suffix: `${s}.suffix`,
    line: `${s}.line`,
    regionKind: `${s}.regionKind`,
    regionId: `${s}.regionId`,
  } satisfies Columns;
}
export type SpanColumn = keyof ReturnType<typeof spanColumns>;
export const SPAN_COLUMNS = columnNames(spanColumns('s'));

export function spanProjection(s: string): string {
  return asMap(spanColumns(s));
}

export function claimColumns(c: string) {
  return {
    id: `${c}.id`,
    key: `${c}.key`,
    documentId: `${c}.documentId`,
    type: `${c}.type`,
    proposition: `${c}.proposition`,
    sourceKind: `${c}.sourceKind`,
    position: `coalesce(${c}.position, 0)`,
  } satisfies Columns;
}
export const CLAIM_COLUMNS = columnNames(claimColumns('c'));

export function claimProjection(c: string): string {
  return asMap(claimColumns(c));
}

export function roleColumns(role: string, names: CypherNames) {
  const holder = names.variable('holder');
  const org = names.variable('org');
  return {
    id: `${role}.id`,
    title: `${role}.title`,
    time: `${role}.time`,
    holderId: `head([(${holder}:Entity)-[:HOLDS_ROLE]->(${role}) | ${holder}.id])`,
    organizationId: `head([(${role})-[:AT]->(${org}) | ${org}.id])`,
    evidenceSpanIds: `coalesce(${role}.evidenceSpanIds, [])`,
  } satisfies Columns;
}
export const ROLE_COLUMNS = columnNames(roleColumns('r', new CypherNames()));

export function roleProjection(role: string, names: CypherNames): string {
  return asMap(roleColumns(role, names));
}

/** A speaker, reporter or intermediary as a reference: an entity or a reader comment. */
function sourceRef(source: string): string {
  return `{ kind: CASE WHEN ${source}:Comment THEN 'comment' ELSE 'entity' END, id: ${source}.id }`;
}

export function attributionColumns(a: string, claim: string, names: CypherNames) {
  const speaker = names.variable('speaker');
  const reporter = names.variable('reporter');
  const via = names.variable('via');
  const viaEdge = names.variable('viaEdge');
  return {
    id: `${a}.id`,
    ordinal: `${a}.ordinal`,
    mode: `${a}.mode`,
    cue: `${a}.cue`,
    certainty: `${a}.certainty`,
    polarity: `${a}.polarity`,
    claimId: `${claim}.id`,
    speaker: `head([(${a})-[:SPEAKER]->(${speaker}) | ${sourceRef(speaker)}])`,
    reporter: `head([(${a})-[:REPORTER]->(${reporter}) | ${sourceRef(reporter)}])`,
    via: `COLLECT { MATCH (${a})-[${viaEdge}:VIA]->(${via})
      RETURN ${sourceRef(via)} AS ${names.variable('source')} ORDER BY ${viaEdge}.ordinal }`,
    cueSpanId: `${a}.cueSpanId`,
    hedgeSpanIds: `coalesce(${a}.hedgeSpanIds, [])`,
    evidenceSpanIds: `coalesce(${a}.evidenceSpanIds, [])`,
  } satisfies Columns;
}
export const ATTRIBUTION_COLUMNS = columnNames(attributionColumns('a', 'c', new CypherNames()));

export function attributionProjection(a: string, claim: string, names: CypherNames): string {
  return asMap(attributionColumns(a, claim, names));
}

export function quantityColumns(q: string, claim: string) {
  return {
    id: `${q}.id`,
    ordinal: `${q}.ordinal`,
    amount: `${q}.amount`,
    lower: `${q}.lower`,
    upper: `${q}.upper`,
    unit: `${q}.unit`,
    period: `${q}.period`,
    approximate: `${q}.approximate`,
    measure: `${q}.measure`,
    claimId: `${claim}.id`,
    spanId: `${q}.spanId`,
  } satisfies Columns;
}
export const QUANTITY_COLUMNS = columnNames(quantityColumns('q', 'c'));

export function quantityProjection(q: string, claim: string): string {
  return asMap(quantityColumns(q, claim));
}

/** A stance edge between two claims, as a row. */
export function stanceColumns(r: string) {
  return {
    id: `${r}.id`,
    type: `${r}.type`,
    basis: `${r}.basis`,
    fromId: `startNode(${r}).id`,
    toId: `endNode(${r}).id`,
    evidenceSpanIds: `coalesce(${r}.evidenceSpanIds, [])`,
  } satisfies Columns;
}
export const STANCE_COLUMNS = columnNames(stanceColumns('r'));

export function stanceProjection(r: string): string {
  return asMap(stanceColumns(r));
}

export function commentColumns(k: string) {
  return {
    id: `${k}.id`,
    documentId: `${k}.documentId`,
    number: `${k}.number`,
    textSpanId: `${k}.textSpanId`,
    labelSpanId: `${k}.labelSpanId`,
  } satisfies Columns;
}
export const COMMENT_COLUMNS = columnNames(commentColumns('k'));

export function commentProjection(k: string): string {
  return asMap(commentColumns(k));
}

/** The stance relationship types, for patterns over all of them. */
export const STANCE_TYPES = 'SUPPORTS|DISPUTES|DENIES|QUALIFIES';
