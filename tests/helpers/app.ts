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

/** The global id the API gives an object: base64 of "Typename:key". */
export function globalId(typename: string, key: string): string {
  return Buffer.from(`${typename}:${key}`).toString('base64');
}

export interface GraphQLResult<Data> extends GraphQLResponse<Data> {
  extensions?: { neo4jStatements?: number };
}

/** Like graphql(), but fails the test on errors and returns data with the statement count. */
export async function query<Data>(
  app: App,
  source: string,
  variables: Record<string, unknown> = {},
): Promise<{ data: Data; statements: number }> {
  const result = (await graphql<Data>(app, source, variables)) as GraphQLResult<Data>;
  if (result.errors) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  if (!result.data) throw new Error('GraphQL returned no data');
  return { data: result.data, statements: result.extensions?.neo4jStatements ?? -1 };
}
