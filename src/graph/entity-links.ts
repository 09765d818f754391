import { RELATION_EDGE_TYPES } from './model.ts';

/**
 * One LINKED relationship per pair of entities that a role or a relation joins, from the lower
 * id to the higher, kept by the loader: `count` is how many roles and relations join them, in
 * every document, and `sample` names the first LINK_SAMPLE_SIZE of them in the order a
 * neighbourhood draws them. A neighbourhood chooses and draws from these, so its cost follows
 * the number of distinct neighbours, not the thousand documents that restate the same role.
 *
 * A sample entry is `rank TAB key TAB elementId`: the rank and key sort it (roles before
 * relations, relations by type, then by key); the element id finds the Role node or the relation
 * again in one seek. An entry leaves the sample in the transaction that deletes what it names,
 * so the id never outlives it.
 */
export const LINK_SAMPLE_SIZE = 50;

const SEPARATOR = '\t';

/** Roles, then each relation type in the vocabulary's order (as neighbourhoods prefer them). */
const LINK_RANKS: Readonly<Record<string, number>> = Object.fromEntries([
  ['HOLDS_ROLE', 1],
  ...Object.values(RELATION_EDGE_TYPES).map((type, index) => [type, index + 2]),
]);

const refOf = (rank: number | undefined, item: string) =>
  `'${rank}${SEPARATOR}' + ${item}.id + '${SEPARATOR}' + elementId(${item})`;

/**
 * Cypher: a CALL that gives every role and relation (each with an organisation or an object)
 * whose Role node or relationship passes `where` (of `item`), as `one`, `other` (the two
 * entities) and `ref` (its sample entry).
 */
export function linkEntries(where: (item: string) => string): string {
  const relations = Object.values(RELATION_EDGE_TYPES).map(
    (type) => `UNION ALL
     MATCH (one:Entity)-[r:${type}]->(other:Entity) WHERE ${where('r')}
     RETURN one, other, ${refOf(LINK_RANKS[type], 'r')} AS ref`,
  );
  return `CALL () {
     MATCH (one:Entity)-[:HOLDS_ROLE]->(role:Role)-[:AT]->(other:Entity) WHERE ${where('role')}
     RETURN one, other, ${refOf(LINK_RANKS.HOLDS_ROLE, 'role')} AS ref
     ${relations.join('\n     ')}
   }`;
}

/** Cypher, after linkEntries: its entries grouped by pair, as `low`, `high`, `key` and `refs`. */
export const BY_PAIR = `WITH CASE WHEN one.id <= other.id THEN one ELSE other END AS low,
          CASE WHEN one.id <= other.id THEN other ELSE one END AS high, ref
     WITH low, high, low.id + '${SEPARATOR}' + high.id AS key, collect(ref) AS refs`;

/** Cypher: every sample entry between entities `a` and `b`, as `ref`, in no order. */
export function refsBetween(a: string, b: string): string {
  const relations = Object.values(RELATION_EDGE_TYPES).map(
    (type) => `MATCH (${a})-[r:${type}]-(${b}) RETURN ${refOf(LINK_RANKS[type], 'r')} AS ref`,
  );
  return [
    `MATCH (${a})-[:HOLDS_ROLE]->(role:Role)-[:AT]->(${b}) RETURN ${refOf(LINK_RANKS.HOLDS_ROLE, 'role')} AS ref`,
    `MATCH (${b})-[:HOLDS_ROLE]->(role:Role)-[:AT]->(${a}) WHERE ${a} <> ${b}
     RETURN ${refOf(LINK_RANKS.HOLDS_ROLE, 'role')} AS ref`,
    ...relations,
  ].join('\n     UNION ALL\n     ');
}

/** Cypher: whether sample entry `ref` names a role (rather than a relation). */
export const isRoleRef = (ref: string) =>
  `split(${ref}, '${SEPARATOR}')[0] = '${LINK_RANKS.HOLDS_ROLE}'`;

/** Cypher: the element id in sample entry `ref`. */
export const elementIdOfRef = (ref: string) => `split(${ref}, '${SEPARATOR}')[2]`;
