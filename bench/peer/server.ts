/**
 * The peer as a process of its own: @neo4j/graphql on graphql-yoga over node:http.
 * Settings from the environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, HOST, PORT.
 */
import { createServer } from 'node:http';
import { createPeerApp, createPeerDriver } from '../compare/peer.ts';
import { serve, settingsFromEnv } from '../compare/process.ts';

const settings = settingsFromEnv();
const { uri, user, password, database } = settings.neo4j;
const driver = createPeerDriver(uri, user, password);
await driver.verifyConnectivity({ database });
const app = await createPeerApp(driver, database);
await serve('peer', createServer(app), settings, () => driver.close());
