import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RELATION_EDGE_TYPES, STANCE_EDGE_TYPES } from '../../src/graph/model.ts';
import { defineQuery } from '../../src/neo4j/database.ts';
import { type GraphQLResponse, graphql, testApp } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';

const db = useTestDatabase();
const app = testApp(db);

function globalId(typename: string, key: string): string {
  return Buffer.from(`${typename}:${key}`).toString('base64');
}

const RYAN_LANCE = globalId('Person', 'person:ryan-lance');
const CONOCOPHILLIPS = globalId('Company', 'company:conocophillips');
const LIEBERTHAL = globalId('Person', 'person:kenneth-lieberthal');
const XU_GUANGYU = globalId('Person', 'person:xu-guangyu');
const PENTAGON = globalId('GovernmentBody', 'gov:pentagon');
const XI_JINPING = globalId('Person', 'person:xi-jinping');
const CHINA = globalId('Country', 'country:china');
const NOBODY = globalId('Person', 'person:nobody-of-that-name');

/** The graph's own id of a node, from its global id. */
function rawId(id: string): string {
  return Buffer.from(id, 'base64').toString('utf8').replace(/^\w+:/, '');
}

interface GraphNode {
  id: string;
  kind: string;
  label: string;
  depth: number;
  entity: { name: string } | null;
  claim: { proposition: string } | null;
}
interface GraphEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  label: string | null;
  evidence: { exact: string }[];
}
interface Subgraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: boolean;
}

const SUBGRAPH_FIELDS = `
  truncated
  nodes { id kind label depth entity { name } claim { proposition } }
  edges { id type source target label evidence { exact } }`;

type Response<Data> = GraphQLResponse<Data> & { extensions?: { neo4jStatements?: number } };

async function neighborhood(
  variables: Record<string, unknown>,
  fields = SUBGRAPH_FIELDS,
): Promise<Response<{ neighborhood: Subgraph | null }>> {
  return graphql(
    app,
    `query($entity: ID!, $depth: Int, $limit: Int, $edgesPerPair: Int) {
      neighborhood(entity: $entity, depth: $depth, limit: $limit, edgesPerPair: $edgesPerPair) {
        ${fields}
      }
    }`,
    variables,
  );
}

async function path(
  variables: Record<string, unknown>,
): Promise<Response<{ path: Subgraph | null }>> {
  return graphql(
    app,
    `query($from: ID!, $to: ID!, $maxLength: Int) {
      path(from: $from, to: $to, maxLength: $maxLength) { ${SUBGRAPH_FIELDS} }
    }`,
    variables,
  );
}

/** A path with a node cap: maxNodes, when not given, is left to its default. */
async function cappedPath(
  variables: Record<string, unknown>,
): Promise<Response<{ path: Subgraph | null }>> {
  return graphql(
    app,
    `query($from: ID!, $to: ID!, $maxLength: Int, $maxNodes: Int) {
      path(from: $from, to: $to, maxLength: $maxLength, maxNodes: $maxNodes) { ${SUBGRAPH_FIELDS} }
    }`,
    variables,
  );
}

function expectEdgesBetweenNodes(subgraph: Subgraph): void {
  const ids = new Set(subgraph.nodes.map((node) => node.id));
  for (const edge of subgraph.edges) {
    expect(ids.has(edge.source), `${edge.id} source`).toBe(true);
    expect(ids.has(edge.target), `${edge.id} target`).toBe(true);
  }
  expect(ids.size).toBe(subgraph.nodes.length);
  expect(new Set(subgraph.edges.map((edge) => edge.id)).size).toBe(subgraph.edges.length);
}

