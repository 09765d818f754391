import { RELATION_EDGE_TYPES } from './model.ts';

/**
 * One LINKED relationship per pair of entities that a role or a relation joins, from the lower
 * id to the higher, kept by the loader: `count` is how many roles and relations join them, in
 * every document, and `sample` names the first LINK_SAMPLE_SIZE of them in the order a
 * neighbourhood draws them. A neighbourhood chooses and draws from these, so its cost follows
 * the number of distinct neighbours, not the thousand documents that restate the same role.
 *
 * A sample entry is `rank TAB key TAB type TAB documentId`: the rank and key sort it (roles
 * before relations, then by key), the type and document find the role or relation again through
 * an index.
 */
export const LINK_SAMPLE_SIZE = 50;

const SEPARATOR = '\t';

export const ROLE_LINK_TYPE = 'HOLDS_ROLE';

/** Roles, then each relation type in the vocabulary's order (as neighbourhoods prefer them). */
export const LINK_RANKS: Readonly<Record<string, number>> = Object.fromEntries([
  [ROLE_LINK_TYPE, 1],
  ...Object.values(RELATION_EDGE_TYPES).map((type, index) => [type, index + 2]),
]);

export function linkRef(type: string, key: string, documentId: string): string {
  const rank = LINK_RANKS[type];
  if (rank === undefined) throw new Error(`no link rank for ${type}`);
  return [rank, key, type, documentId].join(SEPARATOR);
}

/** The pair's key and its two ends in the order LINKED runs. */
export function linkPair(
  oneId: string,
  otherId: string,
): { key: string; low: string; high: string } {
  const [low, high] = oneId <= otherId ? [oneId, otherId] : [otherId, oneId];
  return { key: `${low}${SEPARATOR}${high}`, low, high };
}

export interface LinkRow {
  key: string;
  low: string;
  high: string;
  refs: string[];
}

export interface LinkEntry {
  one: string;
  other: string;
  ref: string;
}

/** Entries grouped by the pair they join, one row per pair. */
export function groupLinks(entries: readonly LinkEntry[]): LinkRow[] {
  const pairs = new Map<string, LinkRow>();
  for (const { one, other, ref } of entries) {
    const pair = linkPair(one, other);
    const row = pairs.get(pair.key) ?? { ...pair, refs: [] };
    row.refs.push(ref);
    pairs.set(pair.key, row);
  }
  return [...pairs.values()];
}

/** The links a document's roles and relations make, one row per pair. */
export function documentLinks(
  documentId: string,
  roles: readonly { id: string; holderId: string; organizationId: string | null }[],
  relations: readonly { id: string; edgeType: string; subjectId: string; objectId: string }[],
): LinkRow[] {
  return groupLinks([
    ...roles.flatMap((role) =>
      role.organizationId === null
        ? []
        : [
            {
              one: role.holderId,
              other: role.organizationId,
              ref: linkRef(ROLE_LINK_TYPE, role.id, documentId),
            },
          ],
    ),
    ...relations.map((relation) => ({
      one: relation.subjectId,
      other: relation.objectId,
      ref: linkRef(relation.edgeType, relation.id, documentId),
    })),
  ]);
}

/** Cypher: the sample entry of role `role` (as linkRef writes it). */
export const roleRefCypher = (role: string) =>
  `'${LINK_RANKS[ROLE_LINK_TYPE]}${SEPARATOR}' + ${role}.id + '${SEPARATOR}${ROLE_LINK_TYPE}${SEPARATOR}' + ${role}.documentId`;

/** Cypher: the sample entry of relation `r` of type `type` (as linkRef writes it). */
export const relationRefCypher = (type: string, r: string) =>
  `'${LINK_RANKS[type]}${SEPARATOR}' + ${r}.id + '${SEPARATOR}${type}${SEPARATOR}' + ${r}.documentId`;

/** Cypher: every link entry between entities `a` and `b`, as `ref`, in no order. */
export function refsBetween(a: string, b: string): string {
  const relations = Object.values(RELATION_EDGE_TYPES).map(
    (type) => `MATCH (${a})-[r:${type}]-(${b}) RETURN ${relationRefCypher(type, 'r')} AS ref`,
  );
  return [
    `MATCH (${a})-[:HOLDS_ROLE]->(role:Role)-[:AT]->(${b}) RETURN ${roleRefCypher('role')} AS ref`,
    `MATCH (${b})-[:HOLDS_ROLE]->(role:Role)-[:AT]->(${a}) WHERE ${a} <> ${b}
     RETURN ${roleRefCypher('role')} AS ref`,
    ...relations,
  ].join('\n     UNION ALL\n     ');
}

/** Cypher: the parts of a sample entry `ref`, as a map { rank, key, type, documentId }. */
export const refParts = (ref: string) =>
  `{ key: split(${ref}, '${SEPARATOR}')[1], type: split(${ref}, '${SEPARATOR}')[2],
     documentId: split(${ref}, '${SEPARATOR}')[3] }`;
