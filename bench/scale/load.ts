/**
 * Grows a graph with generated documents through the same path an article takes: the validator,
 * the row builder and the loader, a batch of documents per transaction.
 */
import type { GraphDatabase } from '../../src/neo4j/database.ts';
import { buildGraphRows, type GraphRows } from '../../src/seed/graph-rows.ts';
import { loadDocumentGraphs, removeDocumentGraph } from '../../src/seed/loader.ts';
import { formatSeedError, validateAnnotations } from '../../src/seed/validate.ts';
import { cpuMs, residentMb } from '../lib/service.ts';
import { documentName, type EntityPool, generateDocument } from './generate.ts';

export interface LoadProgress {
  loaded: number;
  total: number;
  documentsPerSecond: number;
}

export interface LoadFigures {
  documents: number;
  seconds: number;
  documentsPerSecond: number;
  /** Of the time, the part spent generating, validating and building rows (not Neo4j). */
  prepareSeconds: number;
  /**
   * The slowest document (in a batch, the batch's time over its documents), and the rate over
   * the last `tail` documents (the biggest graph), from the start of the batch that holds the first.
   */
  slowestMs: number;
  tail: {
    documents: number;
    documentsPerSecond: number;
    /** Neo4j's CPU per document over the tail, where the JVM is warmest. */
    neo4jCpuMsPerDocument: number | null;
  } | null;
  /**
   * CPU per document: Neo4j's (from /proc, when its pid is known) and this process's (generating,
   * validating, building rows and sending them). Loading is CPU-bound, so these say where it goes.
   */
  neo4jCpuMsPerDocument: number | null;
  loaderCpuMsPerDocument: number;
  memory: LoadMemory;
}

/** Memory while loading: the highest seen after any batch. */
export interface LoadMemory {
  /** This process: what it holds resident, and its JavaScript heap in use. */
  loaderRssMb: number;
  loaderHeapMb: number;
  /** Neo4j's resident memory, when its pid is known. */
  neo4jRssMb: number | null;
}

/** Keeps the highest memory figures seen while a load runs. */
export class PeakMemory {
  private readonly peak: LoadMemory = { loaderRssMb: 0, loaderHeapMb: 0, neo4jRssMb: null };

  constructor(private readonly neo4jPid: number | null | undefined) {}

  sample(): void {
    const own = process.memoryUsage();
    this.peak.loaderRssMb = Math.max(this.peak.loaderRssMb, own.rss / MB);
    this.peak.loaderHeapMb = Math.max(this.peak.loaderHeapMb, own.heapUsed / MB);
    const neo4j = this.neo4jPid ? residentMb(this.neo4jPid) : null;
    if (neo4j !== null) this.peak.neo4jRssMb = Math.max(this.peak.neo4jRssMb ?? 0, neo4j);
  }

  get figures(): LoadMemory {
    return { ...this.peak };
  }
}

const MB = 1024 * 1024;

export interface LoadRange {
  seed: number;
  pool: EntityPool;
  /** Generated documents `from` (inclusive) to `to` (exclusive). */
  from: number;
  to: number;
  /** How many of the last documents the tail rate covers. */
  tail?: number;
  /** Documents written per transaction (default 1). */
  batchSize?: number;
  /** Neo4j's process, to measure its CPU. */
  neo4jPid?: number | null;
  onProgress?: (progress: LoadProgress) => void;
}

/** Generated document `index` of the range's seed, validated and turned into the loader's rows. */
export function prepareGenerated(
  range: Pick<LoadRange, 'seed' | 'pool'>,
  index: number,
): GraphRows {
  const { name, text, annotations } = generateDocument({
    seed: range.seed,
    index,
    pool: range.pool,
  });
  const validation = validateAnnotations(annotations, text, `${name}.annotations.yaml`);
  if (!validation.ok) {
    const shown = validation.errors.slice(0, 5).map(formatSeedError).join('\n  ');
    throw new Error(`generated document ${name} does not validate:\n  ${shown}`);
  }
  return buildGraphRows(validation.annotations, text);
}

/**
 * Generates, validates and loads documents `from` to `to`, `batchSize` per transaction; a batch
 * that fails stops the run. The next batch is prepared while Neo4j writes the current one.
 */
