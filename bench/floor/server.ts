/**
 * The floor as a process of its own: node:http, one driver, one Cypher statement per query.
 * Settings from the environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, HOST, PORT.
 */
import { createFloorDriver, createFloorServer } from '../compare/floor.ts';
import { serve, settingsFromEnv } from '../compare/process.ts';

const settings = settingsFromEnv();
const { uri, user, password, database } = settings.neo4j;
const driver = createFloorDriver(uri, user, password);
await driver.verifyConnectivity({ database });
await serve('floor', createFloorServer(driver, database), settings, () => driver.close());
