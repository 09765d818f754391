import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineQuery } from '../../src/neo4j/database.ts';
import { type GraphQLResponse, graphql, testApp } from '../helpers/app.ts';
import { applySchemaAsAtStartUp, useTestDatabase } from '../helpers/database.ts';

const db = useTestDatabase();
const app = testApp(db);

interface Hit {
  score: number;
  kind: 'ENTITY' | 'CLAIM' | 'QUOTE';
  snippet: string;
  highlightedSnippet: string;
  highlights: { start: number; end: number }[];
  quotedClaims: { proposition: string; speakers: { name?: string }[] }[];
  result: {
    __typename: string;
    id: string;
    name?: string;
    proposition?: string;
    exact?: string;
    start?: number;
    end?: number;
  };
}

interface SearchData {
  search: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: Hit }[];
  };
}

const SEARCH = `query Search($query: String!, $kinds: [SearchKind!], $first: Int, $after: String) {
  search(query: $query, kinds: $kinds, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        score
        kind
        snippet
        highlightedSnippet
        highlights { start end }
        quotedClaims { proposition speakers { ... on Entity { name } } }
        result {
          __typename
          ... on Node { id }
          ... on Entity { name }
          ... on Claim { proposition }
          ... on Span { exact start end }
        }
      }
    }
  }
}`;

type Response<Data> = GraphQLResponse<Data> & { extensions?: { neo4jStatements?: number } };

async function search(variables: Record<string, unknown>): Promise<Response<SearchData>> {
  return graphql<SearchData>(app, SEARCH, variables);
}

async function hits(variables: Record<string, unknown>): Promise<Hit[]> {
  const result = await search(variables);
  expect(result.errors).toBeUndefined();
  return result.data?.search.edges.map((edge) => edge.node) ?? [];
}

