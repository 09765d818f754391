import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { DEFAULT_CONNECTION_SETTINGS } from '../../src/neo4j/driver.ts';

/** The message parseConfig throws for `env`, or '' when it does not throw. */
function configError(env: Record<string, string>): string {
  try {
    parseConfig(env);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('configuration from the environment', () => {
  it('starts a local Neo4j (no URI) and listens on port 4000 when nothing is set', () => {
    const config = parseConfig({});
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.neo4j.database).toBe('neo4j');
    expect(config.port).toBe(4000);
    expect(config.localNeo4j.dataDir).toBe('.data/neo4j');
    expect(config.seedOnStart).toBe(true);
  });

  it('takes a remote Neo4j, its credentials and the port from the environment', () => {
    const config = parseConfig({
      NEO4J_URI: 'neo4j+s://abcd.databases.neo4j.io',
      NEO4J_USER: 'reader',
      NEO4J_PASSWORD: 'secret',
      NEO4J_DATABASE: 'news',
      PORT: '8080',
      SEED_ON_START: 'false',
    });
    expect(config.neo4j).toEqual({
      uri: 'neo4j+s://abcd.databases.neo4j.io',
      user: 'reader',
      password: 'secret',
      database: 'news',
    });
    expect(config.port).toBe(8080);
    expect(config.seedOnStart).toBe(false);
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ NEO4J_URI: '', PORT: '' }).port).toBe(4000);
  });

  it('reports every bad variable at once, with the value it got', () => {
    const bad = { PORT: '99999', NEO4J_URI: 'localhost:7687', NEO4J_LOCAL_HEAP: 'lots' };
    expect(() => parseConfig(bad)).toThrowError('Invalid configuration');
    const message = (() => {
      try {
        parseConfig(bad);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/PORT: .*\(got "99999"\)/);
    expect(message).toContain('NEO4J_URI: must be a Neo4j URI');
    expect(message).toContain(
      'NEO4J_LOCAL_HEAP: must be a Java heap size such as 512m or 1g (got "lots")',
    );
  });

  it('is frozen, so nothing changes it after start-up', () => {
    const config = parseConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.neo4j)).toBe(true);
    expect(Object.isFrozen(config.neo4jConnections)).toBe(true);
  });
});

describe('connection settings for a cluster or Aura', () => {
  it("keeps the driver's own behaviour when nothing is set", () => {
    const config = parseConfig({});
    expect(config.neo4jConnections).toEqual({
      fetchSize: 1_000,
      maxConnectionLifetimeMs: 3_600_000,
      connectionLivenessCheckMs: undefined,
    });
    expect(config.neo4jLimits.maxPoolSize).toBe(100);
    expect(config.neo4jLimits.poolWaitMs).toBe(5_000);
    expect(config.neo4jConnections).toEqual({
      fetchSize: DEFAULT_CONNECTION_SETTINGS.fetchSize,
      maxConnectionLifetimeMs: DEFAULT_CONNECTION_SETTINGS.maxConnectionLifetimeMs,
      connectionLivenessCheckMs: DEFAULT_CONNECTION_SETTINGS.connectionLivenessCheckMs,
    });
  });

  it('takes the pool, fetch size, connection lifetime and liveness check from the environment', () => {
    const config = parseConfig({
      NEO4J_MAX_POOL_SIZE: '40',
      NEO4J_POOL_WAIT_MS: '2000',
      NEO4J_FETCH_SIZE: '250',
      NEO4J_MAX_CONNECTION_LIFETIME_MS: '240000',
      NEO4J_CONNECTION_LIVENESS_CHECK_MS: '30000',
    });
    expect(config.neo4jLimits.maxPoolSize).toBe(40);
    expect(config.neo4jLimits.poolWaitMs).toBe(2_000);
    expect(config.neo4jConnections).toEqual({
      fetchSize: 250,
      maxConnectionLifetimeMs: 240_000,
      connectionLivenessCheckMs: 30_000,
    });
  });

  it('accepts -1 (fetch everything at once) and 0 (check every connection before reuse)', () => {
    const config = parseConfig({
      NEO4J_FETCH_SIZE: '-1',
      NEO4J_CONNECTION_LIVENESS_CHECK_MS: '0',
    });
    expect(config.neo4jConnections.fetchSize).toBe(-1);
    expect(config.neo4jConnections.connectionLivenessCheckMs).toBe(0);
  });

  it('treats an empty liveness check as none, as .env.example leaves it', () => {
    const config = parseConfig({ NEO4J_CONNECTION_LIVENESS_CHECK_MS: '' });
    expect(config.neo4jConnections.connectionLivenessCheckMs).toBeUndefined();
  });

  it('names each bad connection setting with what it must be and what it got', () => {
    const message = configError({
      NEO4J_FETCH_SIZE: '0',
      NEO4J_MAX_CONNECTION_LIFETIME_MS: '500',
      NEO4J_CONNECTION_LIVENESS_CHECK_MS: '-1',
      NEO4J_MAX_POOL_SIZE: '0',
    });
    expect(message).toContain('Invalid configuration');
    expect(message).toContain(
      'NEO4J_FETCH_SIZE: must be a number of records per batch from 1 to 1000000, such as 1000, or -1 for all at once (got "0")',
    );
    expect(message).toContain(
      'NEO4J_MAX_CONNECTION_LIFETIME_MS: must be at least 1000 ms (a connection older than this is closed, not reused) (got "500")',
    );
    expect(message).toContain(
      'NEO4J_CONNECTION_LIVENESS_CHECK_MS: must be 0 (check every connection before reuse) or more ms of idleness (got "-1")',
    );
    expect(message).toMatch(/NEO4J_MAX_POOL_SIZE: .*\(got "0"\)/);
  });

  it('refuses a fetch size that is not a whole number, or is past the bounds', () => {
    expect(configError({ NEO4J_FETCH_SIZE: '2.5' })).toContain(
      'NEO4J_FETCH_SIZE: must be a whole number of records per batch, such as 1000, or -1 for all at once (got "2.5")',
    );
    expect(configError({ NEO4J_FETCH_SIZE: 'lots' })).toMatch(/NEO4J_FETCH_SIZE: .*\(got "lots"\)/);
    for (const size of ['-2', '1000001']) {
      expect(configError({ NEO4J_FETCH_SIZE: size })).toContain(`(got "${size}")`);
    }
    for (const size of ['1', '1000000']) {
      expect(parseConfig({ NEO4J_FETCH_SIZE: size }).neo4jConnections.fetchSize).toBe(Number(size));
    }
  });
});
