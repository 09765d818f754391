import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../src/app.ts';
import { DossierError } from '../../src/errors.ts';
import {
  type DatabaseLimits,
  defineQuery,
  GraphDatabase,
  StatementCounter,
} from '../../src/neo4j/database.ts';
import { createDriver, type Driver } from '../../src/neo4j/driver.ts';
import { classifyFailure } from '../../src/neo4j/failures.ts';
import { DatabaseHealth, probeNeo4j } from '../../src/neo4j/health.ts';
import { freePort } from '../../src/neo4j/local-neo4j.ts';
import { testNeo4j } from '../helpers/database.ts';

// Counts to a billion and keeps none: far more than any timeout here for Neo4j, nothing to send
// back. (A hundred million took under three seconds on a warm, idle Neo4j and got through.)
const slowCount = defineQuery(
  'testSlowCount',
  'UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n',
  z.object({ n: z.number() }),
);
const quick = defineQuery('testQuick', 'RETURN 1 AS one', z.object({ one: z.literal(1) }));

const drivers: Driver[] = [];
afterAll(async () => {
  await Promise.all(drivers.map((driver) => driver.close()));
});

function database(
  limits: Partial<DatabaseLimits>,
  pool: { maxConnectionPoolSize?: number } = {},
): GraphDatabase {
  const driver = createDriver({ ...testNeo4j(), ...pool, poolWaitMs: limits.poolWaitMs });
  drivers.push(driver);
  return new GraphDatabase(driver, 'neo4j', { limits });
}