describe('neighborhood', () => {
  it('puts ConocoPhillips one hop from Ryan Lance, through a HOLDS_ROLE edge titled as on the page', async () => {
    const result = await neighborhood({ entity: RYAN_LANCE });
    expect(result.errors).toBeUndefined();
    const subgraph = result.data?.neighborhood;
    if (!subgraph) throw new Error('no neighbourhood');
    expect(subgraph.nodes[0]).toMatchObject({
      id: RYAN_LANCE,
      kind: 'PERSON',
      label: 'Ryan Lance',
      depth: 0,
      entity: { name: 'Ryan Lance' },
      claim: null,
    });
    expect(subgraph.nodes.find((node) => node.id === CONOCOPHILLIPS)).toMatchObject({
      kind: 'COMPANY',
      label: 'ConocoPhillips',
      depth: 1,
    });
    const role = subgraph.edges.find((edge) => edge.type === 'HOLDS_ROLE');
    expect(role).toMatchObject({
      source: RYAN_LANCE,
      target: CONOCOPHILLIPS,
      label: 'chairman and CEO',
    });
    expect(role?.evidence.map((span) => span.exact)).toContain(
      'Ryan Lance, chairman and CEO of the oil giant ConocoPhillips',
    );
    expectEdgesBetweenNodes(subgraph);
  });

  it('links Ryan Lance to the claims he made by SAID edges carrying how he said them and his words', async () => {
    const subgraph = (await neighborhood({ entity: RYAN_LANCE })).data?.neighborhood;
    const said = subgraph?.edges.filter((edge) => edge.type === 'SAID') ?? [];
    expect(said.length).toBeGreaterThan(0);
    expect(said.every((edge) => edge.source === RYAN_LANCE)).toBe(true);
    const daily = said.find((edge) =>
      edge.evidence.some((span) => span.exact === 'We get intrusions into our systems daily'),
    );
    expect(daily?.label).toBe('direct quote');
    const claim = subgraph?.nodes.find((node) => node.id === daily?.target);
    expect(claim).toMatchObject({
      kind: 'CLAIM',
      depth: 1,
      entity: null,
      claim: { proposition: 'ConocoPhillips gets intrusions into its systems daily.' },
    });
  });

  it('includes the edges among the outermost nodes, such as claims ABOUT ConocoPhillips', async () => {
    const subgraph = (await neighborhood({ entity: RYAN_LANCE })).data?.neighborhood;
    const about = subgraph?.edges.filter(
      (edge) => edge.type === 'ABOUT' && edge.target === CONOCOPHILLIPS,
    );
    expect(about?.length).toBeGreaterThan(0);
  });

  it('expands every level of depth in one statement', async () => {
    const sizes: number[] = [];
    for (const depth of [1, 2, 3]) {
      const result = await neighborhood(
        { entity: RYAN_LANCE, depth, limit: 200 },
        'truncated nodes { id depth } edges { id source target }',
      );
      expect(result.errors).toBeUndefined();
      expect(result.extensions?.neo4jStatements).toBe(1);
      const nodes = result.data?.neighborhood?.nodes ?? [];
      expect(Math.max(...nodes.map((node) => node.depth))).toBe(depth);
      sizes.push(nodes.length);
    }
    expect(sizes[0]).toBeLessThan(sizes[1] ?? 0);
    expect(sizes[1]).toBeLessThan(sizes[2] ?? 0);
  });

  it('stops at the node limit, nearest nodes first, and says it left nodes out', async () => {
    const result = await neighborhood({ entity: CHINA, depth: 2, limit: 10 });
    expect(result.errors).toBeUndefined();
    const subgraph = result.data?.neighborhood;
    if (!subgraph) throw new Error('no neighbourhood');
    expect(subgraph.truncated).toBe(true);
    expect(subgraph.nodes).toHaveLength(10);
    expect(subgraph.nodes.every((node) => node.depth <= 1)).toBe(true);
    expectEdgesBetweenNodes(subgraph);

    const whole = await neighborhood({ entity: RYAN_LANCE, depth: 1, limit: 200 });
    expect(whole.data?.neighborhood?.truncated).toBe(false);
  });

  it('says it left nodes out when the first level fills the limit exactly and more lie beyond', async () => {
    const firstLevel = await neighborhood({ entity: RYAN_LANCE, depth: 1, limit: 200 });
    const exactFill = firstLevel.data?.neighborhood?.nodes.length ?? 0;
    expect(exactFill).toBeGreaterThan(2);
    const deeper = await neighborhood({ entity: RYAN_LANCE, depth: 2, limit: 200 });
    expect(deeper.data?.neighborhood?.nodes.length).toBeGreaterThan(exactFill);

    const filled = await neighborhood({ entity: RYAN_LANCE, depth: 2, limit: exactFill });
    expect(filled.errors).toBeUndefined();
    expect(filled.data?.neighborhood?.nodes.map((node) => node.id).sort()).toEqual(
      firstLevel.data?.neighborhood?.nodes.map((node) => node.id).sort(),
    );
    expect(filled.data?.neighborhood?.truncated).toBe(true);
    // Filling the limit with everything within the depth leaves nothing out.
    const all = deeper.data?.neighborhood?.nodes.length ?? 0;
    const whole = await neighborhood({ entity: RYAN_LANCE, depth: 2, limit: all });
    expect(whole.data?.neighborhood?.nodes).toHaveLength(all);
    expect(whole.data?.neighborhood?.truncated).toBe(false);
  });

  it('keeps the entities one hop away before any claim, most mentioned first, then claims in reading order', async () => {
    const reference = defineQuery(
      'neighboursForTest',
      `MATCH (n:Entity {id: $id})
       CALL (n) {
         MATCH (n)-[r]-(m:Entity) WHERE type(r) IN $relations RETURN m
         UNION MATCH (n)-[:HOLDS_ROLE]->(:Role)-[:AT]->(m:Entity) RETURN m
         UNION MATCH (n)<-[:AT]-(:Role)<-[:HOLDS_ROLE]-(m:Entity) RETURN m
         UNION MATCH (n)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(m:Claim) RETURN m
         UNION MATCH (n)<-[:ABOUT]-(m:Claim) RETURN m
       }
       WITH DISTINCT m
       ORDER BY m:Claim, coalesce(m.mentionCount, 0) DESC, m.documentId, m.position, m.id
       RETURN collect(m.id) AS ids`,
      z.object({ ids: z.array(z.string()) }),
    );
    for (const [entity, id] of [
      [CHINA, 'country:china'],
      [LIEBERTHAL, 'person:kenneth-lieberthal'],
      [CONOCOPHILLIPS, 'company:conocophillips'],
    ] as const) {
      const [row] = await db.read(reference, { id, relations: Object.values(RELATION_EDGE_TYPES) });
      const all = row?.ids ?? [];
      expect(all.length).toBeGreaterThan(3);
      for (const limit of [2, 4, all.length, all.length + 1].filter((n) => n < 200)) {
        const result = await neighborhood({ entity, depth: 1, limit: limit + 1 });
        const kept = (result.data?.neighborhood?.nodes ?? [])
          .filter((node) => node.depth === 1)
          .map((node) => Buffer.from(node.id, 'base64').toString('utf8').replace(/^\w+:/, ''));
        expect(kept, `${id} limit ${limit}`).toEqual(all.slice(0, limit));
        expect(result.data?.neighborhood?.truncated).toBe(limit < all.length);
      }
    }
  });

  it('draws every edge between two of its nodes, whatever their depths, checked against the graph', async () => {
    const reference = defineQuery(
      'edgesAmongForTest',
      `MATCH (n) WHERE (n:Entity OR n:Claim) AND n.id IN $ids
       CALL (n) {
         MATCH (n)-[r]->(m:Entity) WHERE type(r) IN $relations AND m.id IN $ids
         RETURN type(r) + ':' + r.id AS id
         UNION ALL MATCH (n)-[:HOLDS_ROLE]->(role:Role)-[:AT]->(m:Entity) WHERE m.id IN $ids
         RETURN 'HOLDS_ROLE:' + role.id AS id
         UNION ALL MATCH (n)<-[:SPEAKER]-(a:Attribution)-[:ATTRIBUTES]->(m:Claim) WHERE m.id IN $ids
         RETURN 'SAID:' + a.id AS id
         UNION ALL MATCH (n:Claim)-[:ABOUT]->(m:Entity) WHERE m.id IN $ids
         RETURN 'ABOUT:' + n.id + '->' + m.id AS id
         UNION ALL MATCH (n:Claim)-[r]->(m:Claim) WHERE type(r) IN $stances AND m.id IN $ids
         RETURN type(r) + ':' + r.id AS id
       }
       RETURN collect(id) AS ids`,
      z.object({ ids: z.array(z.string()) }),
    );
    for (const [entity, depth, limit] of [
      [CHINA, 2, 40],
      [RYAN_LANCE, 3, 120],
      [LIEBERTHAL, 2, 200],
    ] as const) {
      const result = await neighborhood(
        { entity, depth, limit, edgesPerPair: 50 },
        'omittedEdges nodes { id } edges { id source target }',
      );
      expect(result.errors).toBeUndefined();
      const subgraph = result.data?.neighborhood as (Subgraph & { omittedEdges: number }) | null;
      if (!subgraph) throw new Error('no neighbourhood');
      const ids = subgraph.nodes.map((node) => rawId(node.id));
      const [row] = await db.read(reference, {
        ids,
        relations: Object.values(RELATION_EDGE_TYPES),
        stances: Object.values(STANCE_EDGE_TYPES),
      });
      const expected = [...new Set(row?.ids ?? [])].sort();
      expect(expected.length).toBeGreaterThan(subgraph.nodes.length / 2);
      expect(subgraph.edges.map((edge) => edge.id).sort()).toEqual(expected);
      expect(subgraph.omittedEdges).toBe(0);
    }
  });

  it('draws at most edgesPerPair edges between two nodes, who said it before roles, and counts the rest', async () => {
    const fields = 'omittedEdges nodes { id } edges { id type source target evidence { exact } }';
    type Counted = Subgraph & { omittedEdges: number };
    const pairOf = (edge: GraphEdge) => [edge.source, edge.target].sort().join(' ');
    const rank = (type: string) =>
      ['SAID', 'HOLDS_ROLE', ...Object.values(RELATION_EDGE_TYPES)].indexOf(type);
    let seenParallel = false;
    for (const entity of [CHINA, LIEBERTHAL, RYAN_LANCE, CONOCOPHILLIPS]) {
      const all = (await neighborhood({ entity, depth: 2, limit: 200, edgesPerPair: 50 }, fields))
        .data?.neighborhood as Counted | null;
      const one = (await neighborhood({ entity, depth: 2, limit: 200, edgesPerPair: 1 }, fields))
        .data?.neighborhood as Counted | null;
      if (!all || !one) throw new Error('no neighbourhood');
      const pairs = new Map<string, GraphEdge[]>();
      for (const edge of all.edges)
        pairs.set(pairOf(edge), [...(pairs.get(pairOf(edge)) ?? []), edge]);
      seenParallel ||= [...pairs.values()].some((edges) => edges.length > 1);
      expect(one.nodes).toEqual(all.nodes);
      expect(one.edges).toHaveLength(pairs.size);
      expect(one.omittedEdges).toBe(all.edges.length - pairs.size);
      for (const edge of one.edges) {
        const parallel = pairs.get(pairOf(edge)) ?? [];
        const best = Math.min(
          ...parallel.map((other) => (rank(other.type) < 0 ? 99 : rank(other.type))),
        );
        expect(rank(edge.type) < 0 ? 99 : rank(edge.type), edge.id).toBe(best);
        expect(edge.evidence).toEqual(parallel.find((other) => other.id === edge.id)?.evidence);
      }
    }
    expect(seenParallel).toBe(true);
  });

  it('refuses edgesPerPair outside 1 to 50 with BAD_USER_INPUT', async () => {
    for (const edgesPerPair of [0, 51]) {
      const result = await neighborhood({ entity: RYAN_LANCE, edgesPerPair });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain('"edgesPerPair" must be between 1 and 50');
    }
  });

  it('refuses a depth outside 1 to 3 with DEPTH_OUT_OF_RANGE', async () => {
    for (const depth of [0, 4]) {
      const result = await neighborhood({ entity: RYAN_LANCE, depth });
      expect(result.errors?.[0]?.extensions?.code).toBe('DEPTH_OUT_OF_RANGE');
      expect(result.errors?.[0]?.message).toContain('between 1 and 3');
    }
  });

  it('refuses a limit outside 1 to 200 with BAD_USER_INPUT', async () => {
    for (const limit of [0, 201]) {
      const result = await neighborhood({ entity: RYAN_LANCE, limit });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain('between 1 and 200');
    }
  });

  it('is null for a well-formed id of no entity, and INVALID_ID for a malformed one', async () => {
    const missing = await neighborhood({ entity: NOBODY });
    expect(missing.errors).toBeUndefined();
    expect(missing.data?.neighborhood).toBeNull();

    const malformed = await neighborhood({ entity: 'not an id' });
    expect(malformed.errors?.[0]?.extensions?.code).toBe('INVALID_ID');
  });
});

