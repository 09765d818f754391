/**
 * npm run bench: the service against a floor and a peer, on one Neo4j, in one run.
 *
 *   service  this repository, compiled (dist/main.js), as production runs it
 *   floor    node:http and one hand-written Cypher statement per query (bench/compare/floor.ts)
 *   peer     @neo4j/graphql on graphql-yoga over the same labels and relationships
 *            (bench/peer/type-defs.ts)
 *
 * Each runs in its own Node process, all against the Neo4j of NEO4J_URI (NEO4J_USER,
 * NEO4J_PASSWORD) or a fresh embedded one in a temporary folder, seeded with the article. First
 * every query of the mix (bench/compare/mix.ts) is asked of all three and the answers must be
 * equal (the peer's once put in the service's shape): any difference stops the run with exit 1
 * and the first differing value. Then autocannon on loopback, one query at a time, at each
 * connection count, the systems taking turns for several short rounds so that the machine's
 * noise falls on all three alike.
 *
 *   BENCH_SECONDS         seconds per round and system (default 3)
 *   BENCH_ROUNDS          rounds per query and connection count (default 3)
 *   BENCH_WARMUP_SECONDS  warm-up per query and system before timing (default 2)
 *   BENCH_CONNECTIONS     connection counts (default 1,16)
 *
 * Prints a markdown table and writes bench/results/compare.json and compare.md. Every process
 * it started (Neo4j, service, floor, peer) is stopped on exit, failure or Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import neo4j, { type Driver } from 'neo4j-driver';
import { GraphDatabase } from '../src/neo4j/database.ts';
import { createDriver } from '../src/neo4j/driver.ts';
import { seedDatabase } from '../src/seed/seed-database.ts';
import {
  checkMix,
  type HttpRequest,
  JSON_HEADERS,
  mixContext,
  type Origins,
  type QueryCheck,
  requestFor,
  SYSTEMS,
  type SystemName,
  settle,
} from './compare/answers.ts';
import { MIX, type MixContext, type MixQuery } from './compare/mix.ts';
import { startBenchNeo4j } from './lib/neo4j.ts';
import { compileBenchServers, startBenchServer } from './lib/servers.ts';
import {
  cpuMs,
  type Neo4jConnection,
  onExit,
  openService,
  residentMb,
  runMain,
  wasInterrupted,
} from './lib/service.ts';

const ROOT = new URL('..', import.meta.url);

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

function connectionCounts(): number[] {
  const raw = process.env.BENCH_CONNECTIONS ?? '1,16';
  const counts = raw.split(',').map((part) => Number(part.trim()));
  if (counts.length === 0 || !counts.every((n) => Number.isInteger(n) && n > 0)) {
    throw new Error('BENCH_CONNECTIONS must be whole numbers separated by commas, e.g. 1,16');
  }
  return counts;
}

interface Settings {
  seconds: number;
  rounds: number;
  warmUpSeconds: number;
  connections: number[];
}

function readSettings(): Settings {
  return {
    seconds: positiveNumber('BENCH_SECONDS', 3),
    rounds: Math.max(1, Math.round(positiveNumber('BENCH_ROUNDS', 3))),
    warmUpSeconds: positiveNumber('BENCH_WARMUP_SECONDS', 2),
    connections: connectionCounts(),
  };
}

// ---------------------------------------------------------------------------------------------
// The Neo4j all three share

interface SharedNeo4j {
  connection: Neo4jConnection;
  /** The embedded Neo4j's process, when this script started it. */
  pid: number | null;
}

async function openNeo4j(): Promise<SharedNeo4j> {
  const external = process.env.NEO4J_URI;
  let connection: Neo4jConnection;
  let pid: number | null = null;
  if (external) {
    connection = {
      uri: external,
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
      database: process.env.NEO4J_DATABASE ?? 'neo4j',
    };
    console.log(`using the Neo4j at ${external}`);
  } else {
    const dataDir = await mkdtemp(join(os.tmpdir(), 'dossier-compare-'));
    onExit(() => rm(dataDir, { recursive: true, force: true }));
    ({ connection, pid } = await startBenchNeo4j({ dataDir, heap: '1g', pageCacheMb: 256 }));
  }
  const driver = createDriver(connection);
  try {
    const seeded = await seedDatabase(new GraphDatabase(driver, connection.database ?? 'neo4j'), {
      onlyIfChanged: true,
    });
    console.log(
      seeded.loaded
        ? `article loaded in ${seeded.report?.millis ?? 0} ms`
        : 'article already loaded',
    );
  } finally {
    await driver.close();
  }
  return { connection, pid };
}

