import neo4j from 'neo4j-driver';
import { z } from 'zod';
import { defineQuery, type GraphDatabase } from '../neo4j/database.ts';
import { elementIdOfRef, isRoleRef } from './entity-links.ts';
import { RELATION_EDGE_TYPES, STANCE_EDGE_TYPES } from './model.ts';

/**
 * The logical graph that neighbourhoods and paths walk: entities and claims are its nodes; its
 * edges are entity relations, roles (holder to organisation, through the Role node), SAID (speaker
 * to claim, through the Attribution node), ABOUT (claim to entity) and stances between claims.
 */

const graphNodeRow = z.object({
  id: z.string(),
  claim: z.boolean(),
  type: z.string(),
  label: z.string(),
  weight: z.number().int(),
});
export type GraphNodeRow = z.infer<typeof graphNodeRow>;

const graphEdgeRow = z.object({
  key: z.string(),
  type: z.string(),
  label: z.string().nullable(),
  sourceId: z.string(),
  targetId: z.string(),
  evidenceSpanIds: z.array(z.string()),
});
export type GraphEdgeRow = z.infer<typeof graphEdgeRow>;

const NODE = (x: string) =>
  `{ id: ${x}.id, claim: ${x}:Claim, type: ${x}.type, label: coalesce(${x}.name, ${x}.proposition),
     weight: coalesce(${x}.mentionCount, 0) }`;

const RELATION_TYPES = Object.values(RELATION_EDGE_TYPES).join('|');
const STANCE_TYPES = Object.values(STANCE_EDGE_TYPES).join('|');

const evidenceOf = (x: string) => `coalesce(${x}.evidenceSpanIds, [])`;

/** Each kind of logical edge at node `n`: the pattern to its other end `m`, and the edge as a row. */
const LOGICAL_EDGES: readonly { pattern: string; edge: string }[] = [
  {
    pattern: `(n:Entity)-[r:${RELATION_TYPES}]-(m:Entity)`,
    edge: `{ key: r.id, type: type(r), label: replace(r.type, '_', ' '), sourceId: startNode(r).id,
       targetId: endNode(r).id, evidenceSpanIds: coalesce(r.evidenceSpanIds, []) }`,
  },
  {
    pattern: '(n:Entity)-[:HOLDS_ROLE]->(role:Role)-[:AT]->(m:Entity)',
    edge: `{ key: role.id, type: 'HOLDS_ROLE', label: role.title, sourceId: n.id, targetId: m.id,
       evidenceSpanIds: ${evidenceOf('role')} }`,
  },
  {
    pattern: '(n:Entity)<-[:AT]-(role:Role)<-[:HOLDS_ROLE]-(m:Entity)',
    edge: `{ key: role.id, type: 'HOLDS_ROLE', label: role.title, sourceId: m.id, targetId: n.id,
       evidenceSpanIds: ${evidenceOf('role')} }`,
  },
  {
    pattern: '(n:Entity)<-[:SPEAKER]-(a:Attribution)-[:ATTRIBUTES]->(m:Claim)',
    edge: `{ key: a.id, type: 'SAID', label: replace(a.mode, '_', ' '), sourceId: n.id,
       targetId: m.id, evidenceSpanIds: ${evidenceOf('a')} }`,
  },
  {
    pattern: '(n:Claim)<-[:ATTRIBUTES]-(a:Attribution)-[:SPEAKER]->(m:Entity)',
    edge: `{ key: a.id, type: 'SAID', label: replace(a.mode, '_', ' '), sourceId: m.id,
       targetId: n.id, evidenceSpanIds: ${evidenceOf('a')} }`,
  },
  {
    pattern: '(n:Claim)-[:ABOUT]->(m:Entity)',
    edge: `{ key: n.id + '->' + m.id, type: 'ABOUT', label: 'about', sourceId: n.id,
       targetId: m.id, evidenceSpanIds: [] }`,
  },
  {
    pattern: '(n:Entity)<-[:ABOUT]-(m:Claim)',
    edge: `{ key: m.id + '->' + n.id, type: 'ABOUT', label: 'about', sourceId: m.id,
       targetId: n.id, evidenceSpanIds: [] }`,
  },
  {
    pattern: `(n:Claim)-[r:${STANCE_TYPES}]-(m:Claim)`,
    edge: `{ key: r.id, type: type(r), label: r.type, sourceId: startNode(r).id,
       targetId: endNode(r).id, evidenceSpanIds: coalesce(r.evidenceSpanIds, []) }`,
  },
];

