import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { CONFIG_VARIABLES, parseConfig } from '../../src/config.ts';
import { readSchemaStatements, schemaNameOf } from '../../src/graph/schema-setup.ts';

const compose = z
  .object({
    services: z.object({
      neo4j: z.object({
        image: z.string(),
        ports: z.array(z.string()),
        healthcheck: z.object({ test: z.array(z.string()) }),
      }),
      api: z.object({
        environment: z.record(z.string(), z.string()),
        ports: z.array(z.string()),
        depends_on: z.object({ neo4j: z.object({ condition: z.string() }) }),
      }),
    }),
  })
  .parse(parse(readFileSync('docker-compose.yml', 'utf8')));

const pomVersion = /<neo4j.version>([^<]+)<\/neo4j.version>/.exec(
  readFileSync('neo4j-local/pom.xml', 'utf8'),
)?.[1];

describe('docker-compose.yml agrees with the service', () => {
  it('runs the same Neo4j line (5.26) as the embedded launcher', () => {
    expect(compose.services.neo4j.image).toBe('neo4j:5.26-community');
    expect(pomVersion).toMatch(/^5\.26\.\d+$/);
  });

  it('gives the API only variables the config reads, and values the config accepts', () => {
    const environment = compose.services.api.environment;
    for (const name of Object.keys(environment)) expect(CONFIG_VARIABLES).toContain(name);
    const resolved = Object.fromEntries(
      Object.entries(environment).map(([name, value]) => [
        name,
        value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1'),
      ]),
    );
    const config = parseConfig(resolved);
    expect(config.neo4j.uri).toBe('bolt://neo4j:7687');
    expect(config.host).toBe('0.0.0.0');
    expect(compose.services.api.ports).toContain(`${config.port}:${config.port}`);
  });

  it('points the API at the Bolt port Neo4j publishes and waits for Neo4j to be healthy', () => {
    expect(compose.services.neo4j.ports).toContain('7687:7687');
    expect(compose.services.api.depends_on.neo4j.condition).toBe('service_healthy');
    expect(compose.services.neo4j.healthcheck.test.join(' ')).toContain('RETURN 1');
  });
});

describe('.env.example', () => {
  it('lists every variable the config reads, and nothing else', () => {
    const listed = readFileSync('.env.example', 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z0-9_]+=/.test(line))
      .map((line) => line.split('=')[0]);
    expect([...listed].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});

describe('schema/constraints.cypher', () => {
  it('names every constraint and index, so start-up can tell which are missing', () => {
    const statements = readSchemaStatements();
    expect(statements.length).toBeGreaterThan(20);
    const names = statements.map(schemaNameOf);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['entity_id', 'entity_names', 'quote_text']));
  });
});
