import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/neo4j/local-neo4j.ts';
/** What memory-probe.js sends back when asked for "memory". */
export interface MemoryReport {
  type: 'memory';
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  collected: boolean;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Clean exit: whatever happens (success, failure, Ctrl-C), stop what the script started.

const cleanups: (() => Promise<void>)[] = [];
const lastResorts: (() => void)[] = [];

let interrupted = false;

/** True once Ctrl-C (or SIGTERM) asked the script to stop: results are not to be written. */
export function wasInterrupted(): boolean {
  return interrupted;
}

/** Runs `fn` before the script exits, latest registered first. */
export function onExit(fn: () => Promise<void>): void {
  cleanups.push(fn);
}

/** Runs `fn` (synchronous: a kill) when the script exits without time for its cleanups. */
export function onLastResort(fn: () => void): void {
  lastResorts.push(fn);
}

/** Runs the script's main, then every cleanup, then exits with main's code (1 on a throw). */
export function runMain(main: () => Promise<number>): void {
  let finishing = false;
  let signalledAt = 0;
  const finish = async (code: number) => {
    if (finishing) return;
    finishing = true;
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('cleanup failed:', error instanceof Error ? error.message : error);
      }
    }
    process.exit(code);
  };
  const onSignal = (signal: NodeJS.Signals, code: number) => () => {
    // One Ctrl-C can arrive twice (from the terminal and relayed by npm/tsx): only a second
    // one a moment later means "stop waiting for a clean shutdown".
    if (signalledAt > 0) {
      if (Date.now() - signalledAt < 2_000) return;
      for (const kill of lastResorts) kill();
      process.exit(code);
    }
    signalledAt = Date.now();
    interrupted = true;
    console.error(`\n${signal}: stopping the load and the service...`);
    void finish(code);
  };
  process.on('SIGINT', onSignal('SIGINT', 130));
  process.on('SIGTERM', onSignal('SIGTERM', 143));
  process.on('exit', () => {
    for (const kill of lastResorts) kill();
  });
  main().then(finish, (error: unknown) => {
    if (!interrupted) console.error(error instanceof Error ? error.message : error);
    void finish(1);
  });
}

// ---------------------------------------------------------------------------------------------

export interface MemorySample {
  rssMb: number;
  /** Heap in use, after a full GC when `collected`; null when the service cannot be asked. */
  heapUsedMb: number | null;
  collected: boolean;
  /** The embedded Neo4j's resident memory, when this script started it. */
  neo4jRssMb: number | null;
}

export interface Service {
  /** The GraphQL endpoint. */
  url: URL;
  /** True when this script started the service (and stops it on exit). */
  started: boolean;
  /** Its process id, when known (to read its resident memory). */
  pid: number | null;
  memory(): Promise<MemorySample | null>;
}

/** Resident memory of a process from /proc (Linux), in MB; null where that cannot be read. */
export function residentMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time a process has used so far (user and system, from /proc), in ms; null if unknown. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** A Neo4j to point a started process at, handed over in its environment (never argv). */
export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  database?: string;
}

export interface ServiceOptions {
  /** A running service's GraphQL URL; unset: start one. */
  url?: string;
  /** With `url`: the service's process id, to sample its memory. */
  pid?: number;
  /** Allow a `url` off this machine. */
  allowRemote?: boolean;
  /**
   * The Neo4j a started service uses; unset: NEO4J_URI and its credentials from this
   * process's environment, or else the service's own embedded Neo4j.
   */
  neo4j?: Neo4jConnection;
}

/** The variables that give a child process a Neo4j and its credentials. */
export function neo4jEnv(neo4j: Neo4jConnection): NodeJS.ProcessEnv {
  return {
    NEO4J_URI: neo4j.uri,
    NEO4J_USER: neo4j.user,
    NEO4J_PASSWORD: neo4j.password,
    ...(neo4j.database ? { NEO4J_DATABASE: neo4j.database } : {}),
  };
}

/** The service to load: the one at `url`, or a fresh one started here and stopped on exit. */
export async function openService(options: ServiceOptions): Promise<Service> {
  if (options.url) {
    const url = new URL(options.url);
    if (url.pathname === '/') url.pathname = '/graphql';
    if (!LOOPBACK.has(url.hostname) && !options.allowRemote) {
      throw new Error(
        `${url.host} is not on this machine. These scripts send heavy traffic; point them at a ` +
          'service on 127.0.0.1, localhost or [::1], or pass --allow-remote for one you run.',
      );
    }
    const { pid } = options;
    return {
      url,
      started: false,
      pid: pid ?? null,
      memory: async () => {
        const rssMb = pid ? residentMb(pid) : null;
        return rssMb === null
          ? null
          : { rssMb, heapUsedMb: null, collected: false, neo4jRssMb: null };
      },
    };
  }
  return startService(options.neo4j);
}

/** A child's log: its progress while it starts, then only its warnings and errors. */
function echo(name: string, line: string, started: boolean): void {
  let entry: { level?: number; msg?: string };
  try {
    entry = JSON.parse(line) as { level?: number; msg?: string };
  } catch {
    if (!started) console.log(`  ${name} | ${line}`);
    return;
  }
  if (!started || (entry.level ?? 0) >= 40) console.log(`  ${name} | ${entry.msg ?? line}`);
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (!alive(child)) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return false;
}

/** The variables every child gets: enough to find node and java, nothing else of ours. */
function baseEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, JAVA_HOME: process.env.JAVA_HOME };
}

