import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServiceProcess {
  child: ChildProcess;
  /** Every log line so far, parsed when it is JSON. */
  lines: string[];
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

/** The variables that point a service at the test run's Neo4j, with its credentials. */
export function sharedNeo4jEnv(): Record<string, string> {
  return {
    NEO4J_URI: inject('neo4jUri'),
    NEO4J_USER: inject('neo4jUser'),
    NEO4J_PASSWORD: inject('neo4jPassword'),
  };
}

/**
 * Runs the service with the given environment on top of a clean one: from the TypeScript
 * sources, or with `compiled` from dist/ as `npm start` does (build it first).
 */
export function startService(
  env: Record<string, string>,
  { compiled = false }: { compiled?: boolean } = {},
): ServiceProcess {
  const entry = compiled ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      JAVA_HOME: process.env.JAVA_HOME ?? '',
      LOG_FORMAT: 'json',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line);
    for (const wake of waiters) wake();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => {
      for (const wake of waiters) wake();
      done({ code, signal });
    }),
  );
  const waitForLine = (pattern: RegExp, timeoutMs = 120_000) =>
    new Promise<string>((resolvePromise, reject) => {
      const check = () => {
        const found = lines.find((line) => pattern.test(line));
        if (found) {
          cleanup();
          resolvePromise(found);
        } else if (child.exitCode !== null) {
          cleanup();
          reject(new Error(`service exited before ${pattern}:\n${lines.join('\n')}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return {
    child,
    lines,
    waitForLine,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every local Neo4j pid the service has logged (at start and after each restart). */
export function localNeo4jPids(lines: readonly string[]): number[] {
  const pids = new Set<number>();
  for (const line of lines) {
    const found = /"localNeo4jPid":(\d+)/.exec(line);
    if (found) pids.add(Number(found[1]));
  }
  return [...pids];
}