export async function loadGenerated(db: GraphDatabase, range: LoadRange): Promise<LoadFigures> {
  const total = Math.max(0, range.to - range.from);
  const tailSize = Math.min(range.tail ?? 50, total);
  const batchSize = Math.max(1, Math.floor(range.batchSize ?? 1));
  const neo4jCpu = () => (range.neo4jPid ? cpuMs(range.neo4jPid) : null);
  const neo4jCpuAtStart = neo4jCpu();
  let neo4jCpuAtTail: number | null = null;
  const ownCpuAtStart = process.cpuUsage();
  const started = performance.now();
  let prepareMs = 0;
  let slowestMs = 0;
  let tailStarted: number | null = null;
  let tailFrom = 0;
  let lastReport = started;
  const memory = new PeakMemory(range.neo4jPid);
  memory.sample();
  const prepareBatch = async (from: number): Promise<GraphRows[]> => {
    const batch: GraphRows[] = [];
    for (let index = from; index < Math.min(from + batchSize, range.to); index += 1) {
      // A turn of the event loop between documents lets the batch being written go on: its
      // statements are sent, and its answers read, while this one is prepared.
      await new Promise((resume) => setImmediate(resume));
      const before = performance.now();
      batch.push(prepareGenerated(range, index));
      prepareMs += performance.now() - before;
    }
    return batch;
  };
  let next = await prepareBatch(range.from);
  for (let first = range.from; first < range.to; first += batchSize) {
    const loaded = first - range.from;
    if (tailStarted === null && loaded + batchSize > total - tailSize) {
      tailStarted = performance.now();
      tailFrom = loaded;
      neo4jCpuAtTail = neo4jCpu();
    }
    const before = performance.now();
    const writing = loadDocumentGraphs(db, next);
    const upcoming = prepareBatch(first + batchSize);
    // A failed write ends the run; what the next batch's preparation does then is of no interest.
    upcoming.catch(() => {});
    await writing;
    slowestMs = Math.max(slowestMs, (performance.now() - before) / next.length);
    next = await upcoming;
    memory.sample();
    const done = Math.min(loaded + batchSize, total);
    const now = performance.now();
    if (range.onProgress && (now - lastReport > 5_000 || done === total)) {
      lastReport = now;
      range.onProgress({
        loaded: done,
        total,
        documentsPerSecond: (done * 1000) / (now - started),
      });
    }
  }
  const ended = performance.now();
  const neo4jCpuAtEnd = neo4jCpu();
  const ownCpu = process.cpuUsage(ownCpuAtStart);
  const seconds = (ended - started) / 1000;
  const tailDocuments = total - tailFrom;
  const perDocument = (from: number | null, documents: number) =>
    from !== null && neo4jCpuAtEnd !== null && documents > 0
      ? (neo4jCpuAtEnd - from) / documents
      : null;
  return {
    documents: total,
    seconds,
    documentsPerSecond: seconds > 0 ? total / seconds : 0,
    prepareSeconds: prepareMs / 1000,
    slowestMs,
    tail:
      tailStarted !== null && tailSize > 0
        ? {
            documents: tailDocuments,
            documentsPerSecond: (tailDocuments * 1000) / (ended - tailStarted),
            neo4jCpuMsPerDocument: perDocument(neo4jCpuAtTail, tailDocuments),
          }
        : null,
    neo4jCpuMsPerDocument: perDocument(neo4jCpuAtStart, total),
    loaderCpuMsPerDocument: total > 0 ? (ownCpu.user + ownCpu.system) / 1000 / total : 0,
    memory: memory.figures,
  };
}

/** Removes generated documents `from` (inclusive) to `to` (exclusive), one by one. */
export async function removeGenerated(
  db: GraphDatabase,
  seed: number,
  from: number,
  to: number,
): Promise<void> {
  for (let index = from; index < to; index += 1) {
    await removeDocumentGraph(db, `doc:${documentName(seed, index)}`);
  }
}

export interface SideBySideFigures {
  writers: number;
  documents: number;
  documentsPerSecond: number;
  neo4jCpuMsPerDocument: number | null;
}

/**
 * One loader, then `writers` loaders side by side, each writing its own new documents `batchSize`
 * per transaction; each round's documents are removed again, so that a kept graph stays as it was.
 */
export async function loadSideBySide(
  db: GraphDatabase,
  options: {
    seed: number;
    pool: EntityPool;
    from: number;
    writers: number;
    documentsPerLoader: number;
    batchSize: number;
    neo4jPid: number | null;
    onRound?: (figures: SideBySideFigures) => void;
  },
): Promise<SideBySideFigures[]> {
  const figures: SideBySideFigures[] = [];
  let from = options.from;
  for (const writers of [1, options.writers]) {
    const documents = writers * options.documentsPerLoader;
    const cpuBefore = options.neo4jPid ? cpuMs(options.neo4jPid) : null;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, (_, writer) =>
        loadGenerated(db, {
          seed: options.seed,
          pool: options.pool,
          from: from + writer * options.documentsPerLoader,
          to: from + (writer + 1) * options.documentsPerLoader,
          batchSize: options.batchSize,
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = options.neo4jPid ? cpuMs(options.neo4jPid) : null;
    figures.push({
      writers,
      documents,
      documentsPerSecond: documents / seconds,
      neo4jCpuMsPerDocument:
        cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / documents : null,
    });
    options.onRound?.(figures[figures.length - 1] as SideBySideFigures);
    await removeGenerated(db, options.seed, from, from + documents);
    from += documents;
  }
  return figures;
}