export interface NodeProcessOptions {
  /** How it is named in the log. */
  name: string;
  /** Arguments to node, the script included. */
  args: string[];
  /** Its whole environment (on top of PATH, HOME, JAVA_HOME). */
  env: NodeJS.ProcessEnv;
  /** The log line that says it is ready. */
  ready: RegExp;
  /** Time to get ready. */
  readyTimeoutMs: number;
  /** Time to stop after SIGTERM before it is killed. */
  stopTimeoutMs: number;
  /** Sees every log line (e.g. to pick up a pid it logs). */
  onLine?: (line: string) => void;
}

export interface NodeProcess {
  pid: number;
  child: ChildProcess;
  /** The last lines it logged. */
  lines: string[];
}

/**
 * Starts a Node.js child in its own process group with an IPC channel, waits for its ready
 * line, and stops it on exit (SIGTERM, then SIGKILL to its whole group if it lingers).
 */
export async function startNodeProcess(options: NodeProcessOptions): Promise<NodeProcess> {
  const child = spawn(process.execPath, options.args, {
    cwd: ROOT,
    env: { ...baseEnv(), ...options.env },
    // Its own process group, with whatever it starts: a last resort can stop them together.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
  });
  const { pid } = child;
  if (pid === undefined) throw new Error(`could not start the ${options.name}`);

  const lines: string[] = [];
  let ready = false;
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 60) lines.shift();
      options.onLine?.(line);
      echo(options.name, line, ready);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  lastResorts.push(() => {
    if (!alive(child)) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  onExit(async () => {
    if (!alive(child)) return;
    console.log(`stopping the ${options.name}...`);
    child.kill('SIGTERM');
    if (!(await exited(child, options.stopTimeoutMs))) {
      console.error(
        `the ${options.name} did not stop within ${options.stopTimeoutMs / 1000} s; killing it`,
      );
      process.kill(-pid, 'SIGKILL');
      await exited(child, 5_000);
    }
  });

  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      fail(
        new Error(
          `the ${options.name} was not ready within ${options.readyTimeoutMs / 1000} s:\n${lines.join('\n')}`,
        ),
      );
    }, options.readyTimeoutMs);
    const poll = setInterval(() => {
      if (lines.some((line) => options.ready.test(line))) {
        clearTimeout(timer);
        clearInterval(poll);
        ready = true;
        done();
      } else if (!alive(child)) {
        clearTimeout(timer);
        clearInterval(poll);
        fail(new Error(`the ${options.name} exited while starting:\n${lines.join('\n')}`));
      }
    }, 100);
  });
  return { pid, child, lines };
}

/** Compiles the service to dist/ as `npm start` does. */
export function buildService(): void {
  console.log('compiling the service (npm run build)...');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}

/**
 * Builds the service and starts `dist/main.js` as `npm start` does, on a free loopback port,
 * with its embedded Neo4j in a temporary folder (or the Neo4j given, or that of NEO4J_URI), and
 * the memory probe loaded.
 */
async function startService(neo4j?: Neo4jConnection): Promise<Service> {
  const port = await freePort();
  const external = neo4j?.uri ?? process.env.NEO4J_URI;
  const dataDir = external ? undefined : await mkdtemp(join(tmpdir(), 'dossier-bench-'));
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    LOG_FORMAT: 'json',
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  if (neo4j) {
    Object.assign(env, neo4jEnv(neo4j));
  } else {
    for (const name of ['NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE']) {
      if (process.env[name]) env[name] = process.env[name];
    }
  }
  if (dataDir) {
    env.NEO4J_LOCAL_DATA_DIR = dataDir;
    env.NEO4J_LOCAL_PAGE_CACHE_MB = '256';
  }
  console.log(
    external
      ? `starting the service on port ${port} (Neo4j at ${external})...`
      : `starting the service on port ${port} with its own Neo4j in ${dataDir}...`,
  );
  buildService();

  let neo4jPid: number | undefined;
  // Registered before the process's own stop, so it runs after it: the service's Neo4j exits
  // when its parent's pipe closes; wait for that before removing its folder.
  onExit(async () => {
    if (neo4jPid !== undefined && !(await gone(neo4jPid, 20_000))) {
      process.kill(neo4jPid, 'SIGKILL');
      await gone(neo4jPid, 5_000);
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  const { pid, child } = await startNodeProcess({
    name: 'service',
    args: ['--expose-gc', '--import', './bench/lib/memory-probe.js', 'dist/main.js'],
    env,
    ready: /Dossier is ready/,
    readyTimeoutMs: 300_000,
    stopTimeoutMs: 45_000,
    onLine: (line) => {
      const found = /"localNeo4jPid":(\d+)/.exec(line)?.[1];
      if (found) neo4jPid = Number(found);
    },
  });

  const memory = (): Promise<MemorySample | null> =>
    new Promise((answer) => {
      if (!alive(child) || !child.connected) {
        answer(null);
        return;
      }
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        answer(null);
      }, 5_000);
      const onMessage = (message: unknown) => {
        const report = message as Partial<MemoryReport>;
        if (report.type !== 'memory' || report.rss === undefined) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        answer({
          rssMb: report.rss / MB,
          heapUsedMb: (report.heapUsed ?? 0) / MB,
          collected: report.collected === true,
          neo4jRssMb: neo4jPid === undefined ? null : residentMb(neo4jPid),
        });
      };
      child.on('message', onMessage);
      child.send('memory');
    });

  return { url: new URL(`http://127.0.0.1:${port}/graphql`), started: true, pid, memory };
}
