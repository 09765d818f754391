import type { Driver, Session } from 'neo4j-driver';
import type { z } from 'zod';
import {
  budgetSpent,
  classifyFailure,
  databaseBusy,
  databaseUnavailable,
  isDeadlock,
  memoryExceeded,
  statementTimedOut,
} from './failures.ts';
import type { DatabaseHealth } from './health.ts';

/** A named Cypher statement and the shape of each row it returns, checked when read. */
export interface Query<Row> {
  name: string;
  cypher: string;
  row: z.ZodType<Row>;
}

export function defineQuery<Row>(name: string, cypher: string, row: z.ZodType<Row>): Query<Row> {
  return { name, cypher, row };
}

export class RowShapeError extends Error {
  override readonly name = 'RowShapeError';
}

export type QueryParams = Record<string, unknown>;

export interface SentStatement {
  name: string;
  cypher: string;
  params: QueryParams;
}

/** Counts the statements sent to Neo4j, e.g. per GraphQL request, and keeps them for inspection. */
export class StatementCounter {
  readonly sent: SentStatement[] = [];
  get count(): number {
    return this.sent.length;
  }
  record(query: Query<unknown>, params: QueryParams): void {
    this.sent.push({ name: query.name, cypher: query.cypher, params });
  }
}

/** How long statements may run, and how much database time one request may use. */
export interface DatabaseLimits {
  /** A read statement is cut off after this long. */
  statementTimeoutMs: number;
  /** A write, or a write transaction (loading an article), is cut off after this long. */
  writeTimeoutMs: number;
  /** All statements of one request together, from its first statement on. */
  requestBudgetMs: number;
  /** How long a statement waits for a free connection; reported in DATABASE_BUSY. */
  poolWaitMs: number;
}

export const DEFAULT_DATABASE_LIMITS: DatabaseLimits = {
  statementTimeoutMs: 5_000,
  writeTimeoutMs: 60_000,
  requestBudgetMs: 10_000,
  poolWaitMs: 5_000,
};

export interface GraphDatabaseOptions {
  limits?: Partial<DatabaseLimits>;
  /** The circuit in front of Neo4j; without one every statement goes to the driver. */
  health?: DatabaseHealth;
}

// Neo4j checks transaction timeouts every so often (2 s by default); past this margin we stop
// waiting for an answer that is not coming, e.g. from a Neo4j that hangs.
const ANSWER_MARGIN_MS = 3_000;

/** How many times a write transaction runs before a deadlock is the caller's to handle. */
const DEADLOCK_ATTEMPTS = 5;

interface StatementTimeout {
  ms: number;
  /** True when what is left of the request's budget, not the statement limit, set `ms`. */
  byBudget: boolean;
}

function checkRows<Row>(query: Query<Row>, records: { toObject(): object }[]): Row[] {
  return records.map((record, index) => {
    const parsed = query.row.safeParse(record.toObject());
    if (!parsed.success) {
      throw new RowShapeError(
        `Query ${query.name} returned an unexpected row ${index}: ${parsed.error.message}`,
      );
    }
    return parsed.data;
  });
}

class NoAnswer extends Error {
  override readonly name = 'NoAnswer';
}