function namesAlong(subgraph: Subgraph): string[] {
  return subgraph.nodes.map((node) => node.label);
}

function expectChain(subgraph: Subgraph): void {
  subgraph.nodes.forEach((node, index) => {
    expect(node.depth).toBe(index);
  });
  subgraph.edges.forEach((edge, index) => {
    const ends = [subgraph.nodes[index]?.id, subgraph.nodes[index + 1]?.id].sort();
    expect([edge.source, edge.target].sort()).toEqual(ends);
  });
  expect(subgraph.edges).toHaveLength(subgraph.nodes.length - 1);
}

describe('path', () => {
  it('links Xu Guangyu and the Pentagon through what they said and how the one claim qualifies the other', async () => {
    const result = await path({ from: XU_GUANGYU, to: PENTAGON });
    expect(result.errors).toBeUndefined();
    const subgraph = result.data?.path;
    if (!subgraph) throw new Error('no path');
    expectChain(subgraph);
    expect(namesAlong(subgraph)).toEqual([
      'Xu Guangyu',
      'Getting information, especially military information, from other countries did not begin with the internet: spying has been around for hundreds of years.',
      'Chinese hackers stole defence technology from US contractors.',
      'Pentagon',
    ]);
    expect(subgraph.edges.map((edge) => edge.type)).toEqual(['SAID', 'QUALIFIES', 'SAID']);
    expect(subgraph.edges[0]?.evidence.map((span) => span.exact)).toContain(
      "Getting information, especially military information from other countries didn't just begin with the internet. Spying has been around for hundreds of years.",
    );
    expect(subgraph.truncated).toBe(false);
  });

  it('links Ryan Lance and Xi Jinping through ConocoPhillips and China', async () => {
    const subgraph = (await path({ from: RYAN_LANCE, to: XI_JINPING })).data?.path;
    if (!subgraph) throw new Error('no path');
    expectChain(subgraph);
    expect(namesAlong(subgraph)).toEqual(['Ryan Lance', 'ConocoPhillips', 'China', 'Xi Jinping']);
    expect(subgraph.edges.map((edge) => [edge.type, edge.label])).toEqual([
      ['HOLDS_ROLE', 'chairman and CEO'],
      ['TARGETED', 'targeted'],
      ['HOLDS_ROLE', 'new leader'],
    ]);
  });

  it('is null when no path is as short as maxLength', async () => {
    const result = await path({ from: RYAN_LANCE, to: XI_JINPING, maxLength: 2 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.path).toBeNull();
  });

  it('runs one statement to read its two ends, then at most one a level', async () => {
    const result = await graphql(
      app,
      `query($from: ID!, $to: ID!) { path(from: $from, to: $to, maxLength: 6) { nodes { id } } }`,
      { from: RYAN_LANCE, to: XI_JINPING },
    );
    // The path has three edges: three levels at most.
    expect((result as Response<unknown>).extensions?.neo4jStatements).toBeLessThanOrEqual(4);
  });

  it('is the entity alone when from and to are the same', async () => {
    const subgraph = (await path({ from: RYAN_LANCE, to: RYAN_LANCE })).data?.path;
    expect(subgraph?.nodes.map((node) => node.label)).toEqual(['Ryan Lance']);
    expect(subgraph?.edges).toEqual([]);
  });

  it('is null when either entity does not exist', async () => {
    for (const [from, to] of [
      [NOBODY, RYAN_LANCE],
      [RYAN_LANCE, NOBODY],
    ]) {
      const result = await path({ from, to });
      expect(result.errors).toBeUndefined();
      expect(result.data?.path).toBeNull();
    }
  });

  it('refuses a maxLength outside 1 to 10 with DEPTH_OUT_OF_RANGE', async () => {
    for (const maxLength of [0, 11]) {
      const result = await path({ from: RYAN_LANCE, to: XI_JINPING, maxLength });
      expect(result.errors?.[0]?.extensions?.code).toBe('DEPTH_OUT_OF_RANGE');
      expect(result.errors?.[0]?.message).toContain('between 1 and 10');
    }
  });
});

describe('path under its node cap (maxNodes)', () => {
  const PAIRS = [
    [LIEBERTHAL, XU_GUANGYU],
    [RYAN_LANCE, XI_JINPING],
  ] as const;

  it('finds the same paths as before with the cap at its default or its maximum', async () => {
    for (const [from, to] of PAIRS) {
      const uncapped = await path({ from, to });
      expect(uncapped.data?.path?.nodes.length).toBeGreaterThan(1);
      for (const maxNodes of [undefined, 2000, 5000]) {
        const capped = await cappedPath({ from, to, maxNodes });
        expect(capped.errors).toBeUndefined();
        expect(capped.data?.path, `maxNodes ${maxNodes}`).toEqual(uncapped.data?.path);
        expect(capped.data?.path?.truncated).toBe(false);
      }
    }
  });

  it('under any cap gives either that same path or truncated, never null or another path', async () => {
    for (const [from, to] of PAIRS) {
      const uncapped = (await path({ from, to })).data?.path;
      let smallest: number | undefined;
      for (let maxNodes = 1; maxNodes <= 200 && smallest === undefined; maxNodes += 1) {
        const capped = await cappedPath({ from, to, maxNodes });
        expect(capped.errors).toBeUndefined();
        const subgraph = capped.data?.path;
        if (subgraph?.truncated) {
          expect(subgraph).toEqual({ truncated: true, nodes: [], edges: [] });
        } else {
          expect(subgraph, `maxNodes ${maxNodes}`).toEqual(uncapped);
          smallest = maxNodes;
        }
      }
      // The tiniest caps stop it; one more than the smallest cap that finds it finds it too.
      expect(smallest).toBeGreaterThan(2);
      const above = await cappedPath({ from, to, maxNodes: (smallest ?? 0) + 1 });
      expect(above.data?.path).toEqual(uncapped);
    }
  });

  it('stops at a tiny cap with truncated true and no path, instead of answering null', async () => {
    const result = await cappedPath({ from: LIEBERTHAL, to: XU_GUANGYU, maxNodes: 2 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.path).toEqual({ truncated: true, nodes: [], edges: [] });
    // Each end alone has more than two neighbours: the first level passes the cap, and it stops.
    expect(result.extensions?.neo4jStatements).toBe(2);
  });

  it('still finds a path whose ends meet in the level that passes the cap', async () => {
    const uncapped = await path({ from: RYAN_LANCE, to: CONOCOPHILLIPS });
    const capped = await cappedPath({ from: RYAN_LANCE, to: CONOCOPHILLIPS, maxNodes: 1 });
    expect(capped.errors).toBeUndefined();
    const subgraph = capped.data?.path;
    if (!subgraph) throw new Error('no path');
    expect(namesAlong(subgraph)).toEqual(['Ryan Lance', 'ConocoPhillips']);
    expect(subgraph).toEqual(uncapped.data?.path);
  });

  it('reaches an entity with many edges from the other end rather than expanding it', async () => {
    const uncapped = (await path({ from: CHINA, to: RYAN_LANCE })).data?.path;
    expect(uncapped && namesAlong(uncapped)).toEqual(['China', 'ConocoPhillips', 'Ryan Lance']);
    // China alone has more neighbours than the cap: expanded first, it would stop the search.
    const around = await neighborhood({ entity: CHINA, depth: 1, limit: 200 });
    expect(around.data?.neighborhood?.nodes.length).toBeGreaterThan(11);
    for (const [from, to] of [
      [CHINA, RYAN_LANCE],
      [RYAN_LANCE, CHINA],
    ]) {
      const capped = await cappedPath({ from, to, maxNodes: 10 });
      expect(capped.errors).toBeUndefined();
      expect(capped.data?.path?.truncated).toBe(false);
      expect(capped.data?.path?.nodes.map((node) => node.id).sort()).toEqual(
        uncapped?.nodes.map((node) => node.id).sort(),
      );
    }
  });

  it('is null, not truncated, when the cap is passed only on the last level maxLength allows', async () => {
    const result = await cappedPath({
      from: RYAN_LANCE,
      to: XI_JINPING,
      maxLength: 1,
      maxNodes: 1,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.path).toBeNull();
  });

  it('is null, not truncated, when an entity is missing, even if the cap stops the search first', async () => {
    for (const [from, to] of [
      [CHINA, NOBODY],
      [NOBODY, CHINA],
    ]) {
      const result = await cappedPath({ from, to, maxNodes: 1 });
      expect(result.errors).toBeUndefined();
      expect(result.data?.path).toBeNull();
    }
  });

  it('refuses a maxNodes outside 1 to 5000 with BAD_USER_INPUT, the value and the range', async () => {
    for (const maxNodes of [0, -3, 5001, 1_000_000]) {
      const result = await cappedPath({ from: RYAN_LANCE, to: XI_JINPING, maxNodes });
      expect(result.data?.path).toBeNull();
      const error = result.errors?.[0];
      expect(error?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'maxNodes',
        value: maxNodes,
        min: 1,
        max: 5000,
      });
      expect(error?.message).toContain(`"maxNodes" must be between 1 and 5000; got ${maxNodes}`);
    }
  });
});
