/**
 * npm run bench:scale: one graph grown from the article alone to x100 and x1000 documents
 * (generated in the article's shape, bench/scale/generate.ts), loaded through the validator and
 * the loader, and at each size the same query mix timed through the service over HTTP, with
 * each statement's plan (index seek or scan) and database hits.
 *
 * Environment (a .env file in the working folder is read first):
 *   BENCH_SCALE_SIZES          documents in the graph at each step, the article included (default 1,100,1000)
 *   BENCH_SCALE_SEED           the generator's seed (default 1)
 *   BENCH_SCALE_POOL           entities in the pool the documents share (default 3000)
 *   BENCH_SCALE_HEAP           the embedded Neo4j's Java heap (default 4g)
 *   BENCH_SCALE_PAGE_CACHE_MB  its page cache in MB (default 1536)
 *   BENCH_SECONDS              seconds of timing per query and connection count (default 3)
 *   BENCH_CONNECTIONS          connection counts (default 1,16)
 *   BENCH_SCALE_BATCH          documents per transaction while the graph grows (default 5)
 *   BENCH_SCALE_SINGLE         documents then loaded one per transaction into the largest graph,
 *                              reloaded and removed again; last, as many imported as npm run
 *                              import does (matching, history) and removed (default 20)
 *   BENCH_SCALE_WRITERS        loaders side by side in the last phase, each with its own documents,
 *                              against one loader on as many documents (default 2; 0 skips it)
 *   BENCH_SCALE_PROFILED       documents then loaded with every statement under PROFILE, to show
 *                              where a load goes statement by statement, and removed (default 20)
 *   BENCH_SCALE_DATA_DIR       keep the graph in this folder and reuse it on the next run: only
 *                              the documents it lacks are loaded (default: a temporary folder)
 * Results: bench/results/scale.md and scale.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { z } from 'zod';
import { createApp } from '../src/app.ts';
import { defineQuery } from '../src/neo4j/database.ts';
import { createDriver } from '../src/neo4j/driver.ts';
import { seedDatabase } from '../src/seed/seed-database.ts';
import { startBenchNeo4j } from './lib/neo4j.ts';
import { cpuMs, onExit, openService, residentMb, runMain, wasInterrupted } from './lib/service.ts';
import { type BareRecordFigures, measureBareRecords } from './scale/bare-records.ts';
import { createEntityPool } from './scale/generate.ts';
import { type ImportFigures, importGenerated, removeImported } from './scale/import.ts';
import {
  type LoadFigures,
  type LoadMemory,
  loadGenerated,
  loadSideBySide,
  prepareGenerated,
  removeGenerated,
  type SideBySideFigures,
} from './scale/load.ts';
import { type LoadProfileFigures, profileLoading } from './scale/load-profile.ts';
import {
  describeStarts,
  profileStatements,
  RecordingDatabase,
  type StatementProfile,
} from './scale/profile.ts';
import { findInputs, type ScaleInputs, type ScaleQuery, scaleQueries } from './scale/queries.ts';

if (existsSync('.env')) process.loadEnvFile('.env');

function numberList(name: string, fallback: string): number[] {
  const raw = process.env[name] ?? fallback;
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value) => !Number.isInteger(value) || value < 1)) {
    throw new Error(`${name} must be whole numbers from 1 up, separated by commas; got "${raw}"`);
  }
  return values;
}

/** A number from the environment: above 0, or from 0 up when `zeroAllowed`. */
function positive(name: string, fallback: number, zeroAllowed = false): number {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zeroAllowed)) {
    throw new Error(
      `${name} must be a ${zeroAllowed ? 'number from 0 up' : 'positive number'}; got "${raw}"`,
    );
  }
  return value;
}

const settings = {
  sizes: [...new Set(numberList('BENCH_SCALE_SIZES', '1,100,1000'))].sort((a, b) => a - b),
  seed: Math.round(positive('BENCH_SCALE_SEED', 1)),
  pool: Math.round(positive('BENCH_SCALE_POOL', 3000)),
  heap: process.env.BENCH_SCALE_HEAP ?? '4g',
  pageCacheMb: Math.round(positive('BENCH_SCALE_PAGE_CACHE_MB', 1536)),
  batch: Math.round(positive('BENCH_SCALE_BATCH', 5)),
  seconds: positive('BENCH_SECONDS', 3),
  connections: numberList('BENCH_CONNECTIONS', '1,16'),
  single: Math.round(positive('BENCH_SCALE_SINGLE', 20)),
  writers: Math.round(positive('BENCH_SCALE_WRITERS', 2, true)),
  profiled: Math.round(positive('BENCH_SCALE_PROFILED', 20, true)),
};

