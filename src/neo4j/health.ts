import type { Driver } from 'neo4j-driver';
import type { Logger } from '../logger.ts';
import { classifyFailure, databaseUnavailable } from './failures.ts';

/** A probe that got no answer in time: Neo4j is gone, hangs, or every connection is busy. */
export class ProbeTimeout extends Error {
  override readonly name = 'ProbeTimeout';
}

/** Sends `RETURN 1` past every circuit; resolves when Neo4j answers, rejects otherwise. */
export async function probeNeo4j(driver: Driver, database: string, timeoutMs = 1_000) {
  const session = driver.session({ database, defaultAccessMode: 'READ' });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      session.run('RETURN 1 AS ok', {}, { timeout: timeoutMs }),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new ProbeTimeout(`no answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    session.close().catch(() => {});
  }
}

/** How recent an answer to a statement must be to show that a failed probe met a busy Neo4j. */
const ANSWERED_RECENTLY_MS = 2_000;

export interface DatabaseHealthOptions {
  probe: () => Promise<void>;
  logger?: Logger;
  /** Pauses between probes while Neo4j is down; the last one repeats. */
  probeDelaysMs?: readonly number[];
}

/**
 * A circuit in front of Neo4j. While Neo4j is known to be down, statements are refused at once
 * (DATABASE_UNAVAILABLE) instead of each waiting on the driver, and a probe asks in the
 * background until Neo4j answers again.
 */
export class DatabaseHealth {
  private down: { since: number; reason: string } | undefined;
  private probing: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failedProbes = 0;
  /** When a statement last got its answer: a probe that gets none then met a full pool. */
  private lastAnswerAt = 0;
  private held = false;
  private closed = false;
  private readonly probe: () => Promise<void>;
  private readonly logger: Logger | undefined;
  private readonly delays: readonly number[];

  constructor(options: DatabaseHealthOptions) {
    this.probe = options.probe;
    this.logger = options.logger;
    this.delays = options.probeDelaysMs ?? [250, 500, 1_000, 2_000];
  }

  get isDown(): boolean {
    return this.down !== undefined;
  }

  /** A statement got its answer: Neo4j is there, however long a probe waits for a connection. */
  noteAnswer(): void {
    this.lastAnswerAt = Date.now();
  }

  /** Throws DATABASE_UNAVAILABLE while Neo4j is known to be down. */
  assertUp(): void {
    if (this.down) throw databaseUnavailable(this.down.reason);
  }

  /**
   * Neo4j is gone and we know it (the local one exited); `reason` is shown to clients. With
   * `hold`, no probes run until checkNow(): whoever restarts it says when it is worth asking.
   */
  markDown(reason: string, { hold = false }: { hold?: boolean } = {}): void {
    this.held = hold;
    this.openCircuit(reason, reason);
    if (hold) this.cancelTimer();
    else this.scheduleProbe();
  }

  /**
   * A statement could not reach Neo4j (`detail` is logged, never shown): ask at once, and
   * refuse statements only if the probe fails too.
   */
  reportUnreachable(detail: string): void {
    if (this.closed || this.down || this.probing) return;
    this.logger?.debug({ detail }, 'a statement could not reach Neo4j; probing');
    void this.runProbe();
  }

  /** Probes now (e.g. after a restart); true when Neo4j answers and statements flow again. */
  checkNow(): Promise<boolean> {
    this.held = false;
    this.cancelTimer();
    return this.runProbe();
  }

  close(): void {
    this.closed = true;
    this.cancelTimer();
  }

  private openCircuit(reason: string, detail: string): void {
    if (this.down) return;
    this.down = { since: Date.now(), reason };
    this.failedProbes = 0;
    this.logger?.warn(
      { reason: detail },
      'Neo4j is unavailable; answering DATABASE_UNAVAILABLE until it is back',
    );
  }

  private runProbe(): Promise<boolean> {
    if (this.probing) return this.probing;
    this.probing = this.probe()
      .then(() => {
        // An answer from before a markDown(hold) says nothing about the restart under way.
        if (this.held) return false;
        if (this.down) {
          const downMs = Date.now() - this.down.since;
          this.down = undefined;
          this.logger?.info({ downMs }, `Neo4j answers again after ${downMs} ms; serving again`);
        }
        return true;
      })
      .catch((error: unknown) => {
        const detail = error instanceof Error ? error.message : String(error);
        const waited = error instanceof ProbeTimeout || classifyFailure(error) === 'pool';
        if (
          waited &&
          !this.down &&
          !this.held &&
          Date.now() - this.lastAnswerAt < ANSWERED_RECENTLY_MS
        ) {
          // Statements are answered, so the probe waited behind them for a connection: Neo4j is
          // busy, which DATABASE_BUSY already says, not gone.
          this.logger?.debug({ detail }, 'Neo4j probe got no answer, but statements do; not down');
          return true;
        }
        this.openCircuit('it cannot be reached', detail);
        this.failedProbes += 1;
        this.logger?.debug({ detail, failedProbes: this.failedProbes }, 'Neo4j probe failed');
        if (!this.held) this.scheduleProbe();
        return false;
      })
      .finally(() => {
        this.probing = undefined;
      });
    return this.probing;
  }

  private scheduleProbe(): void {
    if (this.closed || this.timer) return;
    const delay = this.delays[Math.min(this.failedProbes, this.delays.length - 1)] ?? 1_000;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closed && !this.held) void this.runProbe();
    }, delay);
    this.timer.unref();
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