async function neo4jVersion(
  connection: Neo4jConnection,
): Promise<{ version: string; edition: string }> {
  const driver: Driver = neo4j.driver(
    connection.uri,
    neo4j.auth.basic(connection.user, connection.password),
  );
  try {
    const { records } = await driver.executeQuery(
      'CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition',
      {},
      { database: connection.database ?? 'neo4j', routing: neo4j.routing.READ },
    );
    const record = records[0];
    return {
      version: String(record?.get('version') ?? 'unknown'),
      edition: String(record?.get('edition') ?? 'unknown'),
    };
  } finally {
    await driver.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Timing one system on one query

interface Run {
  latencies: number[];
  /** The size of the first whole response (headers and body), to hold the others to it. */
  firstBytes: number | null;
  requests: number;
  seconds: number;
  non2xx: number;
  badBodies: number;
  connectionErrors: number;
  timeouts: number;
  sample: string | null;
  /** CPU time the system's own process, and Neo4j, used during the run (ms); null if unknown. */
  serverCpuMs: number | null;
  neo4jCpuMs: number | null;
}

/**
 * autocannon on one request. Every latency is kept (to take percentiles over all rounds). A
 * response counts as bad unless it is HTTP 200, a body with data and no errors, and exactly as
 * many bytes as `expectedBytes` (the answers are deterministic, so another size is another
 * answer; counted on the wire, headers included, as autocannon reports it).
 */
function fire(
  origin: URL,
  request: HttpRequest,
  connections: number,
  seconds: number,
  expectedBytes: number | null,
): Promise<Run> {
  const run: Run = {
    latencies: [],
    firstBytes: null,
    requests: 0,
    seconds: 0,
    non2xx: 0,
    badBodies: 0,
    connectionErrors: 0,
    timeouts: 0,
    sample: null,
    serverCpuMs: null,
    neo4jCpuMs: null,
  };
  return new Promise((done, fail) => {
    const instance = autocannon(
      {
        url: origin.origin,
        connections,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: request.path,
            headers: JSON_HEADERS,
            body: request.body,
            onResponse: (status: number, body: string) => {
              if (status !== 200) return;
              if (body.startsWith('{"data":') && !body.includes('"errors":[')) return;
              run.badBodies += 1;
              run.sample ??= body.slice(0, 300);
            },
          },
        ],
      },
      (error: unknown, result) => {
        if (wasInterrupted()) fail(new Error('interrupted'));
        else if (error) fail(error);
        else {
          run.requests = result.requests.total;
          run.seconds = result.duration;
          run.non2xx = result.non2xx;
          run.timeouts = result.timeouts;
          run.connectionErrors = result.errors - result.timeouts;
          done(run);
        }
      },
    );
    instance.on('response', (_client, status, bytes, responseTime) => {
      run.latencies.push(responseTime);
      if (status !== 200) return;
      run.firstBytes ??= bytes;
      if (expectedBytes !== null && bytes !== expectedBytes) {
        run.badBodies += 1;
        run.sample ??= `${bytes} bytes instead of ${expectedBytes}`;
      }
    });
    onExit(async () => instance.stop());
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? 0;
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

interface Figures {
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  requestsPerSecond: number;
  requests: number;
  errors: { non2xx: number; badBodies: number; connectionErrors: number; timeouts: number };
  badSample: string | null;
  /** The highest resident memory sampled while this system ran this query. */
  peakRssMb: number | null;
  /** CPU per answered request: the system's own process, and Neo4j's (ms). */
  cpuMsPerRequest: { server: number | null; neo4j: number | null };
}

function figures(runs: Run[], peakRssMb: number | null): Figures {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const mean = latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length);
  return {
    p50Ms: round2(percentile(latencies, 50)),
    p99Ms: round2(percentile(latencies, 99)),
    meanMs: round2(mean),
    requestsPerSecond: round1(requests / Math.max(seconds, 1e-9)),
    requests,
    errors: {
      non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
      badBodies: runs.reduce((sum, run) => sum + run.badBodies, 0),
      connectionErrors: runs.reduce((sum, run) => sum + run.connectionErrors, 0),
      timeouts: runs.reduce((sum, run) => sum + run.timeouts, 0),
    },
    badSample: runs.find((run) => run.sample !== null)?.sample ?? null,
    peakRssMb,
    cpuMsPerRequest: {
      server: perRequest(runs, requests, (run) => run.serverCpuMs),
      neo4j: perRequest(runs, requests, (run) => run.neo4jCpuMs),
    },
  };
}

function perRequest(
  runs: readonly Run[],
  requests: number,
  cpu: (run: Run) => number | null,
): number | null {
  if (requests === 0 || runs.some((run) => cpu(run) === null)) return null;
  return round2(runs.reduce((sum, run) => sum + (cpu(run) ?? 0), 0) / requests);
}

/** CPU used by `pid` while `work` runs, in ms; null when it cannot be read. */
async function cpuDuring<T>(
  pid: number | null,
  neo4jPid: number | null,
  work: () => Promise<T>,
): Promise<{ result: T; server: number | null; neo4j: number | null }> {
  const before = [pid === null ? null : cpuMs(pid), neo4jPid === null ? null : cpuMs(neo4jPid)];
  const result = await work();
  const after = [pid === null ? null : cpuMs(pid), neo4jPid === null ? null : cpuMs(neo4jPid)];
  const delta = (i: number) => {
    const [a, b] = [before[i], after[i]];
    return a === null || a === undefined || b === null || b === undefined ? null : b - a;
  };
  return { result, server: delta(0), neo4j: delta(1) };
}

const errorCount = (f: Figures) =>
  f.errors.non2xx + f.errors.badBodies + f.errors.connectionErrors + f.errors.timeouts;

// ---------------------------------------------------------------------------------------------
// Memory: every process's resident set, sampled once a second

class MemoryWatch {
  private readonly peaks = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pids: Record<string, number | null>) {
    this.timer = setInterval(() => this.sample(), 1_000);
    this.timer.unref();
  }

  now(): Record<string, number | null> {
    return Object.fromEntries(
      Object.entries(this.pids).map(([name, pid]) => [
        name,
        pid === null ? null : round1(residentMb(pid) ?? 0),
      ]),
    );
  }

  private sample(): void {
    for (const [name, mb] of Object.entries(this.now())) {
      if (mb !== null) this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, mb));
    }
  }

  /** The peaks since the last call, then a fresh start. */
  takePeaks(): Record<string, number | null> {
    this.sample();
    const peaks = Object.fromEntries(
      Object.keys(this.pids).map((name) => [name, this.peaks.get(name) ?? null]),
    );
    this.peaks.clear();
    return peaks;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

// ---------------------------------------------------------------------------------------------
// The report

interface Cell {
  connections: number;
  systems: Partial<Record<SystemName, Figures>>;
  ratios: { serviceToFloorP50: number | null; serviceToPeerRequestsPerSecond: number | null };
}

interface QueryReport {
  name: MixQuery['name'];
  title: string;
  peerSkipped: string | null;
  statementsPerRequest: Partial<Record<SystemName, number | null>>;
  responseBytes: Partial<Record<SystemName, number>>;
  cells: Cell[];
}

function packageVersion(name: string): string {
  try {
    const file = new URL(`node_modules/${name}/package.json`, ROOT);
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed !== null &&
      typeof parsed === 'object' &&
      'version' in parsed &&
      typeof parsed.version === 'string'
      ? parsed.version
      : 'unknown';
  } catch {
    return 'unknown';
  }
}

interface GitState {
  commit: string;
  /** Paths changed and not committed, as `git status --porcelain` lists them. */
  uncommitted: string[];
}

function gitState(): GitState {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trimEnd();
    const status = git('status', '--porcelain', '--untracked-files=no');
    return {
      commit: git('rev-parse', 'HEAD'),
      uncommitted: status === '' ? [] : status.split('\n').map((line) => line.slice(3)),
    };
  } catch {
    return { commit: 'unknown', uncommitted: [] };
  }
}

