import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface ProfiledPlanNode {
  rows: number;
  arguments?: Record<string, unknown>;
  children: ProfiledPlanNode[];
}

import { z } from 'zod';
import { bareNodes, measureBareRecords } from '../../bench/scale/bare-records.ts';
import { createEntityPool, documentName } from '../../bench/scale/generate.ts';
import { importGenerated, removeImported } from '../../bench/scale/import.ts';
import {
  type LoadFigures,
  loadGenerated,
  loadSideBySide,
  prepareGenerated,
  removeGenerated,
} from '../../bench/scale/load.ts';
import { profileLoading } from '../../bench/scale/load-profile.ts';
import { profileStatements, RecordingDatabase } from '../../bench/scale/profile.ts';
import { findInputs, type ScaleInputs, scaleQueries } from '../../bench/scale/queries.ts';
import { type ClaimFilter, claimFilterCypher, claimParams } from '../../src/graph/claim-store.ts';
import { fetchClaimPage } from '../../src/graph/fetch-tree.ts';
import { nameKey } from '../../src/graph/model.ts';
import { pageRequest } from '../../src/graph/pagination.ts';
import { defineQuery } from '../../src/neo4j/database.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import type { GraphRows } from '../../src/seed/graph-rows.ts';
import { removeDocumentGraph } from '../../src/seed/loader.ts';
import { graphql, testApp } from '../helpers/app.ts';
import { NO_CLAIM_FILTER } from '../helpers/claim-filters.ts';
import { testNeo4j } from '../helpers/database.ts';
import {
  claimProfilesAndClaims,
  entityLinksThatDiffer,
  entityStatisticsThatDiffer,
} from '../helpers/graph-counts.ts';

// npm run bench:scale grows the graph to a thousand generated documents; this keeps its
// generator, its loading and its queries working on the article plus a handful of documents,
// and leaves the graph as it found it.
const SEED = 7;
const GENERATED = 5;
const driver = createDriver(testNeo4j());
const db = new RecordingDatabase(driver, process.env.NEO4J_DATABASE ?? 'neo4j', {
  limits: { statementTimeoutMs: 60_000, writeTimeoutMs: 120_000, requestBudgetMs: 120_000 },
});
const app = testApp(db);
let inputs: ScaleInputs;
const kindCount = z.object({ kind: z.string(), count: z.number().int() });

async function post(query: string, variables: Record<string, unknown> = {}) {
  const answer = await graphql(app, query, variables);
  if (answer.errors || !answer.data) throw new Error(JSON.stringify(answer.errors));
  return answer.data;
}

async function documentCount(): Promise<number> {
  const data = (await post('{ stats { documents } }')) as { stats: { documents: number } };
  return data.stats.documents;
}

let documentsBefore = 0;
let loaded: LoadFigures | undefined;

beforeAll(async () => {
  documentsBefore = await documentCount();
  // Batches of two: the last one is short, and one is prepared while the one before is written.
  loaded = await loadGenerated(db, {
    seed: SEED,
    pool: createEntityPool(SEED, 200),
    from: 0,
    to: GENERATED,
    batchSize: 2,
  });
  inputs = await findInputs(post);
}, 180_000);

afterAll(async () => {
  for (let index = 0; index < GENERATED; index += 1) {
    await removeDocumentGraph(db, `doc:${documentName(SEED, index)}`);
  }
  const left = await documentCount();
  await driver.close();
  expect(left).toBe(documentsBefore);
}, 180_000);

