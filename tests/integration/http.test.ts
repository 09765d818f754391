import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { GraphDatabase } from '../../src/neo4j/database.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { freePort } from '../../src/neo4j/local-neo4j.ts';
import { loadExampleQueries } from '../../src/schema/examples.ts';
import { graphql, testApp } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';

const db = useTestDatabase();
const app = testApp(db);

describe('the GraphQL endpoint on a real Neo4j', () => {
  it('answers databaseInfo with the version and counts that Neo4j reports', async () => {
    const result = await graphql<{
      databaseInfo: { product: string; version: string; edition: string; nodeCount: number };
    }>(app, '{ databaseInfo { product version edition nodeCount } }');
    expect(result.errors).toBeUndefined();
    expect(result.data?.databaseInfo.product).toBe('Neo4j Kernel');
    expect(result.data?.databaseInfo.version).toMatch(/^5\.26\.\d+/);
    expect(result.data?.databaseInfo.edition).toMatch(/community|enterprise/);
    expect(result.data?.databaseInfo.nodeCount).toBeGreaterThanOrEqual(0);
  });

  it('runs every example query shipped for GraphiQL without errors', async () => {
    const examples = loadExampleQueries();
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const result = await graphql(app, example.query);
      expect(result.errors, example.name).toBeUndefined();
      expect(result.data, example.name).toBeDefined();
    }
  });

  it('serves GraphiQL on GET /graphql for a browser, opening on the example queries', async () => {
    const response = await app.fetch('http://dossier/graphql', {
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('Dossier');
    expect(html).toContain('databaseInfo');
  });
});

describe('health and readiness', () => {
  it('says it is alive on /health', async () => {
    const response = await app.fetch('http://dossier/health');
    expect(response.status).toBe(200);
  });

  it('says it is ready on /ready while Neo4j answers', async () => {
    const response = await app.fetch('http://dossier/ready');
    expect(response.status).toBe(200);
  });

  it('answers 503 on /ready while Neo4j is down', async () => {
    const closedPort = await freePort();
    const driver = createDriver({
      uri: `bolt://127.0.0.1:${closedPort}`,
      user: 'neo4j',
      password: '',
    });
    try {
      const warnings: string[] = [];
      const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
      const downApp = createApp({
        db: new GraphDatabase(driver, 'neo4j'),
        logger,
        readinessTimeoutMs: 2_000,
      });
      const response = await downApp.fetch('http://dossier/ready');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ ready: false, reason: 'Neo4j does not answer' });
      // A health checker polls /ready; the outage is logged once, not at every poll.
      expect((await downApp.fetch('http://dossier/ready')).status).toBe(503);
      expect(warnings.filter((line) => line.includes('not ready'))).toHaveLength(1);
    } finally {
      await driver.close();
    }
  });
});

describe('requests the HTTP layer refuses', () => {
  it('say why in a JSON body, not with a bare status', async () => {
    const wrongType = await app.fetch('http://dossier/graphql', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: 'application/json' },
      body: '{ stats { entities } }',
    });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toEqual({
      errors: [
        {
          message: expect.stringMatching(/^This content type cannot carry.*application\/json/),
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
    // A request it takes is answered as before.
    const taken = await app.fetch('http://dossier/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ stats { entities } }' }),
    });
    expect(taken.status).toBe(200);
  });
});