/** The error a promise rejects with and how long that took. */
async function failure(promise: Promise<unknown>) {
  const started = Date.now();
  try {
    await promise;
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error('expected a failure');
}

function codeOf(error: unknown): unknown {
  return error instanceof DossierError ? error.extensions.code : error;
}

describe('every statement has a timeout', () => {
  it('cuts off a slow statement after the statement timeout, as REQUEST_TIMEOUT', async () => {
    const db = database({ statementTimeoutMs: 1_000 });
    await db.read(quick); // opens the connection, so the timing below is the statement's own
    const { error, ms } = await failure(db.read(slowCount));
    expect(codeOf(error)).toBe('REQUEST_TIMEOUT');
    expect((error as Error).message).toContain('1000 ms');
    expect((error as Error).message).toContain('ask for less');
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(4_000);
  });

  it('runs the same database under other limits on the same driver, as the warm-up at start does', async () => {
    const strict = database({ statementTimeoutMs: 60_000 });
    const cut = strict.withLimits({ statementTimeoutMs: 1_000 });
    expect(cut.driver).toBe(strict.driver);
    expect(cut.limits.statementTimeoutMs).toBe(1_000);
    expect(cut.limits.writeTimeoutMs).toBe(strict.limits.writeTimeoutMs);
    await cut.read(quick);
    const { error } = await failure(cut.read(slowCount));
    expect((error as Error).message).toContain('1000 ms');
    expect(strict.limits.statementTimeoutMs).toBe(60_000);
  });

  it('cuts off a slow write as well, and the database stays usable', async () => {
    const db = database({ writeTimeoutMs: 1_000 });
    const { error } = await failure(db.write(slowCount));
    expect(codeOf(error)).toBe('REQUEST_TIMEOUT');
    expect(await db.read(quick)).toEqual([{ one: 1 }]);
  });

  it('cuts off a write transaction after the write timeout', async () => {
    const db = database({ writeTimeoutMs: 1_000 });
    const { error } = await failure(db.writeTransaction((tx) => tx.run(slowCount)));
    expect(codeOf(error)).toBe('REQUEST_TIMEOUT');
  });
});

describe('write transactions that deadlock', () => {
  const bump = defineQuery(
    'testBumpCounter',
    'MERGE (n:TestDeadlock {key: $key}) SET n.value = coalesce(n.value, 0) + 1 RETURN n.value AS value',
    z.object({ value: z.number() }),
  );
  const values = defineQuery(
    'testDeadlockValues',
    'MATCH (n:TestDeadlock) RETURN n.key AS key, n.value AS value ORDER BY key',
    z.object({ key: z.string(), value: z.number() }),
  );
  const clear = defineQuery(
    'testDeadlockClear',
    'MATCH (n:TestDeadlock) DELETE n RETURN count(*) AS count',
    z.object({ count: z.number() }),
  );

  it('runs the one Neo4j rolls back again, so both land once each', async () => {
    const db = database({});
    await db.write(clear);
    await db.writeTransaction(async (tx) => {
      await tx.run(bump, { key: 'a' });
      await tx.run(bump, { key: 'b' });
    });
    // Each transaction locks one node, waits until the other holds its own, then asks for the
    // other's: a deadlock on the first attempts, none on a retry.
    let holding = 0;
    let release = () => {};
    const bothHold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const attempts = { ab: 0, ba: 0 };
    const crosswise = (first: string, second: string, name: 'ab' | 'ba') =>
      db.writeTransaction(async (tx) => {
        attempts[name] += 1;
        await tx.run(bump, { key: first });
        if (attempts[name] === 1) {
          holding += 1;
          if (holding === 2) release();
          await bothHold;
        }
        await tx.run(bump, { key: second });
      });
    await Promise.all([crosswise('a', 'b', 'ab'), crosswise('b', 'a', 'ba')]);
    expect(attempts.ab + attempts.ba).toBe(3);
    expect(await db.read(values)).toEqual([
      { key: 'a', value: 3 },
      { key: 'b', value: 3 },
    ]);
    await db.write(clear);
  });
});

describe("a request's database time is bounded", () => {
  it('gives a statement only what is left of the budget, then refuses the next at once', async () => {
    const shared = database({ statementTimeoutMs: 30_000, requestBudgetMs: 1_500 });
    await shared.read(quick);
    const request = shared.counting(new StatementCounter());
    const first = await failure(request.read(slowCount));
    expect(codeOf(first.error)).toBe('REQUEST_TIMEOUT');
    expect((first.error as Error).message).toContain('used its 1500 ms of database time');
    expect(first.ms).toBeLessThan(5_000);

    const next = await failure(request.read(quick));
    expect(codeOf(next.error)).toBe('REQUEST_TIMEOUT');
    expect(next.ms).toBeLessThan(50);
    // Another request has a budget of its own.
    expect(await shared.counting(new StatementCounter()).read(quick)).toEqual([{ one: 1 }]);
  });
});

describe('the wait for a connection is bounded', () => {
  it('fails the statements that find every connection busy with DATABASE_BUSY after the pool wait', async () => {
    const db = database(
      { statementTimeoutMs: 3_000, poolWaitMs: 500 },
      { maxConnectionPoolSize: 2 },
    );
    await Promise.all([db.read(quick), db.read(quick)]);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => failure(db.read(slowCount))),
    );
    const busy = outcomes.filter((outcome) => codeOf(outcome.error) === 'DATABASE_BUSY');
    const timedOut = outcomes.filter((outcome) => codeOf(outcome.error) === 'REQUEST_TIMEOUT');
    expect(busy.length).toBe(6);
    expect(timedOut.length).toBe(2);
    for (const outcome of busy) {
      expect(outcome.ms).toBeGreaterThanOrEqual(450);
      expect(outcome.ms).toBeLessThan(1_500);
      expect((outcome.error as Error).message).toMatch(/busy.*retry/);
      expect((outcome.error as DossierError).extensions.http).toMatchObject({ status: 503 });
    }
    // The pool is free again once the slow ones are cut off.
    expect(await db.read(quick)).toEqual([{ one: 1 }]);
  });

  it('keeps a busy Neo4j up when a probe finds every connection taken but statements get answers', async () => {
    const driver = createDriver({ ...testNeo4j(), maxConnectionPoolSize: 1, poolWaitMs: 300 });
    drivers.push(driver);
    const health = new DatabaseHealth({ probe: () => probeNeo4j(driver, 'neo4j', 300) });
    const db = new GraphDatabase(driver, 'neo4j', {
      limits: { statementTimeoutMs: 2_000, poolWaitMs: 300 },
      health,
    });
    try {
      expect(await db.read(quick)).toEqual([{ one: 1 }]);
      const hog = failure(db.read(slowCount));
      await new Promise((resolve) => setTimeout(resolve, 100));
      // What a statement that got no answer in time sets off: the probe waits for a connection.
      health.reportUnreachable('a statement got no answer');
      expect(await health.checkNow()).toBe(true);
      expect(health.isDown).toBe(false);
      expect(codeOf((await failure(db.read(quick))).error)).toBe('DATABASE_BUSY');
      expect(codeOf((await hog).error)).toBe('REQUEST_TIMEOUT');
      expect(await db.read(quick)).toEqual([{ one: 1 }]);
    } finally {
      health.close();
    }
  });
});

