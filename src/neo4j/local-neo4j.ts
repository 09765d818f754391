import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartupError } from '../errors.ts';

/** The embedded-Neo4j launcher: a Maven module in the repository's neo4j-local/ folder. */
export const LAUNCHER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../neo4j-local');
const MAIN_CLASS = 'dossier.neo4j.LocalNeo4j';
const READY_MARKER = 'DOSSIER_NEO4J_READY';
const JAVA_17_FLAGS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
];

export interface LocalNeo4jOptions {
  dataDir: string;
  heap: string;
  pageCacheMb: number;
  startTimeoutMs: number;
  /** Bolt port; a free one when unset. A restart passes the old one, so the URI stays valid. */
  port?: number;
  /**
   * The password to keep: a restart after a crash passes the one the driver already has, so
   * Neo4j needs no slow first statement to change it. Unset: a new one is generated.
   */
  password?: string;
  /** Aborting stops a start that is under way (its promise then rejects). */
  signal?: AbortSignal;
  /** Where progress lines go (build steps, start-up); defaults to nowhere. */
  onProgress?: (message: string) => void;
}

export interface LocalNeo4jExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LocalNeo4j {
  uri: string;
  port: number;
  pid: number | undefined;
  /** The user neo4j and this run's password; a new start of the service gets a new one. */
  auth: { user: string; password: string };
  /** Settles when the process has ended, whether stop() ended it or not. */
  exited: Promise<LocalNeo4jExit>;
  stop(): Promise<void>;
}

/** The port a restart needs is held by another process. */
export class LocalNeo4jPortTakenError extends StartupError {
  constructor(readonly port: number) {
    super(
      `Port ${port} on 127.0.0.1, where the local Neo4j listens, is now taken by another process; ` +
        'the local Neo4j cannot start there. Free the port, or restart Dossier to pick a new one.',
    );
  }
}

function javaCommand(): string {
  const home = process.env.JAVA_HOME;
  return home ? join(home, 'bin', 'java') : 'java';
}

function mavenCommand(): string {
  const wrapper = join(LAUNCHER_DIR, 'mvnw');
  return existsSync(wrapper) ? wrapper : 'mvn';
}

const launcherClass = join(LAUNCHER_DIR, 'target/classes/dossier/neo4j/LocalNeo4j.class');
const launcherLib = join(LAUNCHER_DIR, 'target/lib');
const launcherSources = [
  join(LAUNCHER_DIR, 'pom.xml'),
  join(LAUNCHER_DIR, 'src/main/java/dossier/neo4j/LocalNeo4j.java'),
];

/** True when the compiled launcher and its jars are newer than its sources. */
export function launcherIsBuilt(): boolean {
  if (!existsSync(launcherClass) || !existsSync(join(launcherLib, '.complete'))) return false;
  const built = statSync(launcherClass).mtimeMs;
  return launcherSources.every((source) => statSync(source).mtimeMs <= built);
}

function run(
  command: string,
  args: string[],
  cwd: string,
  onLine: (line: string) => void,
): Promise<{ code: number | null; tail: string[] }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        onLine(line);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, tail }));
  });
}

async function checkJava(): Promise<void> {
  const java = javaCommand();
  try {
    const { code, tail } = await run(java, ['-version'], process.cwd(), () => {});
    const versionLine = tail.find((line) => line.includes('version')) ?? '';
    const major = Number(/version "(\d+)/.exec(versionLine)?.[1] ?? '0');
    if (code !== 0 || major < 17) {
      throw new StartupError(
        `The local Neo4j needs Java 17 or later, but ${java} reports: ${versionLine || tail.join(' ')}. ` +
          'Install a JDK 17+ (or set JAVA_HOME), or set NEO4J_URI to use another Neo4j.',
      );
    }
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(
      `Java was not found (${java}). The local Neo4j needs a JDK 17 or later: install one ` +
        '(or set JAVA_HOME), or set NEO4J_URI to use a Neo4j you already run.',
    );
  }
}

/** Compiles the launcher and copies its jars; the first run downloads about 120 MB from Maven Central. */
export async function buildLauncher(
  onProgress: (message: string) => void = () => {},
): Promise<void> {
  if (launcherIsBuilt()) return;
  await checkJava();
  onProgress(
    'Building the local Neo4j launcher (first run downloads about 120 MB of jars from Maven Central)...',
  );
  let downloaded = 0;
  const started = Date.now();
  const onLine = (line: string) => {
    if (line.includes('Downloaded from')) {
      downloaded += 1;
      if (downloaded % 25 === 0) onProgress(`  ${downloaded} files downloaded...`);
    } else if (line.includes('[ERROR]')) {
      onProgress(line);
    }
  };
  let result: { code: number | null; tail: string[] };
  try {
    result = await run(mavenCommand(), ['-B', 'package', '-DskipTests'], LAUNCHER_DIR, onLine);
  } catch {
    throw new StartupError(
      `Could not run ${mavenCommand()}, which builds the local Neo4j launcher. Check that ` +
        'neo4j-local/mvnw is executable (or install Maven), or set NEO4J_URI to use a Neo4j you already run.',
    );
  }
  if (result.code !== 0) {
    throw new StartupError(
      `Building the local Neo4j launcher failed (mvn exit ${result.code}). Last lines:\n${result.tail.join('\n')}`,
    );
  }
  const jars = (await readdir(launcherLib)).filter((name) => name.endsWith('.jar'));
  await writeFile(join(launcherLib, '.complete'), `${jars.length} jars\n`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  onProgress(
    `Local Neo4j launcher built in ${seconds} s (${jars.length} jars, ${downloaded} downloads).`,
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolvePromise(false) : reject(error),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
  });
}

/** A new password per start: 32 random bytes, 43 characters of base64url. */
function generatePassword(): string {
  return randomBytes(32).toString('base64url');
}

function debugLogTail(dataDir: string, lines = 30): string {
  const path = join(dataDir, 'logs', 'debug.log');
  if (!existsSync(path)) return '(no debug.log written)';
  return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => resolvePromise(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise(true);
    });
  });
}