describe('the scale benchmark on the article and five generated documents', () => {
  it('loads generated documents through the validator and the loader', async () => {
    expect(await documentCount()).toBe(documentsBefore + GENERATED);
    expect(loaded?.documents).toBe(GENERATED);
    expect(loaded?.loaderCpuMsPerDocument).toBeGreaterThan(0);
    // Without Neo4j's pid (a test may run against any server), only this process's memory.
    expect(loaded?.memory.loaderRssMb).toBeGreaterThan(loaded?.memory.loaderHeapMb ?? 0);
    expect(loaded?.memory.loaderHeapMb).toBeGreaterThan(0);
    expect(loaded?.memory.neo4jRssMb).toBeNull();
    const data = (await post('{ documents(first: 10) { edges { node { id } } } }')) as {
      documents: { edges: { node: { id: string } }[] };
    };
    expect(data.documents.edges.length).toBe(documentsBefore + GENERATED);
  });

  it('loads with one loader, then two side by side on their own documents, and takes them away', async () => {
    const rounds = await loadSideBySide(db, {
      seed: SEED,
      pool: createEntityPool(SEED, 200),
      from: 200,
      writers: 2,
      documentsPerLoader: 2,
      batchSize: 1,
      neo4jPid: null,
    });
    expect(rounds.map(({ writers, documents }) => ({ writers, documents }))).toEqual([
      { writers: 1, documents: 2 },
      { writers: 2, documents: 4 },
    ]);
    expect(rounds.every((round) => round.documentsPerSecond > 0)).toBe(true);
    expect(await documentCount()).toBe(documentsBefore + GENERATED);
    expect(await entityStatisticsThatDiffer(db)).toEqual([]);
    expect(await entityLinksThatDiffer(db)).toEqual({ missingOrWrong: [], extra: [] });
  });

  it('imports generated documents as npm run import does, with their history, and takes both away', async () => {
    const range = { seed: SEED, pool: createEntityPool(SEED, 200), from: 300, to: 302 };
    const changes = defineQuery(
      'testImportChanges',
      `MATCH (c:Change {kind: 'IMPORT'}) WHERE c.documentId IN $ids
       RETURN c.by AS by, c.documentId AS documentId ORDER BY documentId`,
      z.object({ by: z.string(), documentId: z.string() }),
    );
    const ids = [300, 301].map((index) => `doc:${documentName(SEED, index)}`);
    try {
      const figures = await importGenerated(db, { ...range, neo4jPid: null });
      expect(figures.documents).toBe(2);
      expect(figures.documentsPerSecond).toBeGreaterThan(0);
      // The pool's entities recur: the second document finds some of the first one's.
      expect(figures.matched).toBeGreaterThan(0);
      expect(figures.matched + figures.created).toBeGreaterThan(0);
      expect(await documentCount()).toBe(documentsBefore + GENERATED + 2);
      expect(await db.read(changes, { ids })).toEqual(
        ids.map((documentId) => ({ by: 'bench:scale', documentId })),
      );
    } finally {
      await removeImported(db, range.seed, range.from, range.to);
    }
    expect(await documentCount()).toBe(documentsBefore + GENERATED);
    expect(await db.read(changes, { ids })).toEqual([]);
    expect(await entityStatisticsThatDiffer(db)).toEqual([]);
  });

  it("writes generated documents' bare records, the floor of loading, and takes them away", async () => {
    const pool = createEntityPool(SEED, 200);
    const rows = [100, 101].map((index) => prepareGenerated({ seed: SEED, pool }, index));
    const bare = await measureBareRecords(driver, db.database, rows, {
      relationshipsPerDocument: 40,
      batchSize: 2,
      neo4jPid: null,
    });
    const nodes = rows.map((document) => bareNodes(document).length);
    expect(bare.documents).toBe(2);
    expect(bare.nodesPerDocument).toBe(((nodes[0] ?? 0) + (nodes[1] ?? 0)) / 2);
    expect(bare.nodesPerDocument).toBeGreaterThan(rows[0]?.spans.length ?? 0);
    expect(bare.relationshipsPerDocument).toBe(40);
    expect(bare.documentsPerSecond).toBeGreaterThan(0);
    const [left] = await db.read(
      defineQuery(
        'testBareRecordsLeft',
        'MATCH (n:BenchBareRecord) RETURN count(n) AS count',
        z.object({ count: z.number().int() }),
      ),
      {},
    );
    expect(left?.count).toBe(0);
  });

  it('profiles each statement of a load, with what it wrote, database hits and plan, and times the commit apart', async () => {
    const pool = createEntityPool(SEED, 200);
    const rows = [300, 301, 302, 303, 304].map((index) =>
      prepareGenerated({ seed: SEED, pool }, index),
    );
    try {
      const profile = await profileLoading(driver, db.database, rows, {
        batchSize: 2,
        neo4jPid: null,
      });
      // The first batch warms the profiled statements up and is not counted.
      const counted = rows.slice(2);
      expect(profile.documents).toBe(counted.length);
      expect(profile.commitMsPerDocument).toBeGreaterThan(0);
      expect(profile.statementsMsPerDocument).toBeGreaterThan(0);
      const byName = new Map(profile.statements.map((statement) => [statement.name, statement]));
      const average = (count: (document: GraphRows) => number) =>
        counted.reduce((sum, document) => sum + count(document), 0) / counted.length;
      expect(byName.get('mergeSpans')?.items).toBe(average((document) => document.spans.length));
      expect(byName.get('mergeClaims')?.items).toBe(average((document) => document.claims.length));
      expect(byName.get('mergeMentions')?.dbHits).toBeGreaterThan(
        average((document) => document.mentions.length),
      );
      // Each mention finds its entity and its span by their unique ids.
      expect(Object.keys(byName.get('mergeMentions')?.starts ?? {})).toContain(
        'NodeUniqueIndexSeek(Locking)',
      );
      expect(profile.dbHitsPerDocument).toBe(
        profile.statements.reduce((sum, statement) => sum + statement.dbHits, 0),
      );
      expect(await documentCount()).toBe(documentsBefore + GENERATED + rows.length);
    } finally {
      await removeGenerated(db, SEED, 300, 305);
    }
    expect(await documentCount()).toBe(documentsBefore + GENERATED);
    expect(await entityStatisticsThatDiffer(db)).toEqual([]);
  });

  it('answers every query of the mix without errors, in a bounded number of statements', async () => {
    for (const query of scaleQueries(inputs)) {
      db.take();
      const answer = await graphql(app, query.query, query.variables);
      expect(answer.errors, query.name).toBeUndefined();
      expect(answer.data, query.name).toBeTruthy();
      // A path expands level by level; the article's page reads the document, its claims, its
      // mentions and their entities.
      const bound = { path: 8, articleClaimsAndMentions: 4 }[query.name] ?? 2;
      expect(db.take().length, query.name).toBeLessThanOrEqual(bound);
    }
  });

  it("reads the article's own claims and mentions, with their totals, whatever else the graph holds", async () => {
    const [query] = scaleQueries(inputs).filter((q) => q.name === 'articleClaimsAndMentions');
    if (!query) throw new Error('no article query');
    const data = (await post(query.query, query.variables)) as {
      document: {
        claims: { totalCount: number; edges: unknown[] };
        mentions: { totalCount: number; edges: unknown[] };
      };
    };
    const [counted] = await db.read(
      defineQuery(
        'testArticleCounts',
        `MATCH (d:Document {id: $id})
         RETURN COUNT { MATCH (c:Claim) WHERE c.documentId = d.id } AS claims,
                COUNT { MATCH (:Entity)-[m:MENTIONED_AT]->(s:Span) WHERE s.documentId = d.id } AS mentions`,
        z.object({ claims: z.number().int(), mentions: z.number().int() }),
      ),
      { id: inputs.article },
    );
    expect(data.document.claims.totalCount).toBe(counted?.claims);
    expect(data.document.mentions.totalCount).toBe(counted?.mentions);
    expect(data.document.claims.edges).toHaveLength(20);
    expect(data.document.mentions.edges).toHaveLength(20);
  });

  it('adds up stats by claim type, source and mode from the documents, as counting every claim gives', async () => {
    const counted = async (cypher: string) =>
      Object.fromEntries(
        (await db.read(defineQuery('countedForTest', cypher, kindCount), {})).map((row) => [
          row.kind,
          row.count,
        ]),
      );
    const data = (await post(
      '{ stats { claimsByType { kind count } claimsBySourceKind { kind count } attributionsByMode { kind count } } }',
    )) as { stats: Record<string, { kind: string; count: number }[]> };
    const asMap = (list: { kind: string; count: number }[] = []) =>
      Object.fromEntries(list.map((item) => [item.kind, item.count]));
    expect(asMap(data.stats.claimsByType)).toEqual(
      await counted('MATCH (c:Claim) RETURN c.type AS kind, count(*) AS count'),
    );
    expect(asMap(data.stats.claimsBySourceKind)).toEqual(
      await counted('MATCH (c:Claim) RETURN c.sourceKind AS kind, count(*) AS count'),
    );
    expect(asMap(data.stats.attributionsByMode)).toEqual(
      await counted('MATCH (a:Attribution) RETURN a.mode AS kind, count(*) AS count'),
    );
    expect(Object.keys(asMap(data.stats.claimsByType)).length).toBeGreaterThan(3);
  });

  it('keeps the claim profiles equal to what the claims in the graph give', async () => {
    const { stored, counted } = await claimProfilesAndClaims(db);
    expect(stored).toEqual(counted);
    expect(stored.length).toBeGreaterThan(5);
  });

  it("keeps each entity's mention and claim counts equal to counting its links", async () => {
    expect(await entityStatisticsThatDiffer(db)).toEqual([]);
  });

  it('keeps one link per pair of entities that roles or relations join, with their count', async () => {
    expect(await entityLinksThatDiffer(db)).toEqual({ missingOrWrong: [], extra: [] });
  });

  const busyEntityPages = [
    {
      field: 'claimsMade',
      index: 'Attribution(speakerId',
      claims: 'MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(c:Claim) WITH DISTINCT c',
    },
    { field: 'claimsAbout', index: 'ABOUT(entityId', claims: 'MATCH (e)<-[:ABOUT]-(c:Claim)' },
  ] as const;

  it.each(busyEntityPages)(
    "reads the hub's $field in order from an index, without reading the rest",
    async ({ field, index, claims }) => {
      type Page = { totalCount: number; edges: { cursor: string; node: { id: string } }[] };
      const page = async (after: string | null) => {
        const data = (await post(
          `query Hub($name: String!, $after: String) {
          entity(name: $name) {
            page: ${field}(first: 3, after: $after) { totalCount edges { cursor node { id } } }
          }
        }`,
          { name: inputs.hub.name, after },
        )) as { entity: { page: Page } };
        return data.entity.page;
      };
      const first = await page(null);
      expect(first.totalCount).toBeGreaterThan(10);
      const [counted] = await db.read(
        defineQuery(
          'hubClaimsForTest',
          `MATCH (:EntityName {key: $key})<-[:NAMED]-(e:Entity)
         WITH e ORDER BY e.mentionCount DESC, e.id LIMIT 1
         ${claims}
         WITH c ORDER BY c.documentId, c.position, c.id
         RETURN count(c) AS count, collect(c.id) AS ids`,
          z.object({ count: z.number().int(), ids: z.array(z.string()) }),
        ),
        { key: nameKey(inputs.hub.name) },
      );
      expect(first.totalCount).toBe(counted?.count);
      const claimIds = (edges: { node: { id: string } }[]) =>
        edges.map((edge) =>
          Buffer.from(edge.node.id, 'base64')
            .toString('utf8')
            .replace(/^Claim:/, ''),
        );
      expect(claimIds(first.edges)).toEqual(counted?.ids.slice(0, 3));
      db.take();
      const second = await page(first.edges.at(-1)?.cursor ?? null);
      expect(claimIds(second.edges)).toEqual(counted?.ids.slice(3, 6));
      const [statement] = db.take();
      if (!statement) throw new Error('no statement sent');
      const session = driver.session({ defaultAccessMode: 'READ' });
      try {
        const result = await session.run(`PROFILE ${statement.cypher}`, statement.params);
        const seeks: { details: string; rows: number }[] = [];
        const visit = (plan: ProfiledPlanNode) => {
          const details = String(plan.arguments?.Details ?? '');
          if (details.includes(index)) seeks.push({ details, rows: plan.rows });
          for (const child of plan.children) visit(child);
        };
        if (result.summary.profile) visit(result.summary.profile);
        expect(seeks.length).toBeGreaterThanOrEqual(1);
        // The page after a cursor reads from the cursor's document on: far fewer than all the claims.
        for (const seek of seeks) {
          expect(seek.rows, seek.details).toBeLessThan((counted?.count ?? 0) / 2);
        }
      } finally {
        await session.close();
      }
    },
  );

  it('counts filtered claims from the profiles as counting every claim gives', async () => {
    const values = async (cypher: string) =>
      (
        await db.read(defineQuery('valuesForTest', cypher, z.object({ value: z.string() })), {})
      ).map((row) => row.value);
    const types = await values('MATCH (c:Claim) RETURN DISTINCT c.type AS value ORDER BY value');
    const modes = await values(
      'MATCH (a:Attribution) RETURN DISTINCT a.mode AS value ORDER BY value',
    );
    const certainties = await values(
      'MATCH (a:Attribution) RETURN DISTINCT a.certainty AS value ORDER BY value',
    );
    const filters: ClaimFilter[] = [
      ...types.map((type) => ({ ...NO_CLAIM_FILTER, types: [type] })),
      ...modes.map((mode) => ({ ...NO_CLAIM_FILTER, modes: [mode] })),
      ...certainties.map((certainty) => ({ ...NO_CLAIM_FILTER, certainties: [certainty] })),
      { ...NO_CLAIM_FILTER, polarities: ['negative'] },
      { ...NO_CLAIM_FILTER, sourceKind: 'comment' },
      { ...NO_CLAIM_FILTER, modes: modes.slice(0, 2), certainties: certainties.slice(0, 1) },
      {
        ...NO_CLAIM_FILTER,
        types: types.slice(0, 3),
        sourceKind: 'article',
        polarities: ['positive'],
      },
    ];
    const where = claimFilterCypher('c', (name) => `$${name}`);
    const counting = defineQuery(
      'countFilteredForTest',
      `MATCH (c:Claim) WHERE ${where} RETURN count(c) AS count`,
      z.object({ count: z.number().int() }),
    );
    for (const filter of filters) {
      const [expected] = await db.read(counting, claimParams(filter));
      const page = await fetchClaimPage(db, filter, pageRequest({ first: 1 }), true, { links: [] });
      expect(page.total, JSON.stringify(filter)).toBe(expected?.count);
    }
    const direct = await fetchClaimPage(
      db,
      { ...NO_CLAIM_FILTER, modes: ['direct_quote'] },
      pageRequest({}),
      true,
      {
        links: [],
      },
    );
    expect(direct.total).toBeGreaterThan(0);
  });

  it('finds an entity by name, and its claims, from index seeks, never a scan', async () => {
    const [query] = scaleQueries(inputs).filter((q) => q.name === 'entityByName');
    if (!query) throw new Error('no entityByName query in the mix');
    db.take();
    await post(query.query, query.variables);
    const profiles = await profileStatements(driver, 'neo4j', db.take());
    // The entity by its name's unique key, its claims from the attributions' speaker index, and
    // the evidence of its roles and of those claims' attributions by span id.
    expect(profiles.map((profile) => profile.starts)).toEqual([
      { NodeUniqueIndexSeek: 3, NodeIndexSeek: 1 },
    ]);
  });

  it('lists entities by mention count from its index in order, and counts them from the count store', async () => {
    const [query] = scaleQueries(inputs).filter((q) => q.name === 'entitiesByMentions');
    if (!query) throw new Error('no entitiesByMentions query in the mix');
    db.take();
    await post(query.query, query.variables);
    const [profile] = await profileStatements(driver, 'neo4j', db.take());
    expect(profile?.starts).toEqual({ NodeIndexScan: 1, NodeCountFromCountStore: 1 });
    // The index read stops after the page (and the ties at its end), far below every entity.
    expect(profile?.dbHits).toBeLessThan(1_000);
  });

  it('reads a claim page from the reading-order index, never sorting every claim', async () => {
    const [query] = scaleQueries(inputs).filter((q) => q.name === 'claimPageNoTotal');
    if (!query) throw new Error('no claimPageNoTotal query in the mix');
    db.take();
    await post(query.query, query.variables);
    const [profile] = await profileStatements(driver, 'neo4j', db.take());
    expect(Object.keys(profile?.starts ?? {})).toEqual(['NodeIndexScan']);
    expect(profile?.scans).toEqual(['NodeIndexScan']);
  });
});