describe('search', () => {
  it("finds Lieberthal's quote by a word in it, with the word marked in the snippet", async () => {
    const found = await hits({ query: 'enormous' });
    const quote = found.find((hit) => hit.result.exact === 'the quantity is enormous');
    expect(quote).toMatchObject({
      kind: 'QUOTE',
      snippet: 'the quantity is enormous',
      highlightedSnippet: 'the quantity is <mark>enormous</mark>',
      highlights: [{ start: 16, end: 24 }],
      result: { __typename: 'Span', start: 1176, end: 1200 },
    });
    expect(quote?.quotedClaims).toEqual([
      {
        proposition: 'The quantity of cyber theft by hackers is enormous.',
        speakers: [{ name: 'Kenneth Lieberthal' }],
      },
    ]);
  });

  it('finds an entity by a case and accent variant of its name', async () => {
    const [first] = await hits({ query: 'LIEBERTHÁL' });
    expect(first).toMatchObject({
      kind: 'ENTITY',
      snippet: 'Kenneth Lieberthal',
      highlightedSnippet: 'Kenneth <mark>Lieberthal</mark>',
      result: { __typename: 'Person', name: 'Kenneth Lieberthal' },
    });
  });

  it('finds an entity by an alias and shows which alias matched', async () => {
    const found = await hits({ query: 'barrack', kinds: ['ENTITY'] });
    expect(found.map((hit) => [hit.result.name, hit.highlightedSnippet])).toEqual([
      ['Barack Obama', 'Barack Obama (<mark>Barrack</mark> Obama)'],
    ]);
  });

  it('mixes entities, claims and quotes in one list, best first', async () => {
    const found = await hits({ query: 'hackers', first: 100 });
    expect(new Set(found.map((hit) => hit.kind))).toEqual(new Set(['ENTITY', 'CLAIM', 'QUOTE']));
    const scores = found.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const hit of found) {
      expect(hit.highlightedSnippet.toLowerCase()).toContain('<mark>hackers</mark>');
    }
  });

  it('keeps only the kinds asked for', async () => {
    const found = await hits({ query: 'china', kinds: ['CLAIM'], first: 100 });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((hit) => hit.kind === 'CLAIM' && hit.result.__typename === 'Claim')).toBe(
      true,
    );
  });

  it('pages forwards through every hit without gaps or repeats', async () => {
    const whole = await search({ query: 'china', first: 100 });
    expect(whole.errors).toBeUndefined();
    const total = whole.data?.search.totalCount ?? 0;
    expect(total).toBeGreaterThan(30);
    const expected = whole.data?.search.edges.map((edge) => edge.node.result.id) ?? [];
    expect(expected).toHaveLength(total);

    const paged: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const result = await search({ query: 'china', first: 7, after });
      expect(result.errors).toBeUndefined();
      const connection = result.data?.search;
      expect(connection?.totalCount).toBe(total);
      paged.push(...(connection?.edges.map((edge) => edge.node.result.id) ?? []));
      if (!connection?.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(paged).toEqual(expected);
    expect(new Set(paged).size).toBe(total);
  });

  it('treats query syntax as plain text: no Lucene error for any input', async () => {
    for (const query of ['C++ (attack)', '"unbalanced', 'cyber AND', 'title:x*', '\\', '&& || !']) {
      const result = await search({ query });
      expect(result.errors, query).toBeUndefined();
    }
    const found = await hits({ query: 'C++ (attack)' });
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]?.highlightedSnippet).toContain('<mark>attack</mark>');
  });

  it('refuses an empty or blank query with BAD_USER_INPUT', async () => {
    for (const query of ['', '   ']) {
      const result = await search({ query });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/empty/);
    }
  });

  it('refuses pages over 100 with PAGE_SIZE_OUT_OF_RANGE and foreign cursors with INVALID_CURSOR', async () => {
    const tooMany = await search({ query: 'china', first: 101 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_OUT_OF_RANGE');
    const badCursor = await search({ query: 'china', after: 'not-a-cursor' });
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });

  it('reads a page of hits and what they point at in a number of statements that does not grow with the page', async () => {
    const lean = `query($first: Int) { search(query: "china", first: $first) {
      edges { node { kind result { ... on Node { id } ... on Entity { name } ... on Span { exact } } } }
    } }`;
    const small = (await graphql(app, lean, { first: 20 })) as Response<unknown>;
    const large = (await graphql(app, lean, { first: 100 })) as Response<unknown>;
    expect(large.errors).toBeUndefined();
    expect(large.extensions?.neo4jStatements).toBeLessThanOrEqual(4);
    expect(large.extensions?.neo4jStatements).toBe(small.extensions?.neo4jStatements);
    const full = await search({ query: 'china', first: 100 });
    const fewer = await search({ query: 'china', first: 20 });
    expect(full.extensions?.neo4jStatements).toBe(fewer.extensions?.neo4jStatements);
  });

  it('indexes the quoted words only: a name is found as a quote only where someone is quoted saying it', async () => {
    const quotes = await hits({ query: 'Lieberthal', kinds: ['QUOTE'], first: 100 });
    expect(quotes.every((hit) => hit.quotedClaims.length > 0)).toBe(true);
    const [row] = await db.read(quoteCounts);
    expect(row?.quotes).toBeGreaterThan(0);
    expect(row?.quotes).toBe(row?.evidence);
    expect(row?.spans).toBeGreaterThan(row?.quotes ?? 0);
  });

  it('brings a database from before evidence properties up to date: span links become ids, quotes keep their claims', async () => {
    const before = await db.read(spanReferences);
    expect(before.length).toBeGreaterThan(0);
    await db.write(asBeforeEvidenceProperties);
    await db.write(forgetMigration, { name: 'evidence-properties' });
    await db.write(defineQuery('dropQuoteIndex', 'DROP INDEX quote_text IF EXISTS', z.object({})));
    await db.write(
      defineQuery(
        'createOldSpanIndex',
        'CREATE FULLTEXT INDEX span_text IF NOT EXISTS FOR (n:Span) ON EACH [n.exact]',
        z.object({}),
      ),
    );
    const [links] = await db.read(spanLinkCount);
    expect(links?.count).toBeGreaterThan(0);
    await applySchemaAsAtStartUp(db);
    const indexes = await db.read(
      defineQuery(
        'fulltextIndexes',
        "SHOW INDEXES YIELD name, type WHERE type = 'FULLTEXT' RETURN name",
        z.object({ name: z.string() }),
      ),
    );
    expect(indexes.map((index) => index.name).sort()).toEqual([
      'claim_propositions',
      'entity_names',
      'quote_text',
    ]);
    // A list an old database kept as no links at all comes back absent rather than empty.
    const emptyAsAbsent = (rows: typeof before) =>
      rows.map(({ reference }) =>
        Object.fromEntries(
          Object.entries(reference).filter(
            ([, value]) => value !== null && !(Array.isArray(value) && value.length === 0),
          ),
        ),
      );
    expect(emptyAsAbsent(await db.read(spanReferences))).toEqual(emptyAsAbsent(before));
    expect((await db.read(spanLinkCount))[0]?.count).toBe(0);
    const [row] = await db.read(quoteCounts);
    expect(row?.quotes).toBe(row?.evidence);
    const found = await hits({ query: 'enormous', kinds: ['QUOTE'] });
    expect(found.map((hit) => hit.result.exact)).toContain('the quantity is enormous');
    expect(found.every((hit) => hit.quotedClaims.length > 0)).toBe(true);
  });
});