/**
 * Every logical edge at node `n`, with the node `m` at its other end; with `where`, only the
 * edges whose other end passes it (checked before the edge's details and evidence are read).
 */
function incidentEdges(where = '', imports = 'n'): string {
  const only = where ? `WHERE ${where}` : '';
  const branches = LOGICAL_EDGES.map(
    ({ pattern, edge }) => `MATCH ${pattern} ${only}
     RETURN ${edge} AS edge, m`,
  );
  return `CALL (${imports}) {
     ${branches.join('\n     UNION ALL\n     ')}
   }`;
}

const INCIDENT_EDGES = incidentEdges();

/**
 * The logical edges as choosing neighbours walks them: entities that roles or relations join
 * through their one LINKED summary (graph/entity-links.ts), however many documents restate them.
 */
const NEIGHBOUR_PATTERNS: readonly string[] = [
  '(n:Entity)-[:LINKED]-(m:Entity)',
  ...LOGICAL_EDGES.map(({ pattern }) => pattern).filter((pattern) => pattern.includes(':Claim')),
];

/**
 * Every entity, or every claim, one logical edge from `n`, without the edges: what choosing among
 * them needs.
 */
function neighbours(...kinds: ('Entity' | 'Claim')[]): string {
  const patterns = NEIGHBOUR_PATTERNS.filter((pattern) =>
    kinds.some((kind) => pattern.includes(`(m:${kind})`)),
  );
  return `CALL (n) {
     ${patterns.map((pattern) => `MATCH ${pattern} RETURN m`).join('\n     UNION\n     ')}
   }`;
}

/**
 * The claims one logical edge from `n`, each with its place in reading order (document,
 * position, id), the first `$limit + 1` that are not in `visited` from each kind of edge. An
 * entity's claims come in that order from the indexes on ABOUT links and on attributions'
 * speakers, so a hub's thousands of claims are not read to choose a few.
 */
const CLAIMS_IN_READING_ORDER = `CALL (n, visited) {
     WITH n, visited WHERE n:Entity
     MATCH ()-[r:ABOUT]->() WHERE r.entityId = n.id AND r.documentId IS NOT NULL
       AND r.position IS NOT NULL AND r.claimId IS NOT NULL AND NOT r.claimId IN visited
     WITH r ORDER BY r.entityId, r.documentId, r.position, r.claimId LIMIT $limit + 1
     RETURN startNode(r) AS m, [r.documentId, r.position, r.claimId] AS place
     UNION
     WITH n, visited WHERE n:Entity
     MATCH (a:Attribution) WHERE a.speakerId = n.id AND a.documentId IS NOT NULL
       AND a.claimPosition IS NOT NULL AND a.claimId IS NOT NULL AND NOT a.claimId IN visited
     WITH a ORDER BY a.speakerId, a.documentId, a.claimPosition, a.claimId LIMIT $limit + 1
     MATCH (a)-[:ATTRIBUTES]->(m:Claim)
     RETURN m, [a.documentId, a.claimPosition, a.claimId] AS place
     UNION
     WITH n WHERE n:Claim
     MATCH (n)-[:${STANCE_TYPES}]-(m:Claim)
     RETURN m, [m.documentId, m.position, m.id] AS place
   }`;

/** Every relationship type the logical edges walk, read from their patterns. */
const LOGICAL_EDGE_TYPES = [
  ...new Set(
    LOGICAL_EDGES.flatMap(({ pattern }) =>
      [...pattern.matchAll(/\[\w*:([\w|]+)\]/g)].flatMap((match) => (match[1] ?? '').split('|')),
    ),
  ),
].join('|');