const cellText = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined ? '–' : value.toFixed(digits);

function ratio(numerator: number | undefined, denominator: number | undefined): number | null {
  if (numerator === undefined || denominator === undefined || denominator === 0) return null;
  return round2(numerator / denominator);
}

function markdown(queries: QueryReport[], memory: MemoryReport, header: string): string {
  const lines = [
    header,
    '',
    "Latency in ms (p50 / p99), throughput in requests per second. Ratios: the service's p50 over",
    "the floor's (how much slower than one hand-written statement), and the service's requests/s",
    "over the peer's (above 1: the service serves more).",
    '',
    '| query | conn | service p50 / p99 | service req/s | floor p50 / p99 | floor req/s | peer p50 / p99 | peer req/s | service/floor p50 | service/peer req/s | errors s/f/p |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const query of queries) {
    for (const cell of query.cells) {
      const s = cell.systems.service;
      const f = cell.systems.floor;
      const p = cell.systems.peer;
      const latency = (x: Figures | undefined) =>
        x ? `${cellText(x.p50Ms)} / ${cellText(x.p99Ms)}` : 'skipped';
      const errors = SYSTEMS.map((system) => {
        const x = cell.systems[system];
        return x ? String(errorCount(x)) : '–';
      }).join('/');
      lines.push(
        `| ${query.title} | ${cell.connections} | ${latency(s)} | ${cellText(s?.requestsPerSecond, 0)} | ` +
          `${latency(f)} | ${cellText(f?.requestsPerSecond, 0)} | ${latency(p)} | ` +
          `${p ? cellText(p.requestsPerSecond, 0) : 'skipped'} | ` +
          `${cellText(cell.ratios.serviceToFloorP50, 2)} | ` +
          `${cellText(cell.ratios.serviceToPeerRequestsPerSecond, 2)} | ${errors} |`,
      );
    }
  }
  lines.push(
    '',
    "CPU per request in ms, the system's own process / Neo4j (from /proc; the difference between",
    'two systems is the work one does that the other does not):',
    '',
    '| query | conn | service | floor | peer |',
    '|---|---:|---:|---:|---:|',
  );
  for (const query of queries) {
    for (const cell of query.cells) {
      const cpu = (x: Figures | undefined) =>
        x
          ? `${cellText(x.cpuMsPerRequest.server, 2)} / ${cellText(x.cpuMsPerRequest.neo4j, 2)}`
          : 'skipped';
      lines.push(
        `| ${query.title} | ${cell.connections} | ${cpu(cell.systems.service)} | ` +
          `${cpu(cell.systems.floor)} | ${cpu(cell.systems.peer)} |`,
      );
    }
  }
  lines.push(
    '',
    'Neo4j statements per request and bytes per response (the body, as checked):',
    '',
    '| query | statements s/f/p | bytes service | bytes floor | bytes peer |',
    '|---|---:|---:|---:|---:|',
  );
  for (const query of queries) {
    const statements = SYSTEMS.map((system) =>
      query.statementsPerRequest[system] === undefined
        ? '–'
        : String(query.statementsPerRequest[system] ?? '?'),
    ).join(' / ');
    const bytes = (system: SystemName) => String(query.responseBytes[system] ?? '–');
    lines.push(
      `| ${query.title} | ${statements} | ${bytes('service')} | ${bytes('floor')} | ${bytes('peer')} |`,
    );
  }
  lines.push(
    '',
    'Resident memory (VmRSS, MB): after the warm-up, the highest sampled while timing, at the end:',
    '',
    '| process | after warm-up | peak | end |',
    '|---|---:|---:|---:|',
  );
  for (const name of Object.keys(memory.afterWarmUp)) {
    lines.push(
      `| ${name} | ${cellText(memory.afterWarmUp[name])} | ${cellText(memory.peak[name])} | ${cellText(memory.end[name])} |`,
    );
  }
  const skipped = queries.filter((query) => query.peerSkipped);
  if (skipped.length > 0) {
    lines.push('', 'The peer skips:', '');
    for (const query of skipped) lines.push(`- ${query.title}: ${query.peerSkipped}`);
  }
  return `${lines.join('\n')}\n`;
}

