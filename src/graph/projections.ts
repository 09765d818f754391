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

export function entityProjection(e: string): string {
  return `${e} { .id, .type, .name, .named, .scope, .aliases, .description,
    mentionCount: coalesce(${e}.mentionCount, 0), documentIds: coalesce(${e}.documentIds, []) }`;
}

/** A span's context (prefix, suffix) and its region are stored at load time: reading costs no hop. */
export function spanProjection(s: string): string {
  return `${s} { .id, .documentId, .start, .end, .exact, .prefix, .suffix, .line, .regionKind, .regionId }`;
}

export function claimProjection(c: string): string {
  return `${c} { .id, .key, .documentId, .type, .proposition, .sourceKind,
    position: coalesce(${c}.position, 0) }`;
}

export function roleProjection(role: string, names: CypherNames): string {
  const holder = names.variable('holder');
  const org = names.variable('org');
  const evidence = names.variable('ev');
  const span = names.variable('span');
  return `${role} { .id, .title, .time,
    holderId: head([(${holder}:Entity)-[:HOLDS_ROLE]->(${role}) | ${holder}.id]),
    organizationId: head([(${role})-[:AT]->(${org}) | ${org}.id]),
    evidenceSpanIds: COLLECT { MATCH (${role})-[${evidence}:EVIDENCED_BY]->(${span})
      RETURN ${span}.id AS ${names.variable('id')} ORDER BY ${evidence}.ordinal } }`;
}

/** A speaker, reporter or intermediary as a reference: an entity or a reader comment. */
function sourceRef(source: string): string {
  return `{ kind: CASE WHEN ${source}:Comment THEN 'comment' ELSE 'entity' END, id: ${source}.id }`;
}

export function attributionProjection(a: string, claim: string, names: CypherNames): string {
  const speaker = names.variable('speaker');
  const reporter = names.variable('reporter');
  const via = names.variable('via');
  const viaEdge = names.variable('viaEdge');
  const cue = names.variable('cue');
  const hedge = names.variable('hedge');
  const hedgeEdge = names.variable('hedgeEdge');
  const evidence = names.variable('evidence');
  const evidenceEdge = names.variable('evidenceEdge');
  return `${a} { .id, .ordinal, .mode, .cue, .certainty, .polarity, claimId: ${claim}.id,
    speaker: head([(${a})-[:SPEAKER]->(${speaker}) | ${sourceRef(speaker)}]),
    reporter: head([(${a})-[:REPORTER]->(${reporter}) | ${sourceRef(reporter)}]),
    via: COLLECT { MATCH (${a})-[${viaEdge}:VIA]->(${via})
      RETURN ${sourceRef(via)} AS ${names.variable('source')} ORDER BY ${viaEdge}.ordinal },
    cueSpanId: head([(${a})-[:CUED_BY]->(${cue}) | ${cue}.id]),
    hedgeSpanIds: COLLECT { MATCH (${a})-[${hedgeEdge}:HEDGED_BY]->(${hedge})
      RETURN ${hedge}.id AS ${names.variable('id')} ORDER BY ${hedgeEdge}.ordinal },
    evidenceSpanIds: COLLECT { MATCH (${a})-[${evidenceEdge}:EVIDENCED_BY]->(${evidence})
      RETURN ${evidence}.id AS ${names.variable('id')} ORDER BY ${evidenceEdge}.ordinal } }`;
}

export function quantityProjection(q: string, claim: string, names: CypherNames): string {
  const span = names.variable('span');
  return `${q} { .id, .ordinal, .amount, .lower, .upper, .unit, .period, .approximate, .measure,
    claimId: ${claim}.id, spanId: head([(${q})-[:STATED_AT]->(${span}) | ${span}.id]) }`;
}

/** A stance edge between two claims, as a row. */
export function stanceProjection(r: string): string {
  return `{ id: ${r}.id, type: ${r}.type, basis: ${r}.basis, fromId: startNode(${r}).id,
    toId: endNode(${r}).id, evidenceSpanIds: coalesce(${r}.evidenceSpanIds, []) }`;
}

export function commentProjection(k: string, names: CypherNames): string {
  const text = names.variable('text');
  const label = names.variable('label');
  return `${k} { .id, .documentId, .number,
    textSpanId: head([(${k})-[:TEXT_AT]->(${text}) | ${text}.id]),
    labelSpanId: head([(${k})-[:LABELLED_AT]->(${label}) | ${label}.id]) }`;
}

/** The stance relationship types, for patterns over all of them. */
export const STANCE_TYPES = 'SUPPORTS|DISPUTES|DENIES|QUALIFIES';
