import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';

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
  });
});