/**
 * Cypher: how many relationships of those types node `x` has, read from Neo4j's counts per type
 * rather than by walking them: what a path search weighs its two sides by.
 */
const LOGICAL_DEGREE = (x: string) => `COUNT { (${x})-[:${LOGICAL_EDGE_TYPES}]-() }`;

/** The two ends of a path search: each one's node, if it exists, and its logical degree. */
const pathEndsQuery = defineQuery(
  'graphPathEnds',
  `UNWIND $ids AS id
   OPTIONAL MATCH (n:Entity {id: id})
   RETURN id, CASE WHEN n IS NULL THEN null ELSE ${NODE('n')} END AS node,
          CASE WHEN n IS NULL THEN 0 ELSE ${LOGICAL_DEGREE('n')} END AS degree`,
  z.object({ id: z.string(), node: graphNodeRow.nullable(), degree: z.number().int() }),
);

/**
 * One level of the path search, from one side: the frontier, found by its unique keys, and every
 * node one edge away that this side has not reached yet (not in `$visited`), each with all its
 * edges from the frontier and its logical degree. The nodes the other side has reached (`$met`,
 * where the two searches meet) come first, so all of them always come back; `$limit` bounds the
 * rest, so a level never returns more nodes than the search may still reach. The order among the
 * others does not matter: when they are cut, the search stops (see shortestPath).
 */
const expandLevelQuery = defineQuery(
  'graphExpandLevel',
  `CALL () {
     UNWIND $entityIds AS id MATCH (n:Entity {id: id}) RETURN n
     UNION
     UNWIND $claimIds AS id MATCH (n:Claim {id: id}) RETURN n
   }
   WITH collect(n) AS frontier
   CALL (frontier) {
     UNWIND frontier AS n
     ${INCIDENT_EDGES}
     WITH edge, m WHERE NOT m.id IN $visited
     WITH m, collect(edge) AS edges
     ORDER BY m.id IN $met DESC
     LIMIT $limit
     RETURN collect({ node: ${NODE('m')}, edges: edges, degree: ${LOGICAL_DEGREE('m')} }) AS reached
   }
   RETURN [n IN frontier | ${NODE('n')}] AS frontier, reached`,
  z.object({
    frontier: z.array(graphNodeRow),
    reached: z.array(
      z.object({ node: graphNodeRow, edges: z.array(graphEdgeRow), degree: z.number().int() }),
    ),
  }),
);

export interface SubgraphNode extends GraphNodeRow {
  depth: number;
}

export interface Subgraph {
  nodes: SubgraphNode[];
  edges: GraphEdgeRow[];
  /** Edges between two of the nodes left out because the pair already had its share. */
  omittedEdges: number;
  truncated: boolean;
}

