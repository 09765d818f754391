import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { GraphDatabase } from '../../src/neo4j/database.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { type LocalNeo4j, startLocalNeo4j } from '../../src/neo4j/local-neo4j.ts';
import { seedDatabase } from '../../src/seed/seed-database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    neo4jUser: string;
    /** The external Neo4j's NEO4J_PASSWORD, or the one generated for the run's local Neo4j. */
    neo4jPassword: string;
  }
}

interface Credentials {
  user: string;
  password: string;
}

async function seedArticle(uri: string, auth: Credentials): Promise<void> {
  const driver = createDriver({ uri, ...auth });
  try {
    const db = new GraphDatabase(driver, process.env.NEO4J_DATABASE ?? 'neo4j');
    const result = await seedDatabase(db);
    console.log(`[neo4j] article loaded in ${result.report?.millis ?? 0} ms`);
  } finally {
    await driver.close();
  }
}

/**
 * One real Neo4j for the whole run, the one in NEO4J_URI or a fresh embedded one, holding the
 * seeded article; tests that write use documents and entities of their own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.NEO4J_URI;
  if (external) {
    const auth = {
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
    };
    await seedArticle(external, auth);
    project.provide('neo4jUri', external);
    project.provide('neo4jUser', auth.user);
    project.provide('neo4jPassword', auth.password);
    return async () => {};
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'dossier-test-neo4j-'));
  let local: LocalNeo4j | undefined;
  const cleanUp = async () => {
    await local?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    local = await startLocalNeo4j({
      dataDir,
      heap: '1g',
      pageCacheMb: 256,
      startTimeoutMs: 300_000,
      onProgress: (message) => console.log(`[neo4j] ${message}`),
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  try {
    await seedArticle(local.uri, local.auth);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  project.provide('neo4jUri', local.uri);
  project.provide('neo4jUser', local.auth.user);
  project.provide('neo4jPassword', local.auth.password);
  return cleanUp;
}
