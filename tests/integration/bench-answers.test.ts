import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMix, mixContext, type Origins } from '../../bench/compare/answers.ts';
import { createFloorDriver, createFloorServer } from '../../bench/compare/floor.ts';
import { isPeerQuery, MIX, type MixContext } from '../../bench/compare/mix.ts';
import { createPeerApp, createPeerDriver } from '../../bench/compare/peer.ts';
import { testApp } from '../helpers/app.ts';
import { testNeo4j, useTestDatabase } from '../helpers/database.ts';

// npm run bench times the service against a floor (one Cypher statement per query) and a peer
// (@neo4j/graphql) only once all three give the same answers; this keeps them giving them.
const database = process.env.NEO4J_DATABASE ?? 'neo4j';
const servers: Server[] = [];
const drivers: Driver[] = [];
let origins: Origins;
let context: MixContext;

async function listen(server: Server): Promise<URL> {
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}

const service = testApp(useTestDatabase());

beforeAll(async () => {
  const { uri, user, password } = testNeo4j();
  const floorDriver = createFloorDriver(uri, user, password);
  const peerDriver = createPeerDriver(uri, user, password);
  drivers.push(floorDriver, peerDriver);
  const [serviceOrigin, floorOrigin, peerOrigin] = await Promise.all([
    listen(createServer(service)),
    listen(createFloorServer(floorDriver, database)),
    createPeerApp(peerDriver, database).then((peer) => listen(createServer(peer))),
  ]);
  origins = { service: serviceOrigin, floor: floorOrigin, peer: peerOrigin };
  // No warm-up: the service here has the test suite's relaxed statement limits, so a first,
  // unplanned statement is slow (most of this file's time) but not cut off.
  context = await mixContext(origins.service);
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((closed) => server.close(() => closed()));
  }
  await Promise.all(drivers.map((driver) => driver.close()));
});

describe('the benchmark mix gets the same answer from the service, the floor and the peer', () => {
  it.each(MIX.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const [check] = await checkMix(origins, context, [entry]);
    expect(check?.differences).toEqual([]);
    expect(Object.keys(check?.answers ?? {}).sort()).toEqual(
      isPeerQuery(entry.peer) ? ['floor', 'peer', 'service'] : ['floor', 'service'],
    );
  });

  it('pages on from the cursor the service gave for the first page', () => {
    expect(context.directQuotesEndCursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