describe('driver failures become codes, not "Unexpected error."', () => {
  it('sorts Neo4j and driver error codes into timeout, unavailable, pool, transient and memory', () => {
    const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    expect(
      classifyFailure(
        withCode('Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration'),
      ),
    ).toBe('timeout');
    expect(classifyFailure(withCode('Neo.ClientError.Transaction.TransactionTimedOut'))).toBe(
      'timeout',
    );
    expect(classifyFailure(withCode('ServiceUnavailable'))).toBe('unavailable');
    expect(classifyFailure(withCode('SessionExpired'))).toBe('unavailable');
    expect(classifyFailure(withCode('ECONNREFUSED'))).toBe('unavailable');
    expect(classifyFailure(withCode('Neo.ClientError.Security.Unauthorized'))).toBe('unavailable');
    expect(classifyFailure(withCode('Neo.TransientError.Transaction.DeadlockDetected'))).toBe(
      'transient',
    );
    // Needing more memory than a transaction may have fails the same way again: no retry.
    expect(classifyFailure(withCode('Neo.TransientError.General.MemoryPoolOutOfMemoryError'))).toBe(
      'memory',
    );
    expect(classifyFailure(withCode('Neo.ClientError.Statement.SyntaxError'))).toBeUndefined();
    expect(classifyFailure(new Error('no code'))).toBeUndefined();
  });

  it('answers HTTP 503 with DATABASE_UNAVAILABLE and Retry-After when Neo4j cannot be reached', async () => {
    const driver = createDriver({
      uri: `bolt://127.0.0.1:${await freePort()}`,
      user: 'neo4j',
      password: 'not-needed',
      connectionTimeoutMs: 1_000,
    });
    drivers.push(driver);
    const health = new DatabaseHealth({ probe: () => probeNeo4j(driver, 'neo4j') });
    const app = createApp({
      db: new GraphDatabase(driver, 'neo4j', { health }),
      logger: pino({ level: 'silent' }),
    });
    try {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const started = Date.now();
        const response = await app.fetch('http://dossier/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query: '{ entities(first: 5) { edges { node { name } } } }' }),
        });
        expect(Date.now() - started).toBeLessThan(1_000);
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('2');
        const body = (await response.json()) as {
          errors: { message: string; extensions: Record<string, unknown> }[];
        };
        expect(body.errors.map((error) => error.extensions)).toEqual([
          { code: 'DATABASE_UNAVAILABLE' },
        ]);
        expect(body.errors[0]?.message).toMatch(/not available.*retry/);
        expect(body.errors[0]?.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
      }
      expect(health.isDown).toBe(true);
    } finally {
      health.close();
    }
  });

  it('answers HTTP 503 with DATABASE_BUSY when no connection becomes free', async () => {
    const db = database(
      { statementTimeoutMs: 3_000, poolWaitMs: 300 },
      { maxConnectionPoolSize: 1 },
    );
    const app = createApp({ db, logger: pino({ level: 'silent' }) });
    await db.read(quick);
    const hog = failure(db.read(slowCount));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const response = await app.fetch('http://dossier/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ databaseInfo { version } }' }),
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('DATABASE_BUSY');
    await hog;
  });
});
