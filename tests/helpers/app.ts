import { pino } from 'pino';
import { type App, createApp } from '../../src/app.ts';
import type { GraphDatabase } from '../../src/neo4j/database.ts';

export const silentLogger = pino({ level: 'silent' });

export function testApp(db: GraphDatabase): App {
  return createApp({ db, logger: silentLogger });
}

export interface GraphQLResponse<Data> {
  data?: Data;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
}

/** Posts a GraphQL operation to the app without opening a port. */
export async function graphql<Data = Record<string, unknown>>(
  app: App,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<Data>> {
  const response = await app.fetch('http://dossier/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<Data>;
}
