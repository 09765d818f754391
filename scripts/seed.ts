/**
 * npm run seed: validates the shipped annotations and loads the article into Neo4j (the one in
 * NEO4J_URI, or the embedded one in NEO4J_LOCAL_DATA_DIR), then prints what the graph holds.
 */
import { parseConfig } from '../src/config.ts';
import { graphStats } from '../src/graph/document-store.ts';
import { createLogger } from '../src/logger.ts';
import { connectToNeo4j } from '../src/neo4j/connect.ts';
import { seedDatabase } from '../src/seed/seed-database.ts';

async function main(): Promise<number> {
  const config = parseConfig(process.env, process.stdout.isTTY);
  const logger = createLogger({ ...config, logFormat: 'pretty' });
  const connection = await connectToNeo4j(config, logger);
  try {
    const result = await seedDatabase(connection.db, {
      onProgress: (message) => console.log(message),
    });
    if (result.report) {
      console.log(`Loaded ${result.documentId} in ${result.report.millis} ms.`);
    }
    const stats = await graphStats(connection.db);
    const breakdown = (rows: { key: string; count: number }[]) =>
      rows.map((row) => `${row.key} ${row.count}`).join(', ');
    console.log('\nThe graph now holds:');
    console.log(`  documents      ${stats.documents}`);
    console.log(`  entities       ${stats.entities}   ${breakdown(stats.entitiesByKind)}`);
    console.log(`  mentions       ${stats.mentions}`);
    console.log(`  roles          ${stats.roles}`);
    console.log(`  relations      ${stats.relations}`);
    console.log(`  claims         ${stats.claims}   ${breakdown(stats.claimsBySourceKind)}`);
    console.log(`  attributions   ${stats.attributions}   ${breakdown(stats.attributionsByMode)}`);
    console.log(`  quantities     ${stats.quantities}`);
    console.log(`  stances        ${breakdown(stats.stancesByType)}`);
    console.log(`  comments       ${stats.comments}`);
    console.log(`  spans          ${stats.spans}`);
    return 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
