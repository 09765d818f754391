import { buildLauncher, LAUNCHER_DIR, launcherIsBuilt } from '../src/neo4j/local-neo4j.ts';

// Builds the embedded-Neo4j launcher ahead of time (npm start and npm test also do it on demand).
try {
  if (launcherIsBuilt()) {
    console.log(`The local Neo4j launcher in ${LAUNCHER_DIR} is up to date.`);
  } else {
    await buildLauncher((message) => console.log(message));
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
