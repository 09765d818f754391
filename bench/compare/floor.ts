/**
 * The floor: what the mix costs with no GraphQL at all. Each query of the mix is one hand-written
 * Cypher statement sent with neo4j-driver, its rows shaped in JavaScript into exactly the JSON the
 * service answers. Rows are typed by the statement that returns them and not validated: the
 * floor trusts its own Cypher, which is part of being the floor.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import neo4j, { type Driver, type EagerResult, type RecordShape } from 'neo4j-driver';
import {
  byImportance,
  claimCursorKey,
  encodeCursor,
  enumName,
  globalId,
  type LogicalEdge,
  type LogicalNode,
  luceneQuery,
  nameKey,
  nodeGlobalId,
} from './encoding.ts';
import type { QueryName, Variables } from './mix.ts';

/** Integers as JavaScript numbers: every count and offset here is far below 2^53. */
export function createFloorDriver(uri: string, user: string, password: string): Driver {
  return neo4j.driver(uri, neo4j.auth.basic(user, password), {
    disableLosslessIntegers: true,
    userAgent: 'dossier-bench-floor',
  });
}

/** One statement, read routing; the rows typed as the statement returns them. */
async function rows<Row extends RecordShape>(
  driver: Driver,
  database: string,
  cypher: string,
  parameters: Variables,
): Promise<Row[]> {
  const result = await driver.executeQuery<EagerResult<Row>>(cypher, parameters, {
    database,
    routing: neo4j.routing.READ,
  });
  return result.records.map((record) => record.toObject());
}

function stringVariable(variables: Variables, name: string): string {
  const value = variables[name];
  if (typeof value !== 'string') throw new FloorInputError(`"${name}" must be a string`);
  return value;
}

