import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerTally, cannonRequests, exampleMix } from '../../bench/lib/mix.ts';
import { testApp } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';

const app = testApp(useTestDatabase());
const mix = exampleMix();
let server: Server;
let url: URL;

/** A full garbage collection, so that heap growth means retained objects; null if unavailable. */
function garbageCollector(): (() => void) | null {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => gc() : null;
  } catch {
    return null;
  }
}

function load(options: { amount?: number; seconds?: number; connections: number }) {
  const tally = new AnswerTally();
  const run = autocannon({
    url: url.origin,
    connections: options.connections,
    // Correctness, not latency, is checked here: a slow machine must not turn into failures.
    timeout: 30,
    ...(options.amount !== undefined ? { amount: options.amount } : {}),
    ...(options.seconds !== undefined ? { duration: options.seconds } : {}),
    requests: cannonRequests(mix, url.pathname, tally),
  });
  return run.then((result) => ({ result, tally }));
}

function expectAllGood({ result, tally }: Awaited<ReturnType<typeof load>>) {
  expect(tally.samples, 'bad answers').toEqual([]);
  expect(tally.bad).toBe(0);
  expect(result.errors).toBe(0);
  expect(result.timeouts).toBe(0);
  expect(result.non2xx).toBe(0);
}

beforeAll(async () => {
  server = createServer(app);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((closed) => server.close(() => closed()));
});

describe('the API under load, over HTTP on a real port', () => {
  it('answers 1,000 requests over 20 connections, every one 200 with data and no errors', async () => {
    const run = await load({ amount: 1_000, connections: 20 });
    console.info(
      `[load] ${run.tally.answered} answers in ${run.result.duration.toFixed(1)} s: ` +
        `${Math.round(run.result.requests.average)} req/s, p50 ${run.result.latency.p50} ms, ` +
        `p99 ${run.result.latency.p99} ms`,
    );
    expectAllGood(run);
    expect(run.tally.answered).toBe(1_000);
  }, 180_000);

  it('keeps its memory bounded through a 12 s soak', async () => {
    const gc = garbageCollector();
    const measure = () => {
      gc?.();
      const { heapUsed, rss } = process.memoryUsage();
      return { heapMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 };
    };
    // Warm first (JIT, caches, the driver's pool), so that the baseline is the plateau.
    expectAllGood(await load({ seconds: 2, connections: 10 }));
    const before = measure();
    const run = await load({ seconds: 12, connections: 10 });
    const after = measure();
    console.info(
      `[soak] ${run.tally.answered} answers in 12 s; heap ${before.heapMb.toFixed(1)} -> ` +
        `${after.heapMb.toFixed(1)} MB${gc ? ' after GC' : ''}, RSS ${before.rssMb.toFixed(0)} -> ` +
        `${after.rssMb.toFixed(0)} MB`,
    );
    expectAllGood(run);
    expect(run.tally.answered).toBeGreaterThan(0);
    if (gc) {
      // After a full GC, what is left is retained: it may wobble, not grow with the requests.
      expect(after.heapMb - before.heapMb).toBeLessThan(Math.max(16, before.heapMb * 0.25));
    } else {
      expect(after.rssMb - before.rssMb).toBeLessThan(200);
    }
  }, 120_000);
});
