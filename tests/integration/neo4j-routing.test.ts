import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../../src/config.ts';
import { defineQuery, GraphDatabase } from '../../src/neo4j/database.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { globalId, query, testApp } from '../helpers/app.ts';
import { testNeo4j } from '../helpers/database.ts';

/**
 * The API through a routing driver (neo4j://), as on a cluster or Aura: the driver asks the test
 * Neo4j for its routing table and picks a reader or the writer from it for every statement. A
 * single Community instance answers the routing protocol with itself in every role.
 */

/** The routing form of a direct URI: bolt://host:port → neo4j://host:port (TLS kept). */
function routingUri(uri: string): string {
  return uri.replace(
    /^bolt(\+s|\+ssc)?:\/\//,
    (_, tls: string | undefined) => `neo4j${tls ?? ''}://`,
  );
}

const neo4jServer = testNeo4j();
const uri = routingUri(neo4jServer.uri);
const database = process.env.NEO4J_DATABASE ?? 'neo4j';

// Settings as the service takes them from its environment, away from the defaults so that they
// show: two records per batch, and every pooled connection checked before it is reused.
const connections = parseConfig({
  NEO4J_FETCH_SIZE: '2',
  NEO4J_MAX_CONNECTION_LIFETIME_MS: '60000',
  NEO4J_CONNECTION_LIVENESS_CHECK_MS: '0',
}).neo4jConnections;

/** What the driver logs: it says when it fetched a routing table, and what the table held. */
const driverLog: string[] = [];
const driver = createDriver({
  uri,
  user: neo4jServer.user,
  password: neo4jServer.password,
  ...connections,
  logging: { level: 'info', logger: (level, message) => driverLog.push(`${level} ${message}`) },
});
// Closed when the file is done, whether its tests pass or fail: no connection is left open.
afterAll(() => driver.close());

// A cold Neo4j on a busy machine can take seconds to plan a query (see helpers/database.ts).
const db = new GraphDatabase(driver, database, {
  limits: { statementTimeoutMs: 60_000, writeTimeoutMs: 120_000, requestBudgetMs: 120_000 },
});
const app = testApp(db);

const routingTableQuery = defineQuery(
  'testRoutingTable',
  'CALL dbms.routing.getRoutingTable({}, $database) YIELD ttl, servers RETURN ttl, servers',
  z.object({
    ttl: z.number(),
    servers: z.array(z.object({ addresses: z.array(z.string()), role: z.string() })),
  }),
);

const probeRow = z.object({ id: z.string() });
const createProbe = defineQuery(
  'testCreateRoutingProbe',
  'CREATE (probe:RoutingProbe {id: $id}) RETURN probe.id AS id',
  probeRow,
);
const findProbe = defineQuery(
  'testFindRoutingProbe',
  'MATCH (probe:RoutingProbe {id: $id}) RETURN probe.id AS id',
  probeRow,
);
const deleteProbe = defineQuery(
  'testDeleteRoutingProbe',
  'MATCH (probe:RoutingProbe {id: $id}) DELETE probe RETURN $id AS id',
  probeRow,
);

interface ClaimPage {
  totalCount: number;
  edges: {
    node: {
      key: string;
      proposition: string;
      attributions: { mode: string; speaker: { name: string }; evidence: { exact: string }[] }[];
    };
  }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const CLAIM_FIELDS = `totalCount
  edges { node { key proposition
    attributions { mode speaker { ... on Entity { name } } evidence { exact } } } }
  pageInfo { hasNextPage endCursor }`;

const quotesOf = (page: ClaimPage) =>
  page.edges.flatMap((edge) =>
    edge.node.attributions.flatMap((a) => a.evidence.map((span) => span.exact)),
  );

// Ryan Lance's four direct quotes, in reading order (seed/000_6cfdbb14dfc71039.annotations.yaml).
const LANCE_QUOTED_CLAIMS = [
  'claim:conocophillips-daily-intrusions',
  'claim:intrusions-from-all-over-the-world',
  'claim:conocophillips-protects-its-data',
  'claim:conocophillips-targeted-from-china',
];

describe('the API through a neo4j:// URI', () => {
  it('uses a routing driver, which fetches a routing table with readers and writers', async () => {
    expect(new URL(uri).protocol).toMatch(/^neo4j(\+s|\+ssc)?:$/);
    const server = await driver.getServerInfo({ database });
    expect(server.address).toBeTruthy();

    const updates = driverLog.filter((line) => line.includes('Updated routing table'));
    expect(updates.length, driverLog.join('\n')).toBeGreaterThan(0);
    const table = /readers=\[([^\]]*)\], writers=\[([^\]]*)\]/.exec(updates.at(-1) ?? '');
    const [readers, writers] = [table?.[1] ?? '', table?.[2] ?? ''];
    expect(readers.split(',')).toContain(server.address);
    expect(writers.split(',')).toContain(server.address);

    // Neo4j's own answer to the routing protocol, read through the routing driver.
    const [routing] = await db.read(routingTableQuery, { database });
    const roles = new Map(routing?.servers.map((entry) => [entry.role, entry.addresses]));
    expect([...roles.keys()].sort()).toEqual(['READ', 'ROUTE', 'WRITE']);
    expect(roles.get('READ')).toContain(server.address);
  });

