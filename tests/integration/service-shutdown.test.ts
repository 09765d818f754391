import { Agent, request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/neo4j/local-neo4j.ts';
import { type ServiceProcess, sharedNeo4jEnv, startService } from '../helpers/service-process.ts';

let service: ServiceProcess | undefined;
afterEach(() => {
  service?.kill();
  service = undefined;
});

interface Answer {
  status: number;
  connection: string | undefined;
}

/** Posts a query; with `beforeLastByte`, waits for it after sending all but the body's last byte. */
function post(
  agent: Agent,
  port: number,
  query: string,
  beforeLastByte?: () => Promise<void>,
): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    const body = JSON.stringify({ query });
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolvePromise({
            status: response.statusCode ?? 0,
            connection: response.headers.connection,
          }),
        );
      },
    );
    request.on('error', reject);
    if (!beforeLastByte) {
      request.end(body);
      return;
    }
    request.write(body.slice(0, -1));
    beforeLastByte().then(() => request.end(body.slice(-1)), reject);
  });
}

describe('shutting down with keep-alive clients connected', () => {
  it('exits at once instead of waiting out the grace period for idle connections', async () => {
    const port = await freePort();
    service = startService({
      ...sharedNeo4jEnv(),
      PORT: String(port),
      SEED_ON_START: 'false',
      SHUTDOWN_GRACE_MS: '10000',
    });
    await service.waitForLine(/Dossier is ready/);

    // Several clients that keep their connections open between requests, as browsers do.
    const agents = Array.from({ length: 5 }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
    try {
      for (const agent of agents) {
        const answer = await post(agent, port, '{ databaseInfo { version } }');
        expect(answer.status).toBe(200);
        expect(answer.connection).toBe('keep-alive');
      }
      // One request in flight when the signal comes: it is answered, then its connection closes.
      let started = 0;
      const finished = await post(agents[0] as Agent, port, '{ stats { claims } }', async () => {
        await new Promise((resolveDelay) => setTimeout(resolveDelay, 300));
        started = Date.now();
        service?.child.kill('SIGTERM');
        await service?.waitForLine(/shutting down/);
      });
      expect(finished.status).toBe(200);
      expect(finished.connection).toBe('close');
      expect(await service.exited).toEqual({ code: 0, signal: null });
      const stopMs = Date.now() - started;
      console.log(`[shutdown] exited ${stopMs} ms after SIGTERM with 5 keep-alive clients`);
      expect(stopMs).toBeLessThan(3_000);
      expect(service.lines.some((line) => line.includes('grace period'))).toBe(false);
    } finally {
      for (const agent of agents) agent.destroy();
    }
  });
});