// ---------------------------------------------------------------------------------------------
// Timing one query through the service

interface Timing {
  connections: number;
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  /** Requests answered within the timing window: none means every one took longer. */
  completed: number;
  errors: number;
}

/** Where a load's CPU went, per document. */
function describeLoadCpu(load: LoadFigures): string {
  const ms = (value: number | null | undefined) => (value == null ? '?' : Math.round(value));
  return (
    `Neo4j ${ms(load.neo4jCpuMsPerDocument)} ms (${ms(load.tail?.neo4jCpuMsPerDocument)} over the ` +
    `last ${load.tail?.documents ?? 0}), the loading process ${ms(load.loaderCpuMsPerDocument)} ms ` +
    `(${ms((load.prepareSeconds * 1000) / Math.max(1, load.documents))} of it generating, ` +
    'validating and building rows)'
  );
}

/** Bare-record figures, as the console and the results show them. */
function describeBare(bare: BareRecordFigures): string {
  const cpu = bare.neo4jCpuMsPerDocument === null ? '?' : Math.round(bare.neo4jCpuMsPerDocument);
  return (
    `${Math.round(bare.nodesPerDocument)} nodes and ${bare.relationshipsPerDocument} relationships ` +
    `a document: ${bare.documentsPerSecond.toFixed(1)} documents/s, Neo4j ${cpu} ms CPU a document`
  );
}

/** The statements and the commit of a profiled load, per document, as the console shows them. */
function describeLoadProfile(profile: LoadProfileFigures): string {
  const cpu =
    profile.neo4jCpuMsPerDocument === null ? '?' : Math.round(profile.neo4jCpuMsPerDocument);
  return (
    `${profile.documents} documents, ${profile.batchSize} a transaction: statements ` +
    `${Math.round(profile.statementsMsPerDocument)} ms a document (Neo4j's own time ` +
    `${Math.round(profile.serverMsPerDocument)}, ${Math.round(profile.dbHitsPerDocument)} db hits), ` +
    `commit ${Math.round(profile.commitMsPerDocument)} ms; Neo4j ${cpu} ms CPU a document`
  );
}

/** An import's figures, as the console and the results show them. */
function describeImport(figures: ImportFigures): string {
  const cpu =
    figures.neo4jCpuMsPerDocument === null ? '?' : Math.round(figures.neo4jCpuMsPerDocument);
  return (
    `${figures.documentsPerSecond.toFixed(1)} documents/s over ${figures.documents}, one change ` +
    `a transaction (${figures.matched} entities matched to the graph's, ${figures.created} ` +
    `created); Neo4j ${cpu} ms CPU a document, the importing process ` +
    `${Math.round(figures.loaderCpuMsPerDocument)}`
  );
}

/** Peak memory while loading, as the results show it. */
function describeMemory(memory: LoadMemory): string {
  return (
    `the loading process ${Math.round(memory.loaderRssMb)} MB resident ` +
    `(${Math.round(memory.loaderHeapMb)} MB of JavaScript heap in use), Neo4j ` +
    `${memory.neo4jRssMb === null ? '?' : Math.round(memory.neo4jRssMb)} MB resident`
  );
}

/** p50 / p99, or why there are none. */
function describeTiming(timing: Timing): string {
  if (timing.completed === 0) return `none within ${settings.seconds} s`;
  return `${timing.p50Ms} / ${timing.p99Ms}${timing.errors ? ' (errors)' : ''}`;
}