function optionalString(variables: Variables, name: string): string | null {
  const value = variables[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new FloorInputError(`"${name}" must be a string`);
  return value;
}

function intVariable(variables: Variables, name: string): number {
  const value = variables[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 200) {
    throw new FloorInputError(`"${name}" must be a whole number from 0 to 200`);
  }
  return value;
}

export class FloorInputError extends Error {}

const claimCursor = (claim: { documentId: string; position: number; id: string }) =>
  encodeCursor([claim.documentId, claim.position, claim.id]);

const endCursorOf = (cursors: string[]) => cursors.at(-1) ?? null;

// ---------------------------------------------------------------------------------------------
// 1. An entity by name, its roles and its first claims

const ENTITY_BY_NAME = `
MATCH (:EntityName {key: $key})<-[:NAMED]-(e:Entity)
WITH e ORDER BY e.mentionCount DESC, e.id LIMIT 1
RETURN e.id AS id, e.type AS type, e.name AS name,
  COLLECT {
    CALL (e) {
      MATCH (e)-[:HOLDS_ROLE]->(role:Role) RETURN role
      UNION
      MATCH (role:Role)-[:AT]->(e) RETURN role
    }
    WITH role WHERE EXISTS { (:Entity)-[:HOLDS_ROLE]->(role) }
    ORDER BY role.id
    RETURN { title: role.title,
      organization: head(COLLECT { MATCH (role)-[:AT]->(org:Entity) RETURN org.name }),
      evidence: COLLECT { UNWIND coalesce(role.evidenceSpanIds, []) AS id MATCH (s:Span {id: id}) RETURN s.exact } }
  } AS roles,
  COUNT { MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(c:Claim) RETURN DISTINCT c } AS claimTotal,
  COLLECT {
    MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(c:Claim)
    WITH DISTINCT c ORDER BY c.documentId, c.position, c.id LIMIT $limit
    RETURN { id: c.id, documentId: c.documentId, position: c.position, proposition: c.proposition,
      attributions: COLLECT {
        MATCH (a:Attribution)-[:ATTRIBUTES]->(c)
        WITH a ORDER BY a.ordinal
        RETURN { mode: a.mode,
          evidence: COLLECT { UNWIND coalesce(a.evidenceSpanIds, []) AS id MATCH (s:Span {id: id}) RETURN s.exact } }
      } }
  } AS claims`;

interface EntityByNameRow extends RecordShape {
  id: string;
  type: string;
  name: string;
  roles: { title: string | null; organization: string | null; evidence: string[] }[];
  claimTotal: number;
  claims: {
    id: string;
    documentId: string;
    position: number;
    proposition: string;
    attributions: { mode: string; evidence: string[] }[];
  }[];
}

async function entityByName(driver: Driver, database: string, variables: Variables) {
  const size = 10;
  const [row] = await rows<EntityByNameRow>(driver, database, ENTITY_BY_NAME, {
    key: nameKey(stringVariable(variables, 'name')),
    limit: neo4j.int(size + 1),
  });
  if (!row) return { entity: null };
  const page = row.claims.slice(0, size);
  const cursors = page.map(claimCursor);
  return {
    entity: {
      id: globalId(row.type, row.id),
      name: row.name,
      kind: enumName(row.type),
      roles: row.roles.map((role) => ({
        title: role.title,
        organization: role.organization === null ? null : { name: role.organization },
        evidence: role.evidence.map((exact) => ({ exact })),
      })),
      claimsMade: {
        totalCount: row.claimTotal,
        pageInfo: { hasNextPage: row.claims.length > size, endCursor: endCursorOf(cursors) },
        edges: page.map((claim, index) => ({
          cursor: cursors[index],
          node: {
            id: globalId('Claim', claim.id),
            proposition: claim.proposition,
            attributions: claim.attributions.map((attribution) => ({
              mode: enumName(attribution.mode),
              evidence: attribution.evidence.map((exact) => ({ exact })),
            })),
          },
        })),
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 2 and 3. Direct quotes in reading order, a page at a time, with their speakers

const DIRECT_QUOTES = `
CALL () {
  MATCH (c:Claim)
  WHERE EXISTS { MATCH (a:Attribution)-[:ATTRIBUTES]->(c) WHERE a.mode IN $modes }
  RETURN count(c) AS total
}
CALL () {
  MATCH (c:Claim)
  WHERE EXISTS { MATCH (a:Attribution)-[:ATTRIBUTES]->(c) WHERE a.mode IN $modes }
    AND ($after IS NULL OR c.documentId > $after.documentId
      OR (c.documentId = $after.documentId AND (c.position > $after.position
        OR (c.position = $after.position AND c.id > $after.id))))
  WITH c ORDER BY c.documentId, c.position, c.id LIMIT $limit
  RETURN collect({ id: c.id, documentId: c.documentId, position: c.position,
    proposition: c.proposition,
    speakers: COLLECT {
      MATCH (a:Attribution)-[:ATTRIBUTES]->(c)
      MATCH (a)-[:SPEAKER]->(s)
      WITH a, s ORDER BY a.ordinal
      RETURN { id: s.id, comment: s:Comment, type: s.type, name: s.name, number: s.number }
    } }) AS claims
}
RETURN total, claims`;

interface DirectQuotesRow extends RecordShape {
  total: number;
  claims: {
    id: string;
    documentId: string;
    position: number;
    proposition: string;
    speakers: {
      id: string;
      comment: boolean;
      type: string | null;
      name: string | null;
      number: number | null;
    }[];
  }[];
}

async function directQuotes(driver: Driver, database: string, variables: Variables) {
  const size = intVariable(variables, 'first');
  const after = optionalString(variables, 'after');
  const [row] = await rows<DirectQuotesRow>(driver, database, DIRECT_QUOTES, {
    modes: ['direct_quote'],
    after: after === null ? null : claimCursorKey(after),
    limit: neo4j.int(size + 1),
  });
  const claims = row?.claims ?? [];
  const page = claims.slice(0, size);
  const cursors = page.map(claimCursor);
  return {
    claims: {
      totalCount: row?.total ?? 0,
      pageInfo: {
        hasNextPage: claims.length > size,
        hasPreviousPage: after !== null,
        endCursor: endCursorOf(cursors),
      },
      edges: page.map((claim, index) => {
        // One speaker per attribution; a source that speaks twice is listed once.
        const seen = new Set<string>();
        const speakers = claim.speakers.filter((speaker) => {
          if (seen.has(speaker.id)) return false;
          seen.add(speaker.id);
          return true;
        });
        return {
          cursor: cursors[index],
          node: {
            id: globalId('Claim', claim.id),
            proposition: claim.proposition,
            speakers: speakers.map((speaker) =>
              speaker.comment
                ? { id: globalId('Comment', speaker.id), name: `Reader comment ${speaker.number}` }
                : { id: globalId(speaker.type ?? '', speaker.id), name: speaker.name },
            ),
          },
        };
      }),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The logical graph of neighbourhoods and paths: entities and claims, with relations, roles
// (holder to organisation), SAID (speaker to claim), ABOUT and stances as edges.

const RELATION_TYPES =
  'PART_OF|LOCATED_IN|ATTENDED|REPRESENTED_AT|ACCUSED|TARGETED|TRACED_ATTACKS_TO';
const STANCE_TYPES = 'SUPPORTS|DISPUTES|DENIES|QUALIFIES';

/** Every logical edge at node `n`, with the node `m` at its other end. */
const INCIDENT = `CALL (n) {
    MATCH (n:Entity)-[r:${RELATION_TYPES}]-(m:Entity)
    RETURN { key: r.id, type: type(r), label: replace(r.type, '_', ' '),
      sourceId: startNode(r).id, targetId: endNode(r).id } AS edge, m
    UNION ALL
    MATCH (n:Entity)-[:HOLDS_ROLE]->(role:Role)-[:AT]->(m:Entity)
    RETURN { key: role.id, type: 'HOLDS_ROLE', label: role.title, sourceId: n.id, targetId: m.id } AS edge, m
    UNION ALL
    MATCH (n:Entity)<-[:AT]-(role:Role)<-[:HOLDS_ROLE]-(m:Entity)
    RETURN { key: role.id, type: 'HOLDS_ROLE', label: role.title, sourceId: m.id, targetId: n.id } AS edge, m
    UNION ALL
    MATCH (n:Entity)<-[:SPEAKER]-(a:Attribution)-[:ATTRIBUTES]->(m:Claim)
    RETURN { key: a.id, type: 'SAID', label: replace(a.mode, '_', ' '), sourceId: n.id, targetId: m.id } AS edge, m
    UNION ALL
    MATCH (n:Claim)<-[:ATTRIBUTES]-(a:Attribution)-[:SPEAKER]->(m:Entity)
    RETURN { key: a.id, type: 'SAID', label: replace(a.mode, '_', ' '), sourceId: m.id, targetId: n.id } AS edge, m
    UNION ALL
    MATCH (n:Claim)-[:ABOUT]->(m:Entity)
    RETURN { key: n.id + '->' + m.id, type: 'ABOUT', label: 'about', sourceId: n.id, targetId: m.id } AS edge, m
    UNION ALL
    MATCH (n:Entity)<-[:ABOUT]-(m:Claim)
    RETURN { key: m.id + '->' + n.id, type: 'ABOUT', label: 'about', sourceId: m.id, targetId: n.id } AS edge, m
    UNION ALL
    MATCH (n:Claim)-[r:${STANCE_TYPES}]-(m:Claim)
    RETURN { key: r.id, type: type(r), label: r.type, sourceId: startNode(r).id,
      targetId: endNode(r).id } AS edge, m
  }`;

function graphNode(node: LogicalNode & { depth: number }) {
  return {
    id: nodeGlobalId(node),
    kind: node.claim ? 'CLAIM' : enumName(node.type),
    label: node.label,
    depth: node.depth,
  };
}

function graphEdge(edge: LogicalEdge, globalIds: ReadonlyMap<string, string>) {
  return {
    id: `${edge.type}:${edge.key}`,
    type: edge.type,
    source: globalIds.get(edge.sourceId) ?? '',
    target: globalIds.get(edge.targetId) ?? '',
    label: edge.label,
  };
}

// ---------------------------------------------------------------------------------------------
// 4. A neighbourhood at depth 2: the rings, cut in the service's order, and every edge among
// the nodes kept. Written for depth 2 (the rings are the statement's structure).

const NEIGHBOURHOOD = `
MATCH (start:Entity {id: $entity})
CALL (start) {
  WITH start AS n
  ${INCIDENT}
  RETURN collect(edge) AS nearEdges, collect(DISTINCT m) AS ring1
}
CALL (start, ring1) {
  UNWIND ring1 AS n
  ${INCIDENT}
  RETURN collect(edge) AS midEdges, collect(DISTINCT m) AS reached
}
WITH start, ring1, nearEdges, midEdges, [x IN reached WHERE x <> start AND NOT x IN ring1] AS ring2
CALL (start, ring1, ring2) {
  UNWIND [{ n: start, depth: 0 }] + [x IN ring1 | { n: x, depth: 1 }] + [x IN ring2 | { n: x, depth: 2 }] AS item
  WITH item.n AS n, item.depth AS depth
  ORDER BY depth, n:Claim, coalesce(n.mentionCount, 0) DESC, n.documentId, n.position, n.id
  LIMIT $limit
  RETURN collect({ id: n.id, claim: n:Claim, type: n.type, label: coalesce(n.name, n.proposition),
      weight: coalesce(n.mentionCount, 0), depth: depth }) AS kept,
    collect(CASE WHEN depth = 2 THEN n END) AS outer
}
CALL (outer) {
  UNWIND outer AS n
  ${INCIDENT}
  WITH edge, m, outer WHERE m IN outer
  RETURN collect(edge) AS farEdges
}
RETURN kept, nearEdges + midEdges + farEdges AS edges, 1 + size(ring1) + size(ring2) > $limit AS truncated`;

interface NeighbourhoodRow extends RecordShape {
  kept: (LogicalNode & { depth: number })[];
  edges: LogicalEdge[];
  truncated: boolean;
}

async function neighbourhood(driver: Driver, database: string, variables: Variables) {
  if (variables.depth !== 2) throw new FloorInputError('the floor neighbourhood is depth 2 only');
  const [row] = await rows<NeighbourhoodRow>(driver, database, NEIGHBOURHOOD, {
    entity: stringVariable(variables, 'entity'),
    limit: neo4j.int(intVariable(variables, 'limit')),
  });
  if (!row) return { neighborhood: null };
  const globalIds = new Map(row.kept.map((node) => [node.id, nodeGlobalId(node)]));
  // Each edge was met from both of its ends; list it once, in id order.
  const edges = new Map<string, LogicalEdge>();
  for (const edge of row.edges) {
    if (globalIds.has(edge.sourceId) && globalIds.has(edge.targetId)) {
      edges.set(`${edge.type}:${edge.key}`, edge);
    }
  }
  return {
    neighborhood: {
      truncated: row.truncated,
      nodes: row.kept.map(graphNode),
      edges: [...edges.keys()]
        .sort()
        .map((id) => graphEdge(edges.get(id) as LogicalEdge, globalIds)),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 5. A hundred entities, each with its first mentions and claims

const ENTITIES = `
CALL () { MATCH (e:Entity) RETURN count(e) AS total }
CALL () {
  MATCH (e:Entity)
  WITH e ORDER BY e.nameKeys[0], e.id LIMIT $limit
  RETURN collect({ id: e.id, type: e.type, name: e.name, sortName: e.nameKeys[0],
    mentionTotal: COUNT { (e)-[:MENTIONED_AT]->(:Span) },
    mentions: COLLECT {
      MATCH (e)-[:MENTIONED_AT]->(s:Span)
      WITH s ORDER BY s.documentId, s.start, s.end LIMIT $inner
      RETURN { exact: s.exact, start: s.start, end: s.end }
    },
    claimTotal: COUNT { MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(c:Claim) RETURN DISTINCT c },
    claims: COLLECT {
      MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(c:Claim)
      WITH DISTINCT c ORDER BY c.documentId, c.position, c.id LIMIT $inner
      RETURN c.proposition
    } }) AS entities
}
RETURN total, entities`;

interface EntitiesRow extends RecordShape {
  total: number;
  entities: {
    id: string;
    type: string;
    name: string;
    sortName: string;
    mentionTotal: number;
    mentions: { exact: string; start: number; end: number }[];
    claimTotal: number;
    claims: string[];
  }[];
}

async function entities(driver: Driver, database: string, variables: Variables) {
  const size = intVariable(variables, 'first');
  const inner = intVariable(variables, 'inner');
  const [row] = await rows<EntitiesRow>(driver, database, ENTITIES, {
    limit: neo4j.int(size + 1),
    inner: neo4j.int(inner),
  });
  const all = row?.entities ?? [];
  const page = all.slice(0, size);
  const cursors = page.map((entity) => encodeCursor([entity.sortName, entity.id]));
  return {
    entities: {
      totalCount: row?.total ?? 0,
      pageInfo: { hasNextPage: all.length > size, endCursor: endCursorOf(cursors) },
      edges: page.map((entity, index) => ({
        cursor: cursors[index],
        node: {
          id: globalId(entity.type, entity.id),
          name: entity.name,
          mentions: {
            totalCount: entity.mentionTotal,
            edges: entity.mentions.map((span) => ({ node: { span } })),
          },
          claimsMade: {
            totalCount: entity.claimTotal,
            edges: entity.claims.map((proposition) => ({ node: { proposition } })),
          },
        },
      })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 6. Full-text search over the three indexes, best first

const SEARCH = `
CALL () {
  CALL db.index.fulltext.queryNodes('entity_names', $lucene) YIELD node, score
  RETURN 'ENTITY' AS kind, node.id AS id, score, node.type AS type, node.name AS text, [] AS claimIds
  UNION ALL
  CALL db.index.fulltext.queryNodes('claim_propositions', $lucene) YIELD node, score
  RETURN 'CLAIM' AS kind, node.id AS id, score, null AS type, node.proposition AS text, [] AS claimIds
  UNION ALL
  CALL db.index.fulltext.queryNodes('quote_text', $lucene) YIELD node, score
  WITH node, score WHERE size(coalesce(node.quotedIn, [])) > 0
  RETURN 'QUOTE' AS kind, node.id AS id, score, null AS type, node.exact AS text,
    node.quotedIn AS claimIds
}
WITH collect({ kind: kind, id: id, score: score, type: type, text: text, claimIds: claimIds }) AS hits
CALL (hits) {
  UNWIND hits AS hit
  WITH hit ORDER BY hit.score DESC, hit.id LIMIT $limit
  RETURN collect(hit) AS page
}
RETURN size(hits) AS total, page`;

interface SearchRow extends RecordShape {
  total: number;
  page: {
    kind: 'ENTITY' | 'CLAIM' | 'QUOTE';
    id: string;
    score: number;
    type: string | null;
    text: string;
    claimIds: string[];
  }[];
}

function searchResult(hit: SearchRow['page'][number]) {
  switch (hit.kind) {
    case 'ENTITY': {
      const typename = hit.type ?? '';
      return { __typename: typename, id: globalId(typename, hit.id), name: hit.text };
    }
    case 'CLAIM':
      return { __typename: 'Claim', id: globalId('Claim', hit.id), proposition: hit.text };
    case 'QUOTE':
      return { __typename: 'Span', id: globalId('Span', hit.id), exact: hit.text };
  }
}

async function search(driver: Driver, database: string, variables: Variables) {
  const size = intVariable(variables, 'first');
  const [row] = await rows<SearchRow>(driver, database, SEARCH, {
    lucene: luceneQuery(stringVariable(variables, 'query')),
    limit: neo4j.int(size + 1),
  });
  const hits = row?.page ?? [];
  const page = hits.slice(0, size);
  const cursors = page.map((hit) => encodeCursor([hit.score, hit.id]));
  return {
    search: {
      totalCount: row?.total ?? 0,
      pageInfo: { hasNextPage: hits.length > size, endCursor: endCursorOf(cursors) },
      edges: page.map((hit, index) => ({
        cursor: cursors[index],
        node: {
          kind: hit.kind,
          score: hit.score,
          result: searchResult(hit),
          quotedClaims: hit.claimIds.map((id) => ({ id: globalId('Claim', id) })),
        },
      })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 7. A shortest path. Cypher's shortest paths count stored relationships, and a SAID or a role
// is two of them, so the logical graph around both ends comes back in one statement and the
// service's search (breadth first from both ends, the same tie-breaks) runs here on it.

const PATH_MAX_LENGTH = 6;
/**
 * A side expands at most maxLength - 1 times, so only nodes within maxLength - 2 logical hops
 * of an end are ever expanded; a logical hop is at most two stored relationships: 2 * (6 - 2).
 * A Cypher bound cannot be a parameter; the statement is written for maxLength 6. Each end's
 * ball is made distinct in its own subquery: Neo4j 5.26 plans `WITH DISTINCT n` straight after
 * the two-start expansion as a per-start pruning expand and keeps a node once per end.
 */
const PATH = `
MATCH (end:Entity) WHERE end.id IN [$from, $to]
CALL (end) {
  MATCH (end)-[:${RELATION_TYPES}|${STANCE_TYPES}|HOLDS_ROLE|AT|SPEAKER|ATTRIBUTES|ABOUT*0..8]-(n)
  WHERE n:Entity OR n:Claim
  RETURN DISTINCT n
}
WITH collect(DISTINCT n) AS ball
CALL (ball) {
  UNWIND ball AS n
  ${INCIDENT}
  // An ABOUT edge's key is its ends' ids, put together again below; the direction is a flag.
  RETURN collect([n.id, CASE edge.type WHEN 'ABOUT' THEN null ELSE edge.key END, edge.type,
      edge.label, edge.sourceId = n.id, m.id]) AS edges,
    collect(DISTINCT m) AS others
}
UNWIND ball + others AS x
WITH ball, edges, collect(DISTINCT x) AS nodes
RETURN [x IN ball | x.id] AS ball, edges,
  [x IN nodes | [x.id, x:Claim, x.type, coalesce(x.name, x.proposition), coalesce(x.mentionCount, 0)]] AS nodes`;

/** Lists rather than maps: the adjacency of the whole ball is hundreds of rows to decode. */
interface PathRow extends RecordShape {
  ball: string[];
  /** [from, key (null for ABOUT), type, label, from is the source, to] */
  edges: [string, string | null, string, string | null, boolean, string][];
  /** [id, claim, type, label, weight] */
  nodes: [string, boolean, string, string, number][];
}

interface Incident {
  edge: LogicalEdge;
  other: LogicalNode;
}

interface Adjacent {
  node: LogicalNode;
  edges: Incident[];
}

function adjacencyOf(row: PathRow): Map<string, Adjacent> {
  const nodes = new Map<string, LogicalNode>();
  for (const [id, claim, type, label, weight] of row.nodes) {
    nodes.set(id, { id, claim, type, label, weight });
  }
  const adjacency = new Map<string, Adjacent>();
  for (const id of row.ball) {
    const node = nodes.get(id);
    if (node) adjacency.set(id, { node, edges: [] });
  }
  for (const [from, key, type, label, outgoing, to] of row.edges) {
    const other = nodes.get(to);
    const [sourceId, targetId] = outgoing ? [from, to] : [to, from];
    const edge = { key: key ?? `${sourceId}->${targetId}`, type, label, sourceId, targetId };
    if (other) adjacency.get(from)?.edges.push({ edge, other });
  }
  return adjacency;
}

/** Between two edges to the same node, the one that says more: who said it, then roles... */
const EDGE_PREFERENCE = [
  'SAID',
  'HOLDS_ROLE',
  'PART_OF',
  'LOCATED_IN',
  'ATTENDED',
  'REPRESENTED_AT',
  'ACCUSED',
  'TARGETED',
  'TRACED_ATTACKS_TO',
];

function edgeRank(edge: LogicalEdge): number {
  const rank = EDGE_PREFERENCE.indexOf(edge.type);
  return rank === -1 ? EDGE_PREFERENCE.length : rank;
}

function byOtherEnd(a: Incident, b: Incident): number {
  return (
    byImportance(a.other, b.other) ||
    edgeRank(a.edge) - edgeRank(b.edge) ||
    (a.edge.key < b.edge.key ? -1 : a.edge.key > b.edge.key ? 1 : 0)
  );
}

interface Side {
  frontier: string[];
  distance: Map<string, number>;
  parent: Map<string, { edge: LogicalEdge; previous: string }>;
  expanded: boolean;
}

function side(id: string): Side {
  return { frontier: [id], distance: new Map([[id, 0]]), parent: new Map(), expanded: false };
}

function chainTo(search: Side, id: string): { nodeIds: string[]; edges: LogicalEdge[] } {
  const nodeIds = [id];
  const edges: LogicalEdge[] = [];
  for (let step = search.parent.get(id); step; step = search.parent.get(step.previous)) {
    edges.unshift(step.edge);
    nodeIds.unshift(step.previous);
  }
  return { nodeIds, edges };
}

/** The service's bidirectional breadth-first search, over the adjacency the statement read. */
function shortestPath(
  adjacency: ReadonlyMap<string, Adjacent>,
  fromId: string,
  toId: string,
  maxLength: number,
): { nodes: (LogicalNode & { depth: number })[]; edges: LogicalEdge[] } | null {
  const known = new Map<string, LogicalNode>();
  const forward = side(fromId);
  const backward = side(toId);
  const result = (nodeIds: string[], edges: LogicalEdge[]) => ({
    nodes: nodeIds.map((id, depth) => {
      const node = known.get(id);
      if (!node) throw new Error(`path node ${id} was never read`);
      return { ...node, depth };
    }),
    edges,
  });
  for (let levels = 0; levels < maxLength; levels += 1) {
    const current =
      !backward.expanded && forward.expanded
        ? backward
        : forward.frontier.length <= backward.frontier.length
          ? forward
          : backward;
    const other = current === forward ? backward : forward;
    const frontier = current.frontier.flatMap((id) => {
      const row = adjacency.get(id);
      if (row) return [row];
      // Outside what the statement read: only possible if the bound above were wrong.
      if (current.expanded) throw new Error(`the path statement did not reach ${id}`);
      return [];
    });
    if (!current.expanded && frontier.length === 0) return null;
    current.expanded = true;
    for (const row of frontier) known.set(row.node.id, row.node);
    if (fromId === toId) return result([fromId], []);
    const next: string[] = [];
    for (const { edge, other: reached } of frontier.flatMap((row) => row.edges).sort(byOtherEnd)) {
      known.set(reached.id, reached);
      if (current.distance.has(reached.id)) continue;
      const from = edge.sourceId === reached.id ? edge.targetId : edge.sourceId;
      current.distance.set(reached.id, (current.distance.get(from) ?? 0) + 1);
      current.parent.set(reached.id, { edge, previous: from });
      next.push(reached.id);
    }
    const meeting = next
      .filter((id) => other.distance.has(id))
      .sort((a, b) => (other.distance.get(a) ?? 0) - (other.distance.get(b) ?? 0))[0];
    if (meeting !== undefined) {
      const head = chainTo(forward, meeting);
      const tail = chainTo(backward, meeting);
      return result(
        [...head.nodeIds, ...tail.nodeIds.reverse().slice(1)],
        [...head.edges, ...tail.edges.reverse()],
      );
    }
    if (next.length === 0) return null;
    current.frontier = next;
  }
  return null;
}

async function path(driver: Driver, database: string, variables: Variables) {
  if (variables.maxLength !== PATH_MAX_LENGTH) {
    throw new FloorInputError(`the floor path is written for maxLength ${PATH_MAX_LENGTH}`);
  }
  const fromId = stringVariable(variables, 'from');
  const toId = stringVariable(variables, 'to');
  const [row] = await rows<PathRow>(driver, database, PATH, { from: fromId, to: toId });
  const adjacency = row ? adjacencyOf(row) : new Map<string, Adjacent>();
  const chain = shortestPath(adjacency, fromId, toId, PATH_MAX_LENGTH);
  if (!chain) return { path: null };
  const globalIds = new Map(chain.nodes.map((node) => [node.id, nodeGlobalId(node)]));
  return {
    path: {
      nodes: chain.nodes.map(graphNode),
      edges: chain.edges.map((edge) => graphEdge(edge, globalIds)),
    },
  };
}

// ---------------------------------------------------------------------------------------------

type FloorQuery = (driver: Driver, database: string, variables: Variables) => Promise<object>;

export const FLOOR_QUERIES: Record<QueryName, FloorQuery> = {
  entityByName,
  directQuotes,
  directQuotesPage2: directQuotes,
  neighbourhood,
  entities,
  search,
  path,
};

/** Each answer carries the statement count, as the service's and the peer's do. */
export interface FloorResponse {
  status: number;
  body: string;
}

export async function answerFloor(
  driver: Driver,
  database: string,
  name: string,
  variables: Variables,
): Promise<FloorResponse> {
  const query = Object.hasOwn(FLOOR_QUERIES, name) ? FLOOR_QUERIES[name as QueryName] : undefined;
  if (!query) return error(404, `no floor query named "${name}"`);
  try {
    const data = await query(driver, database, variables);
    return { status: 200, body: JSON.stringify({ data, extensions: { neo4jStatements: 1 } }) };
  } catch (caught) {
    const message = caught instanceof Error ? caught.message : String(caught);
    return error(caught instanceof FloorInputError ? 400 : 500, message);
  }
}

function error(status: number, message: string): FloorResponse {
  return { status, body: JSON.stringify({ errors: [{ message }] }) };
}

const MAX_BODY_BYTES = 64 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > MAX_BODY_BYTES) request.destroy(new FloorInputError('body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    request.on('error', fail);
  });
}

/** POST /query/<name> with the variables as the JSON body; answers { data } as the service. */
export function createFloorServer(driver: Driver, database: string): Server {
  return createServer(async (request, response) => {
    const name = /^\/query\/([A-Za-z0-9]+)$/.exec(request.url ?? '')?.[1];
    let answer: FloorResponse;
    if (request.method !== 'POST' || name === undefined) {
      answer = error(404, 'POST /query/<name>');
    } else {
      try {
        const variables: unknown = JSON.parse(await readBody(request));
        answer =
          variables !== null && typeof variables === 'object' && !Array.isArray(variables)
            ? await answerFloor(driver, database, name, variables as Variables)
            : error(400, 'the body must be a JSON object of variables');
      } catch (caught) {
        answer = error(400, caught instanceof Error ? caught.message : 'bad request');
      }
    }
    response.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(answer.body),
    });
    response.end(answer.body);
  });
}