  it('finds an entity by name with the claims it makes, word for word', async () => {
    const { data, statements } = await query<{
      entity: { name: string; kind: string; claimsMade: ClaimPage };
    }>(
      app,
      `{ entity(name: "ryan lance") { name kind
          claimsMade(first: 2, filter: { modes: [DIRECT_QUOTE] }) { ${CLAIM_FIELDS} } } }`,
    );
    expect(statements).toBeGreaterThan(0);
    expect(data.entity.name).toBe('Ryan Lance');
    expect(data.entity.kind).toBe('PERSON');
    expect(data.entity.claimsMade.totalCount).toBe(4);
    expect(data.entity.claimsMade.edges.map((edge) => edge.node.key)).toEqual(
      LANCE_QUOTED_CLAIMS.slice(0, 2),
    );
    expect(data.entity.claimsMade.edges[0]?.node.proposition).toBe(
      'ConocoPhillips gets intrusions into its systems daily.',
    );
    expect(quotesOf(data.entity.claimsMade)).toContain('We get intrusions into our systems daily');
    expect(data.entity.claimsMade.pageInfo.hasNextPage).toBe(true);
  });

  it('pages claims with a cursor: the second page follows the first without a gap', async () => {
    const CLAIMS = `query Claims($filter: ClaimFilter, $first: Int, $after: String) {
      claims(filter: $filter, first: $first, after: $after) { ${CLAIM_FIELDS} } }`;
    const filter = { speaker: globalId('Person', 'person:ryan-lance'), modes: ['DIRECT_QUOTE'] };
    const first = await query<{ claims: ClaimPage }>(app, CLAIMS, { filter, first: 3 });
    expect(first.data.claims.totalCount).toBe(4);
    expect(first.data.claims.pageInfo.hasNextPage).toBe(true);
    const after = first.data.claims.pageInfo.endCursor;
    expect(after).toEqual(expect.any(String));

    const second = await query<{ claims: ClaimPage }>(app, CLAIMS, { filter, first: 3, after });
    expect(second.data.claims.totalCount).toBe(4);
    expect(second.data.claims.pageInfo.hasNextPage).toBe(false);
    expect(
      [...first.data.claims.edges, ...second.data.claims.edges].map((edge) => edge.node.key),
    ).toEqual(LANCE_QUOTED_CLAIMS);
    expect(second.data.claims.edges[0]?.node.proposition).toBe(
      "ConocoPhillips' computers are being targeted from China.",
    );
    expect(quotesOf(second.data.claims)).toContain('We believe so. Yes.');
    for (const edge of [...first.data.claims.edges, ...second.data.claims.edges]) {
      expect(
        edge.node.attributions.some(
          (a) => a.speaker.name === 'Ryan Lance' && a.mode === 'DIRECT_QUOTE',
        ),
      ).toBe(true);
    }
  });

  it('searches: a word of a quote finds the quote, its place on the page and who said it', async () => {
    const { data } = await query<{
      search: {
        edges: {
          node: {
            kind: string;
            highlightedSnippet: string;
            quotedClaims: { proposition: string; speakers: { name?: string }[] }[];
            result: { __typename: string; exact?: string; start?: number; end?: number };
          };
        }[];
      };
    }>(
      app,
      `{ search(query: "enormous") { edges { node { kind highlightedSnippet
          quotedClaims { proposition speakers { ... on Entity { name } } }
          result { __typename ... on Span { exact start end } } } } } }`,
    );
    const quote = data.search.edges.find((edge) => edge.node.kind === 'QUOTE')?.node;
    expect(quote).toEqual({
      kind: 'QUOTE',
      highlightedSnippet: 'the quantity is <mark>enormous</mark>',
      quotedClaims: [
        {
          proposition: 'The quantity of cyber theft by hackers is enormous.',
          speakers: [{ name: 'Kenneth Lieberthal' }],
        },
      ],
      result: { __typename: 'Span', exact: 'the quantity is enormous', start: 1176, end: 1200 },
    });
  });

  it('sends reads as reads: Neo4j refuses a write sent through GraphDatabase.read', async () => {
    const id = `routing-probe-${randomUUID()}`;
    try {
      await expect(db.read(createProbe, { id })).rejects.toMatchObject({
        code: 'Neo.ClientError.Statement.AccessMode',
      });
      expect(await db.read(findProbe, { id })).toEqual([]);
    } finally {
      // Only if Neo4j took the write after all; nothing of this test stays in the graph.
      await db.write(deleteProbe, { id });
    }
  });

  it('sees its own write in the next read, through the bookmarks reads and writes share', async () => {
    const id = `routing-probe-${randomUUID()}`;
    try {
      expect(await db.write(createProbe, { id })).toEqual([{ id }]);
      const bookmarks = [...(await driver.executeQueryBookmarkManager.getBookmarks())];
      expect(bookmarks.length).toBeGreaterThan(0);
      expect(await db.read(findProbe, { id })).toEqual([{ id }]);
    } finally {
      await db.write(deleteProbe, { id });
    }
    expect(await db.read(findProbe, { id })).toEqual([]);
  });

  it('reads a result of many batches whole with a fetch size of two', async () => {
    expect(connections.fetchSize).toBe(2);
    const numbers = defineQuery(
      'testManyRows',
      'UNWIND range(1, 25) AS n RETURN n',
      z.object({ n: z.number() }),
    );
    const rows = await db.read(numbers);
    expect(rows.map((row) => row.n)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });
});
