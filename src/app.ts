import {
  type CORSOptions,
  createYoga,
  type Plugin,
  useReadinessCheck,
  type YogaServerInstance,
} from 'graphql-yoga';
import { type TokenRecord, TokenVerifier } from './auth/tokens.ts';
import type { Context } from './context.ts';
import { ping } from './graph/database-info-store.ts';
import { createLoaders } from './graph/loaders.ts';
import { useCompiledExecution } from './http/compiled-execution.ts';
import { useExplorer } from './http/explorer.ts';
import { renderGraphiQL, useGraphiQLAssets } from './http/graphiql.ts';
import { DEFAULT_LIMITS, type RequestLimits, useRequestLimits } from './http/limits.ts';
import { useExplainedRefusals, useRequestErrorCodes } from './http/request-errors.ts';
import type { Logger } from './logger.ts';
import { type GraphDatabase, StatementCounter } from './neo4j/database.ts';
import { loadExampleQueries } from './schema/examples.ts';
import { schema } from './schema/index.ts';

/** What browsers and clients may do over HTTP; main.ts fills it from the configuration. */
export interface HttpPolicy {
  limits: RequestLimits;
  /** Serve GraphiQL on GET /graphql for browsers. */
  graphiql: boolean;
  /** Answer __schema and __type queries. */
  introspection: boolean;
  /** Origins whose pages may call the API from a browser: none, a list, or '*' for any. */
  corsOrigins: readonly string[] | '*';
  /** Let those pages send cookies or HTTP auth (never with '*'). */
  corsCredentials: boolean;
}

export const DEFAULT_HTTP_POLICY: HttpPolicy = {
  limits: DEFAULT_LIMITS,
  graphiql: true,
  introspection: true,
  corsOrigins: [],
  corsCredentials: false,
};

export interface AppDependencies {
  db: GraphDatabase;
  logger: Logger;
  /** How long /ready waits for Neo4j before answering 503. */
  readinessTimeoutMs?: number;
  http?: Partial<HttpPolicy>;
  /** The tokens that may change the graph; none: the API is read-only. */
  tokens?: readonly TokenRecord[];
}

/** No CORS headers at all unless origins are configured: browsers then keep other sites out. */
function corsOptions(policy: HttpPolicy): CORSOptions | false {
  if (policy.corsOrigins !== '*' && policy.corsOrigins.length === 0) return false;
  return {
    origin: policy.corsOrigins === '*' ? '*' : [...policy.corsOrigins],
    credentials: policy.corsOrigins !== '*' && policy.corsCredentials,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'accept', 'authorization'],
    maxAge: 600,
  };
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
export function createApp({
  db,
  logger,
  readinessTimeoutMs = 3_000,
  http = {},
  tokens = [],
}: AppDependencies): App {
  const verifier = new TokenVerifier(tokens);
  const policy: HttpPolicy = { ...DEFAULT_HTTP_POLICY, ...http };
  let notReadySince: number | undefined;
  const examples = loadExampleQueries();
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    cors: corsOptions(policy),
    // Counted while the body streams in; useRequestLimits gives the refusal its code.
    maxRequestBodySize: policy.limits.bodyBytes,
    // GraphiQL's scripts are served by this app as cacheable files, not from a CDN: it works offline.
    renderGraphiQL,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error({ err: args[0] }, args.map(String).join(' ')),
    },
    graphiql: policy.graphiql && {
      title: 'Dossier: claims and entities of the news, with their evidence',
      defaultQuery: examples[0]?.query ?? '{ databaseInfo { version nodeCount } }',
      defaultTabs: examples.map((example) => ({ query: example.query })),
    },
    context: ({ request }) => {
      const statements = new StatementCounter();
      const requestDb = db.counting(statements);
      return {
        db: requestDb,
        loaders: createLoaders(requestDb),
        statements,
        logger,
        caller: verifier.callerOf(request.headers.get('authorization')),
        writesEnabled: verifier.writesEnabled,
      };
    },
    plugins: [
      useCompiledExecution(logger),
      useRequestLimits({ limits: policy.limits, introspection: policy.introspection }),
      useGraphiQLAssets(),
      // The explorer: a page of its own that reads the graph through /graphql like any client.
      useExplorer(),
      useRequestErrorCodes(),
      useExplainedRefusals(),
      reportStatementCount,
      useReadinessCheck({
        endpoint: '/ready',
        check: async ({ fetchAPI }) => {
          try {
            await withTimeout(ping(db), readinessTimeoutMs);
            if (notReadySince !== undefined) {
              logger.info({ notReadyMs: Date.now() - notReadySince }, 'ready again');
              notReadySince = undefined;
            }
            return true;
          } catch (error) {
            // Once per outage: a health checker polling /ready would otherwise fill the log.
            if (notReadySince === undefined) {
              notReadySince = Date.now();
              const reason = error instanceof Error ? error.message : String(error);
              logger.warn(
                { reason },
                'not ready: Neo4j does not answer (logged once until it does)',
              );
            }
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
