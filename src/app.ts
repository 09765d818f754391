import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type Plugin, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import type { Context } from './context.ts';
import { ping } from './graph/database-info-store.ts';
import { createLoaders } from './graph/loaders.ts';
import type { Logger } from './logger.ts';
import { type GraphDatabase, StatementCounter } from './neo4j/database.ts';
import { loadExampleQueries } from './schema/examples.ts';
import { schema } from './schema/index.ts';

export interface AppDependencies {
  db: GraphDatabase;
  logger: Logger;
  /** How long /ready waits for Neo4j before answering 503. */
  readinessTimeoutMs?: number;
}

export type App = YogaServerInstance<Record<string, never>, Context>;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolvePromise(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Adds `extensions.neo4jStatements`: what a request cost in Neo4j statements (tests, bench/). */
const reportStatementCount: Plugin<Context> = {
  onExecute: ({ args }) => ({
    onExecuteDone: ({ result, setResult }) => {
      if (Symbol.asyncIterator in result) return;
      const { statements } = args.contextValue;
      setResult({
        ...result,
        extensions: { ...result.extensions, neo4jStatements: statements.count },
      });
    },
  }),
};

/** Builds the GraphQL HTTP app; it never listens (main.ts does), so tests call app.fetch. */
export function createApp({ db, logger, readinessTimeoutMs = 3_000 }: AppDependencies): App {
  const examples = loadExampleQueries();
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    // GraphiQL's scripts are served by this app, not fetched from a CDN: it works offline.
    renderGraphiQL,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error({ err: args[0] }, args.map(String).join(' ')),
    },
    graphiql: {
      title: 'Dossier: claims and entities of the news, with their evidence',
      defaultQuery: examples[0]?.query ?? '{ databaseInfo { version nodeCount } }',
      defaultTabs: examples.map((example) => ({ query: example.query })),
    },
    context: () => {
      const statements = new StatementCounter();
      const requestDb = db.counting(statements);
      return { db: requestDb, loaders: createLoaders(requestDb), statements, logger };
    },
    plugins: [
      reportStatementCount,
      useReadinessCheck({
        endpoint: '/ready',
        check: async ({ fetchAPI }) => {
          try {
            await withTimeout(ping(db), readinessTimeoutMs);
            return true;
          } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            logger.warn({ reason }, 'readiness check failed: Neo4j does not answer');
            return new fetchAPI.Response(
              JSON.stringify({ ready: false, reason: 'Neo4j does not answer' }),
              { status: 503, headers: { 'content-type': 'application/json' } },
            );
          }
        },
      }),
    ],
  });
}
