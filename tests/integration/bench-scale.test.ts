import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEntityPool, documentName } from '../../bench/scale/generate.ts';
import { type LoadFigures, loadGenerated } from '../../bench/scale/load.ts';
import { profileStatements, RecordingDatabase } from '../../bench/scale/profile.ts';
import { findInputs, type ScaleInputs, scaleQueries } from '../../bench/scale/queries.ts';
import { defineQuery } from '../../src/neo4j/database.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { removeDocumentGraph } from '../../src/seed/loader.ts';
import { graphql, testApp } from '../helpers/app.ts';
import { testNeo4j } from '../helpers/database.ts';

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
    const data = (await post('{ documents(first: 10) { edges { node { id } } } }')) as {
      documents: { edges: { node: { id: string } }[] };
    };
    expect(data.documents.edges.length).toBe(documentsBefore + GENERATED);
  });

  it('answers every query of the mix without errors, in a bounded number of statements', async () => {
    for (const query of scaleQueries(inputs)) {
      db.take();
      const answer = await graphql(app, query.query, query.variables);
      expect(answer.errors, query.name).toBeUndefined();
      expect(answer.data, query.name).toBeTruthy();
      expect(db.take().length, query.name).toBeLessThanOrEqual(query.name === 'path' ? 8 : 2);
    }
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

  it('finds an entity by name from an index seek, never a scan', async () => {
    const [query] = scaleQueries(inputs).filter((q) => q.name === 'entityByName');
    if (!query) throw new Error('no entityByName query in the mix');
    db.take();
    await post(query.query, query.variables);
    const profiles = await profileStatements(driver, 'neo4j', db.take());
    expect(profiles.map((profile) => profile.starts)).toEqual([{ NodeUniqueIndexSeek: 1 }]);
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
