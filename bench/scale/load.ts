/**
 * Grows a graph with generated documents through the same path an article takes: the validator,
 * the row builder and the loader, one transaction per document.
 */
import type { GraphDatabase } from '../../src/neo4j/database.ts';
import { buildGraphRows } from '../../src/seed/graph-rows.ts';
import { loadDocumentGraph } from '../../src/seed/loader.ts';
import { formatSeedError, validateAnnotations } from '../../src/seed/validate.ts';
import { type EntityPool, generateDocument } from './generate.ts';

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
  /** The slowest document, and the rate over the last `tail` documents (the biggest graph). */
  slowestMs: number;
  tail: { documents: number; documentsPerSecond: number } | null;
}

export interface LoadRange {
  seed: number;
  pool: EntityPool;
  /** Generated documents `from` (inclusive) to `to` (exclusive). */
  from: number;
  to: number;
  /** How many of the last documents the tail rate covers. */
  tail?: number;
  onProgress?: (progress: LoadProgress) => void;
}

/** Generates, validates and loads documents `from` to `to`; a document that fails stops the run. */
export async function loadGenerated(db: GraphDatabase, range: LoadRange): Promise<LoadFigures> {
  const total = Math.max(0, range.to - range.from);
  const tailSize = Math.min(range.tail ?? 50, total);
  const started = performance.now();
  let prepareMs = 0;
  let slowestMs = 0;
  let tailStarted: number | null = null;
  let lastReport = started;
  for (let index = range.from; index < range.to; index += 1) {
    const loaded = index - range.from;
    if (loaded === total - tailSize) tailStarted = performance.now();
    const before = performance.now();
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
    const rows = buildGraphRows(validation.annotations, text);
    const prepared = performance.now();
    prepareMs += prepared - before;
    await loadDocumentGraph(db, rows);
    slowestMs = Math.max(slowestMs, performance.now() - before);
    const now = performance.now();
    if (range.onProgress && (now - lastReport > 5_000 || loaded + 1 === total)) {
      lastReport = now;
      range.onProgress({
        loaded: loaded + 1,
        total,
        documentsPerSecond: ((loaded + 1) * 1000) / (now - started),
      });
    }
  }
  const ended = performance.now();
  const seconds = (ended - started) / 1000;
  return {
    documents: total,
    seconds,
    documentsPerSecond: seconds > 0 ? total / seconds : 0,
    prepareSeconds: prepareMs / 1000,
    slowestMs,
    tail:
      tailStarted !== null && tailSize > 0
        ? { documents: tailSize, documentsPerSecond: (tailSize * 1000) / (ended - tailStarted) }
        : null,
  };
}