/** Rejects with NoAnswer when `promise` has not settled within `ms`. */
function answerWithin<T>(promise: PromiseLike<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve(promise),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new NoAnswer(`Neo4j gave no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The store layer's only way to Neo4j: named statements, parameters only, rows checked. Every
 * statement has a timeout, a request's statements share a time budget, and driver failures
 * become errors with stable codes (DATABASE_UNAVAILABLE, DATABASE_BUSY, REQUEST_TIMEOUT).
 */
export class GraphDatabase {
  readonly limits: DatabaseLimits;
  private readonly health: DatabaseHealth | undefined;
  private counter: StatementCounter | undefined;
  /** Per request (see counting()): the budget, and when it runs out once the first statement starts. */
  private budget: { ms: number; deadline: number | undefined } | undefined;

  constructor(
    readonly driver: Driver,
    readonly database: string,
    options: GraphDatabaseOptions = {},
  ) {
    this.limits = { ...DEFAULT_DATABASE_LIMITS, ...options.limits };
    this.health = options.health;
  }

  /** The same database and driver with other limits, e.g. for work that may plan slowly. */
  withLimits(limits: Partial<DatabaseLimits>): GraphDatabase {
    return new GraphDatabase(this.driver, this.database, {
      limits: { ...this.limits, ...limits },
      health: this.health,
    });
  }

  /**
   * The same database with other limits and no circuit in front of it: for work that runs while
   * the circuit keeps clients out, e.g. warming plans up on a restarted Neo4j before serving.
   */
  unguarded(limits: Partial<DatabaseLimits>): GraphDatabase {
    return new GraphDatabase(this.driver, this.database, {
      limits: { ...this.limits, ...limits },
    });
  }

  /**
   * The same database for one request: counts its statements into `counter`, and gives them
   * together requestBudgetMs of database time from the first one on.
   */
  counting(counter: StatementCounter): GraphDatabase {
    const scoped = new GraphDatabase(this.driver, this.database, {
      limits: this.limits,
      health: this.health,
    });
    scoped.counter = counter;
    scoped.budget = { ms: this.limits.requestBudgetMs, deadline: undefined };
    return scoped;
  }

  read<Row>(query: Query<Row>, params: QueryParams = {}): Promise<Row[]> {
    return this.run(query, params, 'READ');
  }

  write<Row>(query: Query<Row>, params: QueryParams = {}): Promise<Row[]> {
    return this.run(query, params, 'WRITE');
  }

  /**
   * Runs `work` in one write transaction: all of it lands or none of it does. A transaction that
   * Neo4j rolls back for a deadlock with a concurrent write runs again, a few times at most;
   * `work` must not depend on what happened outside the transaction in an earlier attempt.
   */
  async writeTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      this.health?.assertUp();
      const timeout = this.timeout(this.limits.writeTimeoutMs);
      const session = this.session('WRITE');
      try {
        const done = await session.executeWrite((tx) => work(new Transaction(tx, this.counter)), {
          timeout: timeout.ms,
        });
        this.health?.noteAnswer();
        return done;
      } catch (error) {
        if (!isDeadlock(error) || attempt >= DEADLOCK_ATTEMPTS) throw this.failure(error, timeout);
      } finally {
        await session.close().catch(() => {});
      }
      // A short, random wait, so that the two transactions do not meet again at once.
      await new Promise((resume) => setTimeout(resume, Math.random() * 20 * attempt));
    }
  }

  private async run<Row>(query: Query<Row>, params: QueryParams, mode: 'READ' | 'WRITE') {
    this.health?.assertUp();
    const timeout = this.timeout(
      mode === 'READ' ? this.limits.statementTimeoutMs : this.limits.writeTimeoutMs,
    );
    this.counter?.record(query, params);
    const session = this.session(mode);
    let records: { toObject(): object }[];
    let answered = false;
    try {
      // One auto-commit statement: no retries by the driver, and a timeout Neo4j enforces. It
      // may wait for a connection first: a full pool is DATABASE_BUSY, not a Neo4j that is gone.
      const result = await answerWithin(
        session.run(query.cypher, params, { timeout: timeout.ms }),
        this.limits.poolWaitMs + timeout.ms + ANSWER_MARGIN_MS,
      );
      answered = true;
      this.health?.noteAnswer();
      records = result.records;
    } catch (error) {
      throw this.failure(error, timeout);
    } finally {
      const closing = session.close().catch(() => {});
      // A session whose statement never answered cannot close cleanly; do not wait on it.
      if (answered) await closing;
    }
    return checkRows(query, records);
  }

  private session(mode: 'READ' | 'WRITE'): Session {
    return this.driver.session({
      database: this.database,
      defaultAccessMode: mode,
      // The bookmarks executeQuery would use, so a read sees the writes before it (clusters).
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
  }

  /** The timeout for the next statement: its own limit, or what is left of the request's budget. */
  private timeout(limitMs: number): StatementTimeout {
    if (!this.budget) return { ms: limitMs, byBudget: false };
    this.budget.deadline ??= Date.now() + this.budget.ms;
    const left = Math.floor(this.budget.deadline - Date.now());
    if (left <= 0) throw budgetSpent(this.budget.ms);
    return left < limitMs ? { ms: left, byBudget: true } : { ms: limitMs, byBudget: false };
  }

  /** A driver error as the client should see it; anything else is passed on untouched. */
  private failure(error: unknown, timeout: StatementTimeout): unknown {
    if (error instanceof NoAnswer) {
      this.health?.reportUnreachable(error.message);
      return databaseUnavailable('it does not answer');
    }
    switch (classifyFailure(error)) {
      case 'timeout':
        return timeout.byBudget
          ? budgetSpent(this.budget?.ms ?? this.limits.requestBudgetMs)
          : statementTimedOut(timeout.ms);
      case 'unavailable':
        this.health?.reportUnreachable(error instanceof Error ? error.message : String(error));
        return databaseUnavailable();
      case 'pool':
        return databaseBusy(`no connection to it became free within ${this.limits.poolWaitMs} ms`);
      case 'transient':
        return databaseBusy('it asked to try again later');
      case 'memory':
        return memoryExceeded();
      default:
        return error;
    }
  }
}

/**
 * What a Transaction sends its statements through: the driver's transaction, or a wrapper around
 * it (a benchmark profiles each statement of a load).
 */
export interface StatementRunner {
  run(cypher: string, params: QueryParams): PromiseLike<{ records: { toObject(): object }[] }>;
}

export class Transaction {
  constructor(
    private readonly tx: StatementRunner,
    private readonly counter?: StatementCounter,
  ) {}

  async run<Row>(query: Query<Row>, params: QueryParams = {}): Promise<Row[]> {
    this.counter?.record(query, params);
    const result = await this.tx.run(query.cypher, params);
    return checkRows(query, result.records);
  }
}