const quoteCounts = defineQuery(
  'quoteCounts',
  `RETURN COUNT { MATCH (s:Quote) } AS quotes, COUNT { MATCH (s:Span) } AS spans,
          COUNT { MATCH (a:Attribution) UNWIND a.evidenceSpanIds AS id WITH DISTINCT id RETURN id }
            AS evidence`,
  z.object({ quotes: z.number().int(), spans: z.number().int(), evidence: z.number().int() }),
);

/** Every span id an item holds, and the claims each quote is quoted for. */
const spanReferences = defineQuery(
  'testSpanReferences',
  `CALL () {
     MATCH (x) WHERE x:Role OR x:Attribution OR x:Quantity OR x:Comment
     RETURN x { .id, .evidenceSpanIds, .hedgeSpanIds, .cueSpanId, .spanId, .textSpanId,
                .labelSpanId } AS reference
     UNION ALL
     MATCH (s:Quote) RETURN s { .id, .quotedIn } AS reference
   }
   RETURN reference ORDER BY reference.id`,
  z.object({ reference: z.record(z.string(), z.unknown()) }),
);

const spanLinkCount = defineQuery(
  'testSpanLinkCount',
  `MATCH ()-[r:EVIDENCED_BY|HEDGED_BY|CUED_BY|STATED_AT|TEXT_AT|LABELLED_AT]->(:Span)
   RETURN count(r) AS count`,
  z.object({ count: z.number().int() }),
);

/** The graph as a loader before graph-format-8 left it: links to spans, quotes without claims. */
const asBeforeEvidenceProperties = defineQuery(
  'testAsBeforeEvidenceProperties',
  `CALL () {
     MATCH (x) WHERE (x:Role OR x:Attribution) AND x.evidenceSpanIds IS NOT NULL
     UNWIND range(0, size(x.evidenceSpanIds) - 1) AS i
     MATCH (s:Span {id: x.evidenceSpanIds[i]})
     CREATE (x)-[:EVIDENCED_BY {ordinal: i}]->(s)
   }
   CALL () {
     MATCH (a:Attribution) WHERE a.hedgeSpanIds IS NOT NULL
     UNWIND range(0, size(a.hedgeSpanIds) - 1) AS i
     MATCH (s:Span {id: a.hedgeSpanIds[i]})
     CREATE (a)-[:HEDGED_BY {ordinal: i}]->(s)
   }
   CALL () { MATCH (a:Attribution), (s:Span {id: a.cueSpanId}) CREATE (a)-[:CUED_BY]->(s) }
   CALL () { MATCH (q:Quantity), (s:Span {id: q.spanId}) CREATE (q)-[:STATED_AT]->(s) }
   CALL () {
     MATCH (k:Comment), (text:Span {id: k.textSpanId}), (label:Span {id: k.labelSpanId})
     CREATE (k)-[:TEXT_AT]->(text), (k)-[:LABELLED_AT]->(label)
   }
   CALL () {
     MATCH (x) WHERE x:Role OR x:Attribution OR x:Quantity OR x:Comment
     REMOVE x.evidenceSpanIds, x.hedgeSpanIds, x.cueSpanId, x.spanId, x.textSpanId, x.labelSpanId
   }
   CALL () { MATCH (s:Quote) REMOVE s:Quote, s.quotedIn }
   RETURN 1 AS count`,
  z.object({ count: z.number().int() }),
);

const forgetMigration = defineQuery(
  'forgetMigration',
  'MATCH (m:Migration {name: $name}) DELETE m RETURN count(*) AS count',
  z.object({ count: z.number().int() }),
);
