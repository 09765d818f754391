import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/neo4j/local-neo4j.ts';
import {
  processIsAlive,
  type ServiceProcess,
  sharedNeo4jEnv,
  startService,
} from '../helpers/service-process.ts';

let service: ServiceProcess | undefined;
afterEach(() => {
  service?.kill();
  service = undefined;
});

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processIsAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !processIsAlive(pid);
}

describe('the service process', () => {
  it('serves GraphQL over HTTP on its port and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    service = startService({
      ...sharedNeo4jEnv(),
      PORT: String(port),
      SEED_ON_START: 'false',
    });
    await service.waitForLine(/Dossier is ready/);

    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ databaseInfo { version } }' }),
    });
    const body = (await response.json()) as { data: { databaseInfo: { version: string } } };
    expect(body.data.databaseInfo.version).toMatch(/^5\.26\./);

    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });

  it('runs from the compiled JavaScript, as npm start does in production', async () => {
    const build = spawnSync('npm', ['run', 'build'], { cwd: process.cwd(), encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const port = await freePort();
    service = startService(
      { ...sharedNeo4jEnv(), PORT: String(port), SEED_ON_START: 'false' },
      { compiled: true },
    );
    await service.waitForLine(/Dossier is ready/);
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ entity(name: "Mr Lieberthal") { name } }' }),
    });
    const body = (await response.json()) as { data: { entity: { name: string } } };
    expect(body.data.entity.name).toBe('Kenneth Lieberthal');
    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
  });

  it('starts its own Neo4j when NEO4J_URI is unset and leaves no Java process after SIGINT', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dossier-start-'));
    try {
      const port = await freePort();
      service = startService({
        PORT: String(port),
        NEO4J_LOCAL_DATA_DIR: dataDir,
        NEO4J_LOCAL_PAGE_CACHE_MB: '64',
        SEED_ON_START: 'false',
      });
      const connected = await service.waitForLine(/connected to the local Neo4j/, 180_000);
      const javaPid = (JSON.parse(connected) as { localNeo4jPid: number }).localNeo4jPid;
      expect(processIsAlive(javaPid)).toBe(true);
      await service.waitForLine(/Dossier is ready/);

      service.child.kill('SIGINT');
      expect(await service.exited).toEqual({ code: 0, signal: null });
      expect(await waitUntilGone(javaPid, 10_000)).toBe(true);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    // As long as its own waits: a cold Neo4j on a busy machine can take most of them to start.
  }, 240_000);

  it('refuses a taken port at once, before starting Neo4j, naming PORT', async () => {
    const squatter = createTcpServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const address = squatter.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const started = Date.now();
    try {
      service = startService({ PORT: String(port), HOST: '127.0.0.1' });
      expect((await service.exited).code).toBe(1);
      // tsx compiling the sources on a busy machine is most of it; Neo4j would take minutes.
      expect(Date.now() - started).toBeLessThan(60_000);
      const output = service.lines.join('\n');
      expect(output).toContain(`Port ${port} on 127.0.0.1 is taken by another process`);
      expect(output).toContain('choose another port with PORT');
      expect(output).not.toMatch(/Starting local Neo4j/);
    } finally {
      squatter.close();
    }
  });

  it('refuses a bad configuration with a message naming each variable, and exits 1', async () => {
    service = startService({
      PORT: 'not-a-port',
      NEO4J_URI: 'http://localhost:7474',
      LOG_LEVEL: 'chatty',
    });
    expect((await service.exited).code).toBe(1);
    const output = service.lines.join('\n');
    expect(output).toContain('Invalid configuration');
    expect(output).toMatch(/PORT: .*"not-a-port"/);
    expect(output).toMatch(/NEO4J_URI: must be a Neo4j URI/);
    expect(output).toMatch(/LOG_LEVEL: .*"chatty"/);
  });
});