function time(url: URL, query: ScaleQuery, connections: number, seconds: number): Promise<Timing> {
  let errors = 0;
  return new Promise((done, fail) => {
    const instance = autocannon(
      {
        url: url.origin,
        connections,
        duration: seconds,
        timeout: 60,
        requests: [
          {
            method: 'POST',
            path: url.pathname,
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify({ query: query.query, variables: query.variables }),
            onResponse: (status: number, body: string) => {
              if (status !== 200 || !body.startsWith('{"data":') || body.includes('"errors":[')) {
                errors += 1;
              }
            },
          },
        ],
      },
      (error: unknown, result) => {
        if (wasInterrupted()) fail(new Error('interrupted'));
        else if (error) fail(error);
        else {
          done({
            connections,
            p50Ms: result.latency.p50,
            p99Ms: result.latency.p99,
            requestsPerSecond: Math.round(result.requests.total / result.duration),
            completed: result.requests.total,
            errors: errors + result.errors + result.timeouts,
          });
        }
      },
    );
    onExit(async () => instance.stop());
  });
}

/** Waits until the service says it is ready again (at most a minute). */
async function ready(url: URL): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(new URL('/ready', url));
      if (response.ok) return;
    } catch {
      // not answering yet
    }
    await new Promise((wake) => setTimeout(wake, 500));
  }
  console.log('   the service is still not ready after a minute');
}

/**
 * Waits until Neo4j and the service have stopped working: requests still in flight when a timing
 * window closes (a path search under 16 connections takes seconds) would otherwise run on into
 * the next query's timing. Quiet is under a fifth of a core over half a second, or 30 s passing.
 */
async function settle(pids: readonly (number | null)[]): Promise<void> {
  const busyMs = () => pids.reduce<number>((sum, pid) => sum + (pid ? (cpuMs(pid) ?? 0) : 0), 0);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const before = busyMs();
    await new Promise((wake) => setTimeout(wake, 500));
    if (busyMs() - before < 100) return;
  }
  console.log('   Neo4j or the service still busy after 30 s');
}

// ---------------------------------------------------------------------------------------------
// The graph at one size

interface GraphFigures {
  documents: number;
  nodes: number;
  relationships: number;
  byLabel: Record<string, number>;
  /** The database's files (nodes, relationships, properties, indexes), its indexes alone, and
   * the transaction logs Neo4j keeps beside them. */
  storeMb: number | null;
  indexesMb: number | null;
  transactionLogsMb: number | null;
  neo4jRssMb: number | null;
}

const countRow = z.object({ count: z.number() });
const LABELS = ['Document', 'Entity', 'Claim', 'Attribution', 'Span', 'Comment', 'Role'];

