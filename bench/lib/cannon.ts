import { mkdir, writeFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import { type AnswerTally, cannonRequests, type MixEntry } from './mix.ts';
import { onExit, wasInterrupted } from './service.ts';

export interface LoadOptions {
  url: URL;
  mix: MixEntry[];
  tally: AnswerTally;
  connections: number;
  /** Stop after this many requests... */
  amount?: number;
  /** ...or after this many seconds. */
  seconds?: number;
}

/** Runs autocannon over the mix; Ctrl-C stops it (and the script's cleanups follow). */
export function fire(options: LoadOptions): Promise<autocannon.Result> {
  return new Promise((done, fail) => {
    const instance = autocannon(
      {
        url: options.url.origin,
        connections: options.connections,
        ...(options.amount !== undefined ? { amount: options.amount } : {}),
        ...(options.seconds !== undefined ? { duration: options.seconds } : {}),
        requests: cannonRequests(options.mix, options.url.pathname, options.tally),
      },
      (error: unknown, result) => {
        if (wasInterrupted()) fail(new Error('interrupted'));
        else if (error) fail(error);
        else done(result);
      },
    );
    onExit(async () => instance.stop());
  });
}

export interface LoadSummary {
  answered: number;
  requestsPerSecond: number;
  throughputKBps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  connectionErrors: number;
  timeouts: number;
  badBodies: number;
  badByExample: Record<string, number>;
  durationS: number;
}

export function summarise(result: autocannon.Result, tally: AnswerTally): LoadSummary {
  return {
    answered: tally.answered,
    requestsPerSecond: Math.round(result.requests.average),
    throughputKBps: Math.round(result.throughput.average / 1024),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: Number(result.latency.mean.toFixed(1)),
    },
    non2xx: result.non2xx,
    connectionErrors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    badBodies: tally.bad,
    badByExample: Object.fromEntries(tally.badByName),
    durationS: Number(result.duration.toFixed(1)),
  };
}

/** True when nothing went wrong: every request answered 2xx with a body that has data. */
export function clean(summary: LoadSummary): boolean {
  return (
    summary.non2xx === 0 &&
    summary.connectionErrors === 0 &&
    summary.timeouts === 0 &&
    summary.badBodies === 0
  );
}

export function printSummary(summary: LoadSummary, tally: AnswerTally): void {
  const { latencyMs: l } = summary;
  console.log(
    [
      `answered      ${summary.answered} requests in ${summary.durationS} s`,
      `throughput    ${summary.requestsPerSecond} req/s, ${summary.throughputKBps} KB/s`,
      `latency       p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms (mean ${l.mean} ms)`,
      `non-2xx       ${summary.non2xx}`,
      `conn. errors  ${summary.connectionErrors} (timeouts ${summary.timeouts})`,
      `body errors   ${summary.badBodies}${
        summary.badBodies ? ` ${JSON.stringify(summary.badByExample)}` : ''
      }`,
      ...tally.samples.map((sample) => `  e.g. ${sample}`),
    ].join('\n'),
  );
}

export async function writeResult(file: string, report: object): Promise<void> {
  const url = new URL(`../results/${file}`, import.meta.url);
  await mkdir(new URL('.', url), { recursive: true });
  await writeFile(url, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to bench/results/${file}`);
}

/** A positive whole number from a flag, or a message naming the flag. */
export function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} must be a positive whole number`);
  return n;
}
