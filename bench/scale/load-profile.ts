/**
 * Where a load's time goes inside Neo4j: documents are written by the loader as usual, but each
 * statement runs under PROFILE, so that what it wrote, its database hits, plan and server time can
 * be added up by statement, and the commit is timed apart from the statements.
 */
import neo4j, { type Driver, type QueryResult, type ResultSummary } from 'neo4j-driver';
import { StatementCounter, type StatementRunner, Transaction } from '../../src/neo4j/database.ts';
import type { GraphRows } from '../../src/seed/graph-rows.ts';
import { writeDocumentGraphs } from '../../src/seed/loader.ts';
import { cpuMs } from '../lib/service.ts';
import { summarisePlan } from './profile.ts';

/** One statement of the loader, added up over every document of the run. */
export interface LoadStatementProfile {
  name: string;
  /** Per document: what the statement says it wrote (the loader's statements return a count). */
  items: number;
  dbHits: number;
  /** Neo4j's own time for the statement (until its result was consumed), under PROFILE. */
  serverMs: number;
  /** Where its plan starts reading, as in the query profiles (index seeks, scans...). */
  starts: Record<string, number>;
}

export interface LoadProfileFigures {
  /** Counted: all but the first batch. */
  documents: number;
  batchSize: number;
  /** Per document: the statements' time as the loader waited for them, and the commit's. */
  statementsMsPerDocument: number;
  commitMsPerDocument: number;
  /** Per document, all statements: Neo4j's own time, and database hits. */
  serverMsPerDocument: number;
  dbHitsPerDocument: number;
  neo4jCpuMsPerDocument: number | null;
  /** The most expensive first, by server time. */
  statements: LoadStatementProfile[];
}

function milliseconds(value: ResultSummary['resultAvailableAfter']): number {
  return neo4j.isInt(value) ? value.toNumber() : Number(value);
}

/**
 * Loads `rowsList`, `batchSize` documents a transaction, every statement under PROFILE. The first
 * batch is not counted: the statements with PROFILE in front are new to Neo4j, and their first
 * runs are mostly planning and compiling. The documents stay loaded: the caller removes them.
 */
export async function profileLoading(
  driver: Driver,
  database: string,
  rowsList: readonly GraphRows[],
  options: { batchSize: number; neo4jPid: number | null },
): Promise<LoadProfileFigures> {
  const byName = new Map<string, LoadStatementProfile>();
  let statementsMs = 0;
  let commitMs = 0;
  const warmUp = rowsList.length > options.batchSize ? options.batchSize : 0;
  let cpuBefore: number | null = null;
  for (let first = 0; first < rowsList.length; first += options.batchSize) {
    const counted = first >= warmUp;
    if (first === warmUp) cpuBefore = options.neo4jPid ? cpuMs(options.neo4jPid) : null;
    const batch = rowsList.slice(first, first + options.batchSize);
    const session = driver.session({ database, defaultAccessMode: 'WRITE' });
    const explicit = session.beginTransaction();
    const counter = new StatementCounter();
    const record = (index: number, { records, summary }: QueryResult) => {
      if (!counted) return;
      const name = counter.sent[index]?.name ?? 'unnamed';
      const entry = byName.get(name) ?? { name, items: 0, dbHits: 0, serverMs: 0, starts: {} };
      byName.set(name, entry);
      entry.serverMs +=
        milliseconds(summary.resultAvailableAfter) + milliseconds(summary.resultConsumedAfter);
      // The drivers here decode integers as numbers (src/neo4j/driver.ts).
      entry.items += Number(records[0]?.toObject().count ?? 0);
      if (!summary.profile) return;
      const plan = summarisePlan(name, summary.profile);
      entry.dbHits += plan.dbHits;
      for (const [operator, count] of Object.entries(plan.starts)) {
        entry.starts[operator] = Math.max(entry.starts[operator] ?? 0, count);
      }
    };
    let sent = 0;
    const runner: StatementRunner = {
      run: (cypher, params) => {
        // The Transaction records each statement just before it sends it, so the nth statement
        // sent is the counter's nth.
        const index = sent;
        sent += 1;
        return explicit.run(`PROFILE ${cypher}`, params).then((result) => {
          record(index, result);
          return result;
        });
      },
    };
    try {
      const started = performance.now();
      await writeDocumentGraphs(new Transaction(runner, counter), batch);
      const written = performance.now();
      await explicit.commit();
      if (counted) {
        statementsMs += written - started;
        commitMs += performance.now() - written;
      }
    } catch (error) {
      await explicit.rollback().catch(() => {});
      throw error;
    } finally {
      await session.close();
    }
  }
  const documents = rowsList.length - warmUp;
  const cpuAfter = options.neo4jPid ? cpuMs(options.neo4jPid) : null;
  const perDocument = (value: number) => (documents > 0 ? value / documents : 0);
  const statements = [...byName.values()]
    .map((entry) => ({
      ...entry,
      items: perDocument(entry.items),
      dbHits: perDocument(entry.dbHits),
      serverMs: perDocument(entry.serverMs),
    }))
    .sort((a, b) => b.serverMs - a.serverMs);
  return {
    documents,
    batchSize: options.batchSize,
    statementsMsPerDocument: perDocument(statementsMs),
    commitMsPerDocument: perDocument(commitMs),
    serverMsPerDocument: statements.reduce((sum, entry) => sum + entry.serverMs, 0),
    dbHitsPerDocument: statements.reduce((sum, entry) => sum + entry.dbHits, 0),
    neo4jCpuMsPerDocument:
      cpuBefore !== null && cpuAfter !== null ? perDocument(cpuAfter - cpuBefore) : null,
    statements,
  };
}