function folderMb(path: string): number | null {
  try {
    const kb = Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

interface QueryFigures {
  name: string;
  title: string;
  bounded: boolean;
  statements: number;
  bytes: number;
  dbHits: number;
  profiles: StatementProfile[];
  timings: Timing[];
}

interface SizeFigures {
  size: number;
  graph: GraphFigures;
  load: LoadFigures | null;
  inputs: ScaleInputs;
  queries: QueryFigures[];
  /** Documents loaded one per transaction into this graph afterwards (the largest only). */
  single: LoadFigures | null;
  /** The same documents loaded again, one per transaction: what a correction writes. */
  reload: LoadFigures | null;
  /** The same documents removed one by one. */
  removal: { documents: number; documentsPerSecond: number } | null;
  /** The same documents' records written bare (bench/scale/bare-records.ts): loading's floor. */
  bare: BareRecordFigures | null;
  /** The same, without span nodes and the links to them other than mentions. */
  bareWithoutSpans: BareRecordFigures | null;
  /** One loader, then `writers` side by side, each on its own documents, then removed. */
  sideBySide: SideBySideFigures[] | null;
  /** More documents loaded with every statement under PROFILE, then removed. */
  loadProfile: LoadProfileFigures | null;
  /** The same number as `single`, imported as npm run import does (bench/scale/import.ts). */
  imported: ImportFigures | null;
}

/** Documents side by side per loader: enough for several transactions of each. */
const SIDE_BY_SIDE_DOCUMENTS = 40;

async function main(): Promise<number> {
  console.log(
    `bench:scale: sizes ${settings.sizes.join(', ')} documents, seed ${settings.seed}, pool of ` +
      `${settings.pool} entities, Neo4j heap ${settings.heap}, page cache ${settings.pageCacheMb} MB, ` +
      `${settings.batch} documents per transaction`,
  );
  const keptDir = process.env.BENCH_SCALE_DATA_DIR;
  const dataDir = keptDir ?? (await mkdtemp(join(os.tmpdir(), 'dossier-scale-')));
  if (!keptDir) onExit(() => rm(dataDir, { recursive: true, force: true }));
  const { connection, pid: neo4jPid } = await startBenchNeo4j({
    dataDir,
    heap: settings.heap,
    pageCacheMb: settings.pageCacheMb,
  });
  const driver = createDriver(connection);
  onExit(() => driver.close());
  const db = new RecordingDatabase(driver, 'neo4j', {
    limits: { writeTimeoutMs: 300_000, statementTimeoutMs: 60_000, requestBudgetMs: 120_000 },
  });
  const seeded = await seedDatabase(db, { onlyIfChanged: true });
  console.log(
    seeded.loaded ? `article loaded in ${seeded.report?.millis ?? 0} ms` : 'article already loaded',
  );
  const app = createApp({ db, logger: pino({ level: 'warn' }) });
  const post = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await app.fetch('http://dossier/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { data?: unknown; errors?: { message: string }[] };
    if (body.errors || !body.data) {
      throw new Error(`the service answered with errors: ${JSON.stringify(body.errors)}`);
    }
    return { data: body.data, bytes: Buffer.byteLength(text) };
  };
  const service = await openService({ neo4j: connection });
  const pool = createEntityPool(settings.seed, settings.pool);

  const results: SizeFigures[] = [];
  // Generated documents are numbered from 0 and loaded in order: a kept graph with n documents
  // holds the article and documents 0 to n-2.
  let documents = await storedCount(db, 'documents');
  if (documents > 1) console.log(`the graph already holds ${documents} documents`);
  for (const size of settings.sizes) {
    if (size < documents) {
      console.log(`skipping ${size} documents: the graph already holds ${documents}`);
      continue;
    }
    let load: LoadFigures | null = null;
    if (size > documents) {
      console.log(`\n== growing the graph from ${documents} to ${size} documents`);
      load = await loadGenerated(db, {
        seed: settings.seed,
        pool,
        from: documents - 1,
        to: size - 1,
        batchSize: settings.batch,
        neo4jPid,
        onProgress: ({ loaded, total, documentsPerSecond }) =>
          console.log(
            `  ${loaded}/${total} documents, ${documentsPerSecond.toFixed(1)} per second, ` +
              `Neo4j ${Math.round(residentMb(neo4jPid ?? 0) ?? 0)} MB resident`,
          ),
      });
      documents = size;
      console.log(
        `  loaded ${load.documents} in ${load.seconds.toFixed(1)} s: ` +
          `${load.documentsPerSecond.toFixed(1)} documents/s` +
          (load.tail
            ? `, the last ${load.tail.documents}: ${load.tail.documentsPerSecond.toFixed(1)}/s`
            : '') +
          `; CPU per document: ${describeLoadCpu(load)}`,
      );
    }
    const graph = await graphFigures(db, dataDir, neo4jPid, documents);
    console.log(
      `== ${documents} documents: ${graph.nodes} nodes, ${graph.relationships} relationships, ` +
        `store ${graph.storeMb ?? '?'} MB`,
    );
    const inputs = await findInputs(
      async (query, variables) => (await post(query, variables)).data,
    );
    console.log(`   hub: ${inputs.hub.name}; path to: ${inputs.other.name}`);
    const queries: QueryFigures[] = [];
    for (const query of scaleQueries(inputs)) {
      db.take();
      const answer = await post(query.query, query.variables);
      const statements = db.take();
      const profiles = await profileStatements(driver, 'neo4j', statements);
      await time(service.url, query, 4, Math.min(2, settings.seconds));
      const timings: Timing[] = [];
      for (const connections of settings.connections) {
        timings.push(await time(service.url, query, connections, settings.seconds));
        // A query that overloads Neo4j trips the service's circuit; the next one starts clean.
        await ready(service.url);
        await settle([neo4jPid, service.pid]);
      }
      const figures: QueryFigures = {
        name: query.name,
        title: query.title,
        bounded: query.bounded,
        statements: statements.length,
        bytes: answer.bytes,
        dbHits: profiles.reduce((sum, profile) => sum + profile.dbHits, 0),
        profiles,
        timings,
      };
      queries.push(figures);
      console.log(
        `   ${query.name}: ${timings
          .map((t) =>
            t.completed === 0
              ? `none within ${settings.seconds} s @${t.connections}`
              : `p50 ${t.p50Ms} ms @${t.connections}${t.errors ? ` (${t.errors} errors)` : ''}`,
          )
          .join(', ')}; ${statements.length} statements, ${figures.dbHits} db hits; ` +
          profiles.map(describeStarts).join(' | '),
      );
    }
    results.push({
      size: documents,
      graph,
      load,
      inputs,
      queries,
      single: null,
      reload: null,
      removal: null,
      bare: null,
      bareWithoutSpans: null,
      sideBySide: null,
      loadProfile: null,
      imported: null,
    });
  }
  const largest = results.at(-1);
  if (largest && settings.single > 0) {
    console.log(
      `\n== ${settings.single} more documents, one per transaction, then reloaded and removed`,
    );
    const extra = {
      seed: settings.seed,
      pool,
      from: documents - 1,
      to: documents - 1 + settings.single,
    };
    const relationshipsBefore = await storedCount(db, 'relationships');
    largest.single = await loadGenerated(db, {
      ...extra,
      batchSize: 1,
      tail: settings.single,
      neo4jPid,
    });
    const relationshipsPerDocument =
      ((await storedCount(db, 'relationships')) - relationshipsBefore) / settings.single;
    console.log(
      `  ${largest.single.documentsPerSecond.toFixed(1)} documents/s one by one into ${documents}`,
    );
    // Untimed first: the statements that take a previous version away have not run yet in this
    // Java process, and their first runs are mostly compiling. One pass of 20 left Neo4j's
    // optimising compiler with most of the CPU of the timed pass (and its figure 30% low).
    for (let pass = 0; pass < RELOAD_WARM_UP_PASSES; pass += 1) {
      await loadGenerated(db, { ...extra, batchSize: 1 });
    }
    largest.reload = await loadGenerated(db, {
      ...extra,
      batchSize: 1,
      tail: settings.single,
      neo4jPid,
    });
    console.log(`  reloaded at ${largest.reload.documentsPerSecond.toFixed(1)} documents/s`);
    const removing = performance.now();
    await removeGenerated(db, settings.seed, extra.from, extra.to);
    largest.removal = {
      documents: settings.single,
      documentsPerSecond: (settings.single * 1000) / (performance.now() - removing),
    };
    console.log(`  removed at ${largest.removal.documentsPerSecond.toFixed(1)} documents/s`);
    // More documents than were loaded one by one: a bare write is quick, and 20 documents of it
    // are four transactions, too few for a steady figure.
    const rows = [];
    for (let index = extra.from; index < extra.from + BARE_RECORD_DOCUMENTS; index += 1) {
      rows.push(prepareGenerated(extra, index));
    }
    largest.bare = await measureBareRecords(driver, 'neo4j', rows, {
      relationshipsPerDocument,
      batchSize: settings.batch,
      neo4jPid,
    });
    // Evidence names its spans by id, so the only links to spans are mentions, which would stay.
    largest.bareWithoutSpans = await measureBareRecords(
      driver,
      'neo4j',
      rows.map((document) => ({ ...document, spans: [] })),
      {
        relationshipsPerDocument,
        batchSize: settings.batch,
        neo4jPid,
      },
    );
    console.log(
      `  bare records of ${largest.bare.documents} documents, no lookups, no indexes: ` +
        `${describeBare(largest.bare)}; without span nodes: ${describeBare(largest.bareWithoutSpans)}`,
    );
    if (settings.writers > 1) {
      largest.sideBySide = await loadSideBySide(db, {
        seed: settings.seed,
        pool,
        // After the documents the bare records were made from, which are not in the graph.
        from: extra.from + BARE_RECORD_DOCUMENTS,
        writers: settings.writers,
        documentsPerLoader: SIDE_BY_SIDE_DOCUMENTS,
        batchSize: settings.batch,
        neo4jPid,
        onRound: (figures) =>
          console.log(
            `  ${describeLoaders(figures.writers)}: ` +
              `${figures.documentsPerSecond.toFixed(1)} documents/s`,
          ),
      });
    }
    if (settings.profiled > 0) {
      // After every document the phases above generated, so that none of them is in the graph.
      const from =
        extra.from + BARE_RECORD_DOCUMENTS + SIDE_BY_SIDE_DOCUMENTS * (1 + settings.writers);
      const profiled = [];
      for (let index = from; index < from + settings.profiled; index += 1) {
        profiled.push(prepareGenerated(extra, index));
      }
      try {
        largest.loadProfile = await profileLoading(driver, 'neo4j', profiled, {
          batchSize: settings.batch,
          neo4jPid,
        });
      } finally {
        await removeGenerated(db, settings.seed, from, from + settings.profiled);
      }
      console.log(`  under PROFILE: ${describeLoadProfile(largest.loadProfile)}`);
    }
    // After every document the phases above generated. An untimed pass first, imported and
    // removed again: the import's own statements (the lock, the matching, the history) have not
    // run yet in this Java process, and their first runs are mostly compiling.
    const importFrom =
      extra.from +
      BARE_RECORD_DOCUMENTS +
      SIDE_BY_SIDE_DOCUMENTS * (1 + settings.writers) +
      settings.profiled;
    const imports = { ...extra, from: importFrom, to: importFrom + settings.single, neo4jPid };
    for (const timed of [false, true]) {
      try {
        const figures = await importGenerated(db, imports);
        if (timed) largest.imported = figures;
      } finally {
        await removeImported(db, settings.seed, imports.from, imports.to);
      }
    }
    if (largest.imported) {
      console.log(`  imported as npm run import does: ${describeImport(largest.imported)}`);
    }
  }
  const serviceCpu = service.pid ? cpuMs(service.pid) : null;
  await writeResults(results, serviceCpu);
  const failing = results.flatMap((result) =>
    result.queries.flatMap((query) => query.timings.filter((timing) => timing.errors > 0)),
  );
  return failing.length > 0 ? 1 : 0;
}

const BARE_RECORD_DOCUMENTS = 100;

/** Untimed reloads of the documents loaded one by one, before their reload is timed. */
const RELOAD_WARM_UP_PASSES = 3;

function describeLoaders(writers: number): string {
  return writers === 1 ? 'one loader' : `${writers} loaders side by side`;
}

/** A count from Neo4j's count store: documents, or relationships of every type. */
async function storedCount(
  db: RecordingDatabase,
  what: 'documents' | 'relationships',
): Promise<number> {
  const pattern = what === 'documents' ? '(n:Document)' : '()-[n]->()';
  const [row] = await db.read(
    defineQuery(`scaleCount_${what}`, `MATCH ${pattern} RETURN count(n) AS count`, countRow),
    {},
  );
  return row?.count ?? 0;
}

async function graphFigures(
  db: RecordingDatabase,
  dataDir: string,
  neo4jPid: number | null,
  documents: number,
): Promise<GraphFigures> {
  const count = async (cypher: string) => {
    const [row] = await db.read(defineQuery('scaleCount', cypher, countRow), {});
    return row?.count ?? 0;
  };
  const byLabel: Record<string, number> = {};
  for (const label of LABELS) {
    // Labels are this file's constants, never input.
    byLabel[label] = await count(`MATCH (n:${label}) RETURN count(n) AS count`);
  }
  return {
    documents,
    nodes: await count('MATCH (n) RETURN count(n) AS count'),
    relationships: await count('MATCH ()-[r]->() RETURN count(r) AS count'),
    byLabel,
    storeMb: folderMb(join(dataDir, 'data/databases/neo4j')),
    indexesMb: folderMb(join(dataDir, 'data/databases/neo4j/schema')),
    transactionLogsMb: folderMb(join(dataDir, 'data/transactions/neo4j')),
    neo4jRssMb: neo4jPid ? Math.round(residentMb(neo4jPid) ?? 0) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Results

const P50_GROWTH_TARGET = 2;

function growth(results: SizeFigures[], name: string, connections: number): number | null {
  const p50 = (result: SizeFigures | undefined) =>
    result?.queries
      .find((query) => query.name === name)
      ?.timings.find((timing) => timing.connections === connections && timing.completed > 0)?.p50Ms;
  const first = p50(results[0]);
  const last = p50(results.at(-1));
  if (first === undefined || last === undefined || first <= 0) return null;
  return Math.round((last / first) * 100) / 100;
}

async function writeResults(results: SizeFigures[], serviceCpuMs: number | null): Promise<void> {
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 1048576)} MB`;
  const lines: string[] = [
    '# Dossier at scale',
    '',
    `${new Date().toISOString()}: ${machine}; Node ${process.version}; commit ${commit}. ` +
      `Generator seed ${settings.seed}, pool of ${settings.pool} entities; Neo4j heap ${settings.heap}, ` +
      `page cache ${settings.pageCacheMb} MB; ${settings.batch} documents loaded per transaction; ` +
      `${settings.seconds} s per query and connection count, ` +
      'service, Neo4j and load generator on one machine.',
    '',
    '## The graph at each size',
    '',
    '| documents | nodes | relationships | entities | claims | spans | store MB (indexes) | transaction logs MB | Neo4j RSS MB | load docs/s | last 50 docs/s |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { graph, load } of results) {
    lines.push(
      `| ${graph.documents} | ${graph.nodes} | ${graph.relationships} | ${graph.byLabel.Entity} | ` +
        `${graph.byLabel.Claim} | ${graph.byLabel.Span} | ${graph.storeMb ?? '–'} (${graph.indexesMb ?? '–'}) | ` +
        `${graph.transactionLogsMb ?? '–'} | ` +
        `${graph.neo4jRssMb ?? '–'} | ${load ? load.documentsPerSecond.toFixed(1) : '–'} | ` +
        `${load?.tail ? load.tail.documentsPerSecond.toFixed(1) : '–'} |`,
    );
  }
  lines.push(
    '',
    `Growing, ${settings.batch} documents per transaction (a bulk import). Into the largest graph, ` +
      results
        .flatMap((result) =>
          result.single
            ? [
                `one document per transaction (an import of one): ${result.single.documentsPerSecond.toFixed(1)} documents/s over ${result.single.documents}`,
              ]
            : [],
        )
        .join('') +
      '.',
  );
  lines.push(
    '',
    'CPU per document while loading (loading is CPU-bound; the service is idle meanwhile):',
    '',
    ...results.flatMap(({ size, load, single, reload }) => [
      ...(load ? [`- growing to ${size}: ${describeLoadCpu(load)}`] : []),
      ...(single ? [`- one per transaction into ${size}: ${describeLoadCpu(single)}`] : []),
      ...(reload ? [`- reloading those, one per transaction: ${describeLoadCpu(reload)}`] : []),
    ]),
    '',
    'Memory while loading, the most seen after any batch:',
    '',
    ...results.flatMap(({ size, load, single, imported }) => [
      ...(load ? [`- growing to ${size}: ${describeMemory(load.memory)}`] : []),
      ...(single ? [`- one per transaction into ${size}: ${describeMemory(single.memory)}`] : []),
      ...(imported ? [`- importing into ${size}: ${describeMemory(imported.memory)}`] : []),
    ]),
  );
  for (const { size, imported } of results) {
    if (!imported) continue;
    lines.push(
      '',
      `Into ${size} documents through the import path (npm run import and the importDocument ` +
        "mutation: each document locked, its entities matched to the graph's by id and name, the " +
        `change recorded in the history; bench/scale/import.ts), after an untimed pass: ` +
        `${describeImport(imported)}.`,
    );
  }
  for (const { size, single, reload, removal, bare, bareWithoutSpans } of results) {
    if (!single || !reload || !removal || !bare || !bareWithoutSpans) continue;
    lines.push(
      '',
      `Into ${size} documents, one per transaction: loading ${single.documentsPerSecond.toFixed(1)} ` +
        `documents/s, reloading the same documents (what a correction writes) ` +
        `${reload.documentsPerSecond.toFixed(1)}/s, removing them ${removal.documentsPerSecond.toFixed(1)}/s.`,
      '',
      `Loading's floor: ${bare.documents} generated documents' records written bare, ` +
        `${settings.batch} per transaction, with their properties, no lookups, no indexes ` +
        `(bench/scale/bare-records.ts): ${describeBare(bare)}. Without the span nodes (the floor ` +
        `of a graph that kept spans as properties of what they support, mentions as links ` +
        `carrying their offsets): ${describeBare(bareWithoutSpans)}.`,
    );
  }
  for (const { size, sideBySide } of results) {
    if (!sideBySide) continue;
    lines.push(
      '',
      `Into ${size} documents, ${settings.batch} per transaction: ` +
        sideBySide
          .map(
            (figures) =>
              `${describeLoaders(figures.writers)} ` +
              `${figures.documentsPerSecond.toFixed(1)} documents/s` +
              (figures.neo4jCpuMsPerDocument === null
                ? ''
                : ` (Neo4j ${Math.round(figures.neo4jCpuMsPerDocument)} ms CPU a document)`),
          )
          .join(', ') +
        ` over ${SIDE_BY_SIDE_DOCUMENTS} documents a loader, then removed.`,
    );
  }
  for (const { size, loadProfile } of results) {
    if (!loadProfile) continue;
    lines.push(
      '',
      '## Loading, statement by statement',
      '',
      `Into ${size} documents, with every statement of the loader under PROFILE ` +
        `(bench/scale/load-profile.ts; a first batch, not counted, before them), then removed ` +
        `again: ${describeLoadProfile(loadProfile)}. PROFILE counts every database hit, so a load is ` +
        'slower under it; what each statement takes of the whole is what this shows. "Neo4j ms" is ' +
        "the statement's own time in Neo4j until its answer was read; the commit writes the " +
        "records and index entries the statements put in the transaction's state.",
      '',
      '| statement | written a document | db hits a document | Neo4j ms a document | plan starts |',
      '|---|---:|---:|---:|---|',
      ...loadProfile.statements.map(
        (statement) =>
          `| ${statement.name} | ${Math.round(statement.items)} | ${Math.round(statement.dbHits)} | ` +
          `${statement.serverMs.toFixed(1)} | ${describeStarts(statement)} |`,
      ),
      `| commit | | | ${loadProfile.commitMsPerDocument.toFixed(1)} (as the loader waited for it) | |`,
    );
  }
  lines.push('', '## p50 / p99 in ms at each size', '');
  const header = results.flatMap((result) =>
    settings.connections.map((c) => `${result.size} docs @${c}`),
  );
  lines.push(
    `| query | ${header.join(' | ')} | growth p50 @${settings.connections[0]} | target |`,
    `|---|${header.map(() => '---:').join('|')}|---:|---|`,
  );
  const names = results[0]?.queries.map((query) => query) ?? [];
  for (const query of names) {
    const cells = results.flatMap((result) => {
      const figures = result.queries.find((q) => q.name === query.name);
      return settings.connections.map((c) => {
        const timing = figures?.timings.find((t) => t.connections === c);
        return timing ? describeTiming(timing) : '–';
      });
    });
    const grew = growth(results, query.name, settings.connections[0] ?? 1);
    const verdict = query.bounded
      ? grew === null
        ? '–'
        : grew <= P50_GROWTH_TARGET
          ? `≤${P50_GROWTH_TARGET}x: met`
          : `≤${P50_GROWTH_TARGET}x: missed`
      : 'say how it grows';
    lines.push(`| ${query.title} | ${cells.join(' | ')} | ${grew ?? '–'}x | ${verdict} |`);
  }
  lines.push('', '## Statements, database hits and where each plan starts', '');
  lines.push('| documents | query | statements | db hits | bytes | plan starts (per statement) |');
  lines.push('|---:|---|---:|---:|---:|---|');
  for (const result of results) {
    for (const query of result.queries) {
      const starts = query.profiles
        .map((profile) => `${profile.name}: ${describeStarts(profile)}`)
        .join('; ');
      lines.push(
        `| ${result.size} | ${query.name} | ${query.statements} | ${query.dbHits} | ${query.bytes} | ${starts} |`,
      );
    }
  }
  const scans = results.flatMap((result) =>
    result.queries.flatMap((query) =>
      query.profiles
        .filter((profile) => profile.scans.length > 0)
        .map(
          (profile) =>
            `${result.size} docs, ${query.name}, ${profile.name}: ${profile.scans.join(', ')}`,
        ),
    ),
  );
  lines.push('', '## Scans (operators that read a whole label, type or index)', '');
  lines.push(...(scans.length > 0 ? scans.map((scan) => `- ${scan}`) : ['- none']));
  lines.push('');
  const markdown = lines.join('\n');
  console.log(`\n${markdown}`);
  const dir = new URL('./results/', import.meta.url);
  await writeFile(new URL('scale.md', dir), markdown);
  await writeFile(
    new URL('scale.json', dir),
    `${JSON.stringify({ machine, commit, settings, serviceCpuMs, results }, null, 2)}\n`,
  );
  console.log('written to bench/results/scale.md and scale.json');
}

runMain(main);