interface MemoryReport {
  afterWarmUp: Record<string, number | null>;
  peak: Record<string, number | null>;
  end: Record<string, number | null>;
}

// ---------------------------------------------------------------------------------------------

function printDifferences(checks: QueryCheck[]): boolean {
  const differences = checks.flatMap((check) => check.differences);
  for (const difference of differences) console.error(`\nDIFFERENT ANSWER: ${difference}`);
  return differences.length === 0;
}

runMain(async () => {
  const SETTINGS = readSettings();
  const started = Date.now();
  // Other work on the machine shows here: the timings are only as quiet as the machine was.
  const loadAtStart = os.loadavg().map(round2);
  // What is built and run is the tree as it is now: its commit and any change not committed.
  const gitAtBuild = gitState();
  const shared = await openNeo4j();
  compileBenchServers();
  const [service, floor, peer] = await Promise.all([
    openService({ neo4j: shared.connection }),
    startBenchServer('floor', shared.connection),
    startBenchServer('peer', shared.connection),
  ]);
  const origins: Origins = {
    service: new URL(service.url.origin),
    floor: floor.origin,
    peer: peer.origin,
  };
  const pids: Record<SystemName, number | null> = {
    service: service.pid,
    floor: floor.pid,
    peer: peer.pid,
  };

  // The answers first: nothing is timed unless all three give the same one.
  const context: MixContext = await mixContext(origins.service);
  console.log('\nasking every query of the mix of all three and comparing the answers...');
  await settle(origins, context);
  const checks = await checkMix(origins, context);
  if (!printDifferences(checks)) {
    console.error('\nFAILED: the systems do not give the same answers; nothing was timed.');
    return 1;
  }
  for (const check of checks) {
    const asked = SYSTEMS.filter((system) => check.answers[system]).join(', ');
    console.log(`  ${check.name}: same answer from ${asked}`);
  }

  const requests = (entry: MixQuery) =>
    Object.fromEntries(
      SYSTEMS.map((system) => [system, requestFor(system, entry, context)]),
    ) as Record<SystemName, HttpRequest | null>;
  // Learned from the first response of each warm-up, after the answers were found equal.
  const wireBytes = new Map<string, number>();
  const expectedBytes = (entry: MixQuery, system: SystemName) =>
    wireBytes.get(`${system}:${entry.name}`) ?? null;

  console.log(`\nwarming up: ${SETTINGS.warmUpSeconds} s per query and system at 4 connections...`);
  for (const entry of MIX) {
    for (const system of SYSTEMS) {
      const request = requests(entry)[system];
      if (!request) continue;
      const run = await fire(origins[system], request, 4, SETTINGS.warmUpSeconds, null);
      if (run.firstBytes !== null) wireBytes.set(`${system}:${entry.name}`, run.firstBytes);
      if (run.badBodies + run.non2xx > 0) {
        console.error(`warm-up: ${system} ${entry.name} gave bad answers: ${run.sample ?? ''}`);
      }
    }
  }

  const memory = new MemoryWatch({ ...pids, neo4j: shared.pid });
  onExit(async () => memory.stop());
  const afterWarmUp = memory.now();
  const overallPeak: Record<string, number | null> = {};
  const reports: QueryReport[] = [];
  const total = MIX.length * SETTINGS.connections.length * SETTINGS.rounds;
  let done = 0;
  console.log(
    `\ntiming: ${SETTINGS.rounds} rounds of ${SETTINGS.seconds} s per query, connection count ` +
      `and system (${SETTINGS.connections.join(' and ')} connections), systems in turn...`,
  );
  for (const entry of MIX) {
    const check = checks.find((c) => c.name === entry.name);
    const report: QueryReport = {
      name: entry.name,
      title: entry.title,
      peerSkipped: check?.peerSkipped ?? null,
      statementsPerRequest: Object.fromEntries(
        SYSTEMS.filter((system) => check?.answers[system]).map((system) => [
          system,
          check?.answers[system]?.statements ?? null,
        ]),
      ),
      responseBytes: Object.fromEntries(
        SYSTEMS.filter((system) => check?.answers[system]).map((system) => [
          system,
          check?.answers[system]?.bytes ?? 0,
        ]),
      ),
      cells: [],
    };
    for (const connections of SETTINGS.connections) {
      const runs: Record<SystemName, Run[]> = { service: [], floor: [], peer: [] };
      const peaks: Record<SystemName, number | null> = { service: null, floor: null, peer: null };
      for (let round = 0; round < SETTINGS.rounds; round += 1) {
        // Each round starts with another system, so that none is always first after a pause.
        const order = SYSTEMS.map((_, i) => SYSTEMS[(i + round) % SYSTEMS.length] as SystemName);
        for (const system of order) {
          const request = requests(entry)[system];
          if (!request) continue;
          memory.takePeaks();
          const measured = await cpuDuring(pids[system], shared.pid, () =>
            fire(
              origins[system],
              request,
              connections,
              SETTINGS.seconds,
              expectedBytes(entry, system),
            ),
          );
          runs[system].push({
            ...measured.result,
            serverCpuMs: measured.server,
            neo4jCpuMs: measured.neo4j,
          });
          const peak = memory.takePeaks()[system] ?? null;
          if (peak !== null) peaks[system] = Math.max(peaks[system] ?? 0, peak);
          for (const [name, mb] of Object.entries(memory.now())) {
            if (mb !== null) overallPeak[name] = Math.max(overallPeak[name] ?? 0, mb);
          }
        }
        done += 1;
        process.stdout.write(`\r  ${done}/${total} rounds`);
      }
      const systems: Partial<Record<SystemName, Figures>> = {};
      for (const system of SYSTEMS) {
        if (runs[system].length > 0) systems[system] = figures(runs[system], peaks[system]);
      }
      report.cells.push({
        connections,
        systems,
        ratios: {
          serviceToFloorP50: ratio(systems.service?.p50Ms, systems.floor?.p50Ms),
          serviceToPeerRequestsPerSecond: ratio(
            systems.service?.requestsPerSecond,
            systems.peer?.requestsPerSecond,
          ),
        },
      });
    }
    reports.push(report);
  }
  process.stdout.write('\n');
  for (const [name, mb] of Object.entries(memory.takePeaks())) {
    if (mb !== null) overallPeak[name] = Math.max(overallPeak[name] ?? 0, mb);
  }
  const memoryReport: MemoryReport = { afterWarmUp, peak: overallPeak, end: memory.now() };
  memory.stop();

  const neo4jInfo = await neo4jVersion(shared.connection);
  const git = { atBuild: gitAtBuild, atEnd: gitState() };
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryMb: Math.round(os.totalmem() / 2 ** 20),
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map(round2) },
  };
  const header =
    `# Service, floor and peer on one Neo4j\n\n` +
    `${new Date().toISOString()}: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryMb} MB; ` +
    `Node ${process.version}; Neo4j ${neo4jInfo.version} ${neo4jInfo.edition}; ` +
    `@neo4j/graphql ${packageVersion('@neo4j/graphql')}; commit ${git.atBuild.commit.slice(0, 12)}` +
    `${git.atBuild.uncommitted.length > 0 ? ` with changes to ${git.atBuild.uncommitted.join(', ')}` : ''}. ` +
    `${SETTINGS.rounds} rounds of ${SETTINGS.seconds} s per query, connection count and system, ` +
    `after ${SETTINGS.warmUpSeconds} s of warm-up each; all on one machine over loopback ` +
    '(autocannon, the three servers and Neo4j share its cores; load average ' +
    `${machine.loadAverage.atStart[0]} at the start, ${machine.loadAverage.atEnd[0]} at the end).`;
  const table = markdown(reports, memoryReport, header);
  const errors = reports
    .flatMap((query) => query.cells)
    .flatMap((cell) => Object.values(cell.systems))
    .reduce((sum, f) => sum + errorCount(f), 0);

  const results = new URL('bench/results/', ROOT);
  await mkdir(results, { recursive: true });
  await writeFile(
    new URL('compare.json', results),
    `${JSON.stringify(
      {
        when: new Date().toISOString(),
        durationS: Math.round((Date.now() - started) / 1000),
        machine,
        node: process.version,
        neo4j: neo4jInfo,
        packages: Object.fromEntries(
          [
            '@neo4j/graphql',
            'graphql-yoga',
            'graphql',
            '@pothos/core',
            'neo4j-driver',
            'autocannon',
            'typescript',
          ].map((name) => [name, packageVersion(name)]),
        ),
        git,
        settings: SETTINGS,
        systems: {
          service: 'dist/main.js (npm run build), its own HTTP and GraphQL stack',
          floor: 'bench/floor/server.ts: node:http, one Cypher statement per query',
          peer: `bench/peer/server.ts: @neo4j/graphql ${packageVersion('@neo4j/graphql')} on graphql-yoga`,
        },
        errors,
        memoryMb: memoryReport,
        queries: reports,
      },
      null,
      2,
    )}\n`,
  );
  await writeFile(new URL('compare.md', results), table);
  console.log(`\n${table}`);
  console.log('written to bench/results/compare.json and bench/results/compare.md');
  if (errors > 0) {
    console.error(`\nFAILED: ${errors} requests got no good answer (see the errors column).`);
    for (const query of reports) {
      for (const cell of query.cells) {
        for (const [system, f] of Object.entries(cell.systems)) {
          if (f.badSample) console.error(`  ${system} ${query.name}: ${f.badSample}`);
        }
      }
    }
    return 1;
  }
  return 0;
});