/** Entities before claims, the most mentioned first, then by id: a stable order to cut at. */
function byImportance(a: GraphNodeRow, b: GraphNodeRow): number {
  if (a.claim !== b.claim) return a.claim ? 1 : -1;
  if (a.weight !== b.weight) return b.weight - a.weight;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Between two edges to the same node, the one that says more: who said it, then roles... */
const EDGE_PREFERENCE = ['SAID', 'HOLDS_ROLE', ...Object.values(RELATION_EDGE_TYPES)];

function edgeRank(edge: GraphEdgeRow): number {
  const rank = EDGE_PREFERENCE.indexOf(edge.type);
  return rank === -1 ? EDGE_PREFERENCE.length : rank;
}

function byOtherEnd(
  a: { edge: GraphEdgeRow; other: GraphNodeRow },
  b: { edge: GraphEdgeRow; other: GraphNodeRow },
): number {
  return (
    byImportance(a.other, b.other) ||
    edgeRank(a.edge) - edgeRank(b.edge) ||
    (a.edge.key < b.edge.key ? -1 : a.edge.key > b.edge.key ? 1 : 0)
  );
}

export const NEIGHBOURHOOD_DEPTH = { min: 1, max: 3 } as const;
export const NEIGHBOURHOOD_LIMIT = { min: 1, max: 200 } as const;
export const NEIGHBOURHOOD_EDGES_PER_PAIR = { min: 1, max: 50 } as const;
export const PATH_LENGTH = { min: 1, max: 10 } as const;
/** How many nodes a path search may reach besides its two ends (see shortestPath). */
export const PATH_NODES = { min: 1, max: 5_000 } as const;

/**
 * Every logical edge that touches a claim between two of `entities` and `claims` (lists of
 * nodes), each once, read from the claim's side, so a hub's thousands of claims are never walked.
 * Each row carries what its evidence is read from: the Attribution node, or the relationship's
 * own list of span ids.
 */
const CLAIM_EDGES_AMONG = `CALL (entities, claims) {
     UNWIND claims AS n
     MATCH (n)<-[:ATTRIBUTES]-(a:Attribution)-[:SPEAKER]->(m:Entity) WHERE m IN entities
     RETURN { key: a.id, type: 'SAID', label: replace(a.mode, '_', ' '), sourceId: m.id,
              targetId: n.id } AS edge, a AS holder, [] AS spanIds
     UNION ALL
     UNWIND claims AS n
     MATCH (n)-[:ABOUT]->(m:Entity) WHERE m IN entities
     RETURN { key: n.id + '->' + m.id, type: 'ABOUT', label: 'about', sourceId: n.id,
              targetId: m.id } AS edge, null AS holder, [] AS spanIds
     UNION ALL
     UNWIND claims AS n
     MATCH (n)-[r:${STANCE_TYPES}]->(m:Claim) WHERE m IN claims
     RETURN { key: r.id, type: type(r), label: r.type, sourceId: n.id,
              targetId: m.id } AS edge, null AS holder, coalesce(r.evidenceSpanIds, []) AS spanIds
   }`;

/** The roles and relations named by `refs` (entries of LINKED samples), each found by its id. */
const ENTITY_EDGES_OF_REFS = `CALL (refs) {
     UNWIND refs AS ref
     WITH ref WHERE ${isRoleRef('ref')}
     MATCH (role:Role) WHERE elementId(role) = ${elementIdOfRef('ref')}
     MATCH (h:Entity)-[:HOLDS_ROLE]->(role)-[:AT]->(o:Entity)
     RETURN { key: role.id, type: 'HOLDS_ROLE', label: role.title, sourceId: h.id,
              targetId: o.id } AS edge, role AS holder, [] AS spanIds
     UNION ALL
     UNWIND refs AS ref
     WITH ref WHERE NOT ${isRoleRef('ref')}
     MATCH (a:Entity)-[r]->(b:Entity) WHERE elementId(r) = ${elementIdOfRef('ref')}
     RETURN { key: r.id, type: type(r), label: replace(r.type, '_', ' '), sourceId: a.id,
              targetId: b.id } AS edge, null AS holder, coalesce(r.evidenceSpanIds, []) AS spanIds
   }`;

const EDGE_RANK = `CASE edge.type ${EDGE_PREFERENCE.map((type, rank) => `WHEN '${type}' THEN ${rank}`).join(' ')} ELSE ${EDGE_PREFERENCE.length} END`;

/**
 * The neighbourhood in one statement: each level expands only the nodes the level before kept,
 * and keeps the most important new nodes (entities before claims, most mentioned first, then by
 * id) while there is room under the limit. Then the edges among all the nodes kept, at most
 * `$edgesPerPair` between any two of them (the same role stated in a thousand documents is a
 * thousand parallel edges), with the number left out; evidence is read for the drawn ones only.
 */
function neighbourhoodQuery(depth: number) {
  let cypher = `MATCH (start:Entity {id: $entityId})
   WITH start, [start.id] AS visited, [start] AS frontier, [start] AS drawn, false AS truncated,
        [] AS levels`;
  for (let level = 1; level <= depth; level += 1) {
    // Choosing reads only node references: a hub's thousands of claims are passed over. A level
    // with no room left reads nothing, but whether anything lies beyond when none was cut yet.
    cypher += `
   WITH start, visited, frontier, drawn, truncated, levels, $limit - size(visited) AS room
   CALL (frontier, visited, room, truncated) {
     UNWIND CASE WHEN room <= 0 AND NOT truncated THEN frontier ELSE [] END AS n
     ${neighbours('Entity', 'Claim')}
     WITH m WHERE NOT m.id IN visited
     WITH m LIMIT 1
     RETURN count(m) > 0 AS beyond
   }
   CALL (frontier, visited, room) {
     UNWIND CASE WHEN room > 0 THEN frontier ELSE [] END AS n
     ${neighbours('Entity')}
     WITH DISTINCT m AS x WHERE NOT x.id IN visited
     ORDER BY coalesce(x.mentionCount, 0) DESC, x.id
     LIMIT $limit + 1
     RETURN collect(x) AS entities
   }
   // Claims come after entities: when the entities fill the room, not one claim is read.
   CALL (frontier, visited, entities, room) {
     UNWIND CASE WHEN room <= 0 OR size(entities) > room THEN [] ELSE frontier END AS n
     ${CLAIMS_IN_READING_ORDER}
     WITH DISTINCT m AS x, place WHERE NOT x.id IN visited
     ORDER BY place
     LIMIT $limit + 1
     RETURN collect(x) AS claims
   }
   WITH start, visited, drawn, levels, (entities + claims)[0..room] AS kept,
        truncated OR beyond OR size(entities + claims) > room AS truncated
   WITH start, truncated, kept AS frontier, drawn + kept AS drawn,
        visited + [x IN kept | x.id] AS visited, levels + [[x IN kept | ${NODE('x')}]] AS levels`;
  }
  cypher += `
   WITH start, levels, truncated, [x IN drawn WHERE x:Entity] AS entities,
        [x IN drawn WHERE x:Claim] AS claims
   CALL (entities, claims) {
     ${CLAIM_EDGES_AMONG}
     WITH edge, holder, spanIds ORDER BY ${EDGE_RANK}, edge.key
     WITH CASE WHEN edge.sourceId < edge.targetId THEN [edge.sourceId, edge.targetId]
               ELSE [edge.targetId, edge.sourceId] END AS pair,
          collect({ edge: edge, holder: holder, spanIds: spanIds }) AS parallel
     RETURN sum(size(parallel[$edgesPerPair..])) AS omittedClaimEdges,
            collect(parallel[0..$edgesPerPair]) AS shown
   }
   // Between two entities, the first of their link's sample: its count says how many are left.
   CALL (entities) {
     UNWIND entities AS n
     MATCH (n)-[l:LINKED]->(m:Entity) WHERE m IN entities
     WITH l.count AS count, l.sample[0..$edgesPerPair] AS drawn
     RETURN sum(count - size(drawn)) AS omittedEntityEdges,
            reduce(all = [], refs IN collect(drawn) | all + refs) AS refs
   }
   CALL (refs) {
     ${ENTITY_EDGES_OF_REFS}
     RETURN collect({ edge: edge, holder: holder, spanIds: spanIds }) AS entityEdges
   }
   WITH start, levels, truncated, omittedClaimEdges + omittedEntityEdges AS omittedEdges,
        reduce(all = entityEdges, pairShown IN shown | all + pairShown) AS shown
   CALL (shown) {
     UNWIND shown AS one
     WITH one.edge AS edge, one.holder AS holder, one.spanIds AS spanIds
     RETURN collect(edge { .*, evidenceSpanIds: spanIds + coalesce(holder.evidenceSpanIds, []) })
       AS edges
   }
   RETURN ${NODE('start')} AS start, levels, edges, omittedEdges, truncated`;
  return defineQuery(`neighbourhoodDepth${depth}`, cypher, neighbourhoodRow);
}

const neighbourhoodRow = z.object({
  start: graphNodeRow,
  levels: z.array(z.array(graphNodeRow)),
  edges: z.array(graphEdgeRow),
  omittedEdges: z.number().int(),
  truncated: z.boolean(),
});

const neighbourhoodQueries = new Map<number, ReturnType<typeof neighbourhoodQuery>>();

function edgeKeyOrder(a: GraphEdgeRow, b: GraphEdgeRow): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The entity and what lies within `depth` hops of it, keeping at most `limit` nodes (nearest
 * first, then the most important) and at most `edgesPerPair` edges between any two of them, in
 * one statement. Null when there is no such entity.
 */
export async function neighbourhood(
  db: GraphDatabase,
  entityId: string,
  depth: number,
  limit: number,
  edgesPerPair: number,
): Promise<Subgraph | null> {
  let query = neighbourhoodQueries.get(depth);
  if (!query) {
    query = neighbourhoodQuery(depth);
    neighbourhoodQueries.set(depth, query);
  }
  const [row] = await db.read(query, {
    entityId,
    limit: neo4j.int(limit),
    edgesPerPair: neo4j.int(edgesPerPair),
  });
  if (!row) return null;
  const nodes = new Map<string, SubgraphNode>([[row.start.id, { ...row.start, depth: 0 }]]);
  row.levels.forEach((kept, index) => {
    for (const node of kept) nodes.set(node.id, { ...node, depth: index + 1 });
  });
  // Edges come level by level, as the walk reaches them: an edge belongs to the level after its
  // nearer end's, and within a level comes in the order of its farther end (of two ends equally
  // far, the more important). Edges among the outermost nodes come last, by key.
  const placed = row.edges.map((edge) => {
    const source = nodes.get(edge.sourceId);
    const target = nodes.get(edge.targetId);
    if (!source || !target) throw new Error(`neighbourhood edge ${edge.key} ends outside it`);
    const farther =
      source.depth !== target.depth
        ? source.depth > target.depth
          ? source
          : target
        : byImportance(source, target) <= 0
          ? source
          : target;
    return { edge, other: farther, level: Math.min(source.depth, target.depth) + 1 };
  });
  placed.sort((a, b) =>
    a.level !== b.level
      ? a.level - b.level
      : a.level > depth
        ? edgeKeyOrder(a.edge, b.edge)
        : byOtherEnd(a, b),
  );
  return {
    nodes: [...nodes.values()],
    edges: placed.map(({ edge }) => edge),
    omittedEdges: row.omittedEdges,
    truncated: row.truncated,
  };
}

interface FrontierNode {
  id: string;
  claim: boolean;
  /** Its logical edges: what expanding it would read. */
  degree: number;
}

interface Search {
  frontier: FrontierNode[];
  distance: Map<string, number>;
  /** How each reached node was reached: the edge and the node before it. */
  parent: Map<string, { edge: GraphEdgeRow; previous: string }>;
}

function startSearch(id: string, degree: number): Search {
  return {
    frontier: [{ id, claim: false, degree }],
    distance: new Map([[id, 0]]),
    parent: new Map(),
  };
}

const frontierDegree = (search: Search) =>
  search.frontier.reduce((sum, node) => sum + node.degree, 0);

/** The chain of edges from a search's start to `id`, start first. */
function chainTo(search: Search, id: string): { nodeIds: string[]; edges: GraphEdgeRow[] } {
  const nodeIds = [id];
  const edges: GraphEdgeRow[] = [];
  for (let step = search.parent.get(id); step; step = search.parent.get(step.previous)) {
    edges.unshift(step.edge);
    nodeIds.unshift(step.previous);
  }
  return { nodeIds, edges };
}

/** What a search cut short by its node cap answers: no path, and that it stopped. */
function stoppedAtCap(): Subgraph {
  return { nodes: [], edges: [], omittedEdges: 0, truncated: true };
}

/**
 * A shortest path between two entities over the logical graph, found by a breadth-first search
 * from both ends: one statement reads the two ends, then one per level and at most `maxLength`
 * levels in all, each expanding the side whose frontier has fewer edges to read (an entity named
 * in every document is reached from the other end rather than expanded, when it can be).
 *
 * The search may reach at most `maxNodes` nodes besides the two entities (both sides together);
 * each is expanded at most once, so this bounds its work, what it holds and what each statement
 * returns. A level that finds more new nodes than that leaves room for stops the search, and the
 * answer is an empty subgraph with `truncated` true, unless the two sides meet in that level:
 * where they meet always comes back whole, so the path is the one an unbounded search gives.
 * The last level allowed by `maxLength` only looks for where the sides meet, so it never stops
 * at the cap. Null when either entity is missing or the search ended with no path that short.
 */
export async function shortestPath(
  db: GraphDatabase,
  fromId: string,
  toId: string,
  maxLength: number,
  maxNodes: number,
): Promise<Subgraph | null> {
  const ends = await db.read(pathEndsQuery, { ids: [fromId, toId] });
  const known = new Map<string, GraphNodeRow>();
  for (const end of ends) if (end.node) known.set(end.id, end.node);
  if (!known.has(fromId) || !known.has(toId)) return null;
  if (fromId === toId) return pathSubgraph(known, [fromId], []);
  const degreeOf = (id: string) => ends.find((end) => end.id === id)?.degree ?? 0;
  const forward = startSearch(fromId, degreeOf(fromId));
  const backward = startSearch(toId, degreeOf(toId));
  for (let levels = 0; levels < maxLength; levels += 1) {
    const side = frontierDegree(forward) <= frontierDegree(backward) ? forward : backward;
    const other = side === forward ? backward : forward;
    const last = levels === maxLength - 1;
    const room = Math.max(0, maxNodes - (forward.distance.size - 1) - (backward.distance.size - 1));
    // Every node where the sides meet, and of the others one more than there is room for (to
    // tell that the cap is passed), none on the last level.
    const limit = other.distance.size + (last ? 0 : room + 1);
    const [result] = await db.read(expandLevelQuery, {
      entityIds: side.frontier.filter((node) => !node.claim).map((node) => node.id),
      claimIds: side.frontier.filter((node) => node.claim).map((node) => node.id),
      visited: [...side.distance.keys()],
      met: [...other.distance.keys()],
      limit: neo4j.int(limit),
    });
    if (!result) throw new Error('the level statement returned no row');
    for (const node of result.frontier) known.set(node.id, node);
    const fresh = result.reached.filter(({ node }) => !other.distance.has(node.id)).length;
    const cut = !last && fresh > room;
    const incident = result.reached.flatMap(({ node, edges }) =>
      edges.map((edge) => ({ edge, other: node })),
    );
    const degrees = new Map(result.reached.map(({ node, degree }) => [node.id, degree]));
    const next: FrontierNode[] = [];
    for (const { edge, other: reached } of incident.sort(byOtherEnd)) {
      known.set(reached.id, reached);
      if (side.distance.has(reached.id)) continue;
      const from = edge.sourceId === reached.id ? edge.targetId : edge.sourceId;
      side.distance.set(reached.id, (side.distance.get(from) ?? 0) + 1);
      side.parent.set(reached.id, { edge, previous: from });
      next.push({ id: reached.id, claim: reached.claim, degree: degrees.get(reached.id) ?? 0 });
    }
    const meeting = next
      .filter((node) => other.distance.has(node.id))
      .sort((a, b) => (other.distance.get(a.id) ?? 0) - (other.distance.get(b.id) ?? 0))[0];
    if (meeting) {
      const head = chainTo(forward, meeting.id);
      const tail = chainTo(backward, meeting.id);
      return pathSubgraph(
        known,
        [...head.nodeIds, ...tail.nodeIds.reverse().slice(1)],
        [...head.edges, ...tail.edges.reverse()],
      );
    }
    if (cut) return stoppedAtCap();
    if (next.length === 0) return null;
    side.frontier = next;
  }
  return null;
}

function pathSubgraph(
  known: ReadonlyMap<string, GraphNodeRow>,
  nodeIds: readonly string[],
  edges: GraphEdgeRow[],
): Subgraph {
  const nodes = nodeIds.map((id, depth) => {
    const node = known.get(id);
    if (!node) throw new Error(`path node ${id} was never read`);
    return { ...node, depth };
  });
  return { nodes, edges, omittedEdges: 0, truncated: false };
}