/**
 * Starts Neo4j Community embedded on a loopback port, with authentication on and a password
 * generated for this run, and resolves once it accepts Bolt with that password. The password
 * goes to the child on its stdin, never in its arguments or environment (other local users can
 * read those). The child also exits when this process dies (its stdin closes), so nothing is
 * left running.
 */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const progress = options.onProgress ?? (() => {});
  options.signal?.throwIfAborted();
  await buildLauncher(progress);
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  if (options.port !== undefined && !(await portIsFree(port))) {
    throw new LocalNeo4jPortTakenError(port);
  }
  options.signal?.throwIfAborted();
  const password = options.password ?? generatePassword();
  const classpath = `${join(LAUNCHER_DIR, 'target/classes')}:${join(launcherLib, '*')}`;
  const args = [
    // The whole heap from the start, as Neo4j advises: a heap that starts small keeps its young
    // generation small, and a load's transaction state is copied by collection after collection
    // (a third of the collector's work gone, measured loading into 1,000 documents).
    `-Xms${options.heap}`,
    `-Xmx${options.heap}`,
    ...JAVA_17_FLAGS,
    '-cp',
    classpath,
    MAIN_CLASS,
    dataDir,
    String(port),
    String(options.pageCacheMb),
    '--exit-on-stdin-eof',
  ];
  progress(`Starting local Neo4j 5.26 in ${dataDir} on bolt://127.0.0.1:${port}...`);
  // Its own process group: a Ctrl-C in the terminal reaches only us, and we stop it in order
  // (a database that died of the same signal would look like a crash to restart).
  const child = spawn(javaCommand(), args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<LocalNeo4jExit>((resolvePromise) => {
    child.once('exit', (code, signal) => resolvePromise({ code, signal }));
    child.once('error', () => resolvePromise({ code: null, signal: null }));
  });
  // A child that is already gone makes writing to its stdin fail; its exit is reported instead.
  child.stdin.on('error', () => {});
  child.stdin.write(`${password}\n`);
  const output: string[] = [];
  let storeLocked = false;
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      // Neo4j's store lock: another process (the service, an import) has this folder open.
      if (line.includes('store_lock')) storeLocked = true;
      output.push(line);
      if (output.length > 40) output.shift();
    }
  };
  child.stderr.on('data', remember);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 30_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  };

  await new Promise<void>((resolvePromise, reject) => {
    let settled = false;
    const onAbort = () => fail('the start was cancelled');
    const onError = (error: Error) => fail(`could not run ${javaCommand()} (${error.message})`);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`it exited early (code ${code}, signal ${signal})`);
    const finish = () => {
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      child.off('error', onError);
      child.off('exit', onExit);
    };
    const fail = (reason: string) => {
      if (settled) return;
      finish();
      const taken = output.some((line) => line.includes('Address already in use'));
      void stop().finally(() =>
        reject(
          taken && options.port !== undefined
            ? new LocalNeo4jPortTakenError(options.port)
            : storeLocked
              ? new StartupError(
                  `The local Neo4j's data folder ${dataDir} is in use by another process: the ` +
                    'service (npm start, npm run dev) or another command is running on it. Stop ' +
                    'it first, or run both against a Neo4j server (NEO4J_URI), or give this ' +
                    'one another folder (NEO4J_LOCAL_DATA_DIR).',
                )
              : new StartupError(
                  `The local Neo4j did not start: ${reason}.\nIts output:\n${output.join('\n') || '(none)'}\n` +
                    `Tail of ${join(dataDir, 'logs', 'debug.log')}:\n${debugLogTail(dataDir)}`,
                ),
        ),
      );
    };
    const timer = setTimeout(
      () => fail(`not ready within ${options.startTimeoutMs} ms`),
      options.startTimeoutMs,
    );
    options.signal?.addEventListener('abort', onAbort);
    if (options.signal?.aborted) onAbort();
    child.on('error', onError);
    child.on('exit', onExit);
    child.stdout.on('data', (chunk: Buffer) => {
      remember(chunk);
      const text = chunk.toString('utf8');
      if (!settled && text.includes(READY_MARKER)) {
        finish();
        const readyLine = text.split('\n').find((line) => line.includes(READY_MARKER)) ?? '';
        progress(`Local Neo4j ready (${readyLine.replace(READY_MARKER, '').trim()}).`);
        resolvePromise();
      }
    });
  });

  return {
    uri: `bolt://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    auth: { user: 'neo4j', password },
    exited,
    stop,
  };
}
