import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { HttpPolicy } from './app.ts';
import { type TokenRecord, tokenRecordsSchema } from './auth/tokens.ts';
import { StartupError } from './errors.ts';
import { DEFAULT_LIMITS } from './http/limits.ts';
import { DEFAULT_DATABASE_LIMITS as DB } from './neo4j/database.ts';
import { DEFAULT_CONNECTION_SETTINGS as CONNECTIONS } from './neo4j/driver.ts';

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const EnvSchema = z.object({
  NEO4J_URI: z
    .string()
    .regex(
      /^(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc):\/\/.+/,
      'must be a Neo4j URI such as bolt://localhost:7687 or neo4j+s://xxxx.databases.neo4j.io',
    )
    .optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().min(1).default('neo4j'),
  NEO4J_LOCAL_DATA_DIR: z.string().min(1).default('.data/neo4j'),
  NEO4J_LOCAL_HEAP: z
    .string()
    .regex(/^\d+[kmgKMG]$/, 'must be a Java heap size such as 512m or 1g')
    .default('1g'),
  NEO4J_LOCAL_PAGE_CACHE_MB: z.coerce.number().int().min(16).max(65_536).default(512),
  NEO4J_LOCAL_START_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(300_000),
  NEO4J_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(10).default(DB.statementTimeoutMs),
  NEO4J_WRITE_TIMEOUT_MS: z.coerce.number().int().min(10).default(DB.writeTimeoutMs),
  REQUEST_DB_TIME_BUDGET_MS: z.coerce.number().int().min(10).default(DB.requestBudgetMs),
  NEO4J_MAX_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000)
    .default(CONNECTIONS.maxConnectionPoolSize),
  NEO4J_POOL_WAIT_MS: z.coerce.number().int().min(10).default(DB.poolWaitMs),
  NEO4J_FETCH_SIZE: z.coerce
    .number()
    .int('must be a whole number of records per batch, such as 1000, or -1 for all at once')
    .refine(
      (size) => size === -1 || (size >= 1 && size <= 1_000_000),
      'must be a number of records per batch from 1 to 1000000, such as 1000, or -1 for all at once',
    )
    .default(CONNECTIONS.fetchSize),
  NEO4J_MAX_CONNECTION_LIFETIME_MS: z.coerce
    .number()
    .int()
    .min(1_000, 'must be at least 1000 ms (a connection older than this is closed, not reused)')
    .default(CONNECTIONS.maxConnectionLifetimeMs),
  NEO4J_CONNECTION_LIVENESS_CHECK_MS: z.coerce
    .number()
    .int()
    .min(0, 'must be 0 (check every connection before reuse) or more ms of idleness')
    .optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  LOG_LEVEL: LogLevel.default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  SEED_ON_START: booleanFlag.default(true),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  GRAPHIQL_ENABLED: booleanFlag.default(true),
  INTROSPECTION_ENABLED: booleanFlag.default(true),
  CORS_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^(\*|https?:\/\/[^/\s]+)$/,
            'must be * or origins such as https://app.example.org,http://localhost:5173 (scheme, host and port; no path)',
          ),
      ),
    )
    .default([]),
  CORS_CREDENTIALS: booleanFlag.default(false),
  GRAPHQL_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(DEFAULT_LIMITS.bodyBytes),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).default(DEFAULT_LIMITS.tokens),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(DEFAULT_LIMITS.aliases),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).default(DEFAULT_LIMITS.depth),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(DEFAULT_LIMITS.directives),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(DEFAULT_LIMITS.cost),
  API_TOKENS: z.string().optional(),
  API_TOKENS_FILE: z.string().min(1).optional(),
});

export type Config = Readonly<{
  neo4j: Readonly<{
    /** Unset: the service starts its own embedded Neo4j. */
    uri: string | undefined;
    user: string;
    password: string;
    database: string;
  }>;
  localNeo4j: Readonly<{
    dataDir: string;
    heap: string;
    pageCacheMb: number;
    startTimeoutMs: number;
  }>;
  /** Bounds on the time and connections a statement or a request may take from Neo4j. */
  neo4jLimits: Readonly<{
    statementTimeoutMs: number;
    writeTimeoutMs: number;
    requestBudgetMs: number;
    maxPoolSize: number;
    poolWaitMs: number;
  }>;
  /** How the driver keeps and uses its connections; the names are those of createDriver(). */
  neo4jConnections: Readonly<{
    /** Records pulled from Neo4j per batch; -1: all of a result at once. */
    fetchSize: number;
    /** Pooled connections older than this are closed instead of reused. */
    maxConnectionLifetimeMs: number;
    /** Unset: idle connections are reused unchecked; 0: always checked; n: when idle over n ms. */
    connectionLivenessCheckMs: number | undefined;
  }>;
  host: string;
  port: number;
  logLevel: z.infer<typeof LogLevel>;
  logFormat: 'json' | 'pretty';
  seedOnStart: boolean;
  shutdownGraceMs: number;
  /** What the HTTP API allows: request limits, GraphiQL, introspection and CORS. */
  http: HttpPolicy;
  /** The tokens that may change the graph (hashes only); none: writes are disabled. */
  tokens: readonly TokenRecord[];
}>;

/**
 * The token records of API_TOKENS (JSON) and API_TOKENS_FILE (a file of the same JSON), as
 * npm run token -- create prints them; a problem names the variable and the record.
 */
function parseTokens(inline: string | undefined, file: string | undefined): TokenRecord[] {
  const sources: { variable: string; json: string }[] = [];
  if (inline !== undefined) sources.push({ variable: 'API_TOKENS', json: inline });
  if (file !== undefined) {
    let json: string;
    try {
      json = readFileSync(file, 'utf8');
    } catch (error) {
      throw new StartupError(
        `Invalid configuration: API_TOKENS_FILE names ${file}, which cannot be read (${(error as Error).message}).`,
      );
    }
    sources.push({ variable: `API_TOKENS_FILE (${file})`, json });
  }
  const records: TokenRecord[] = [];
  for (const { variable, json } of sources) {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      throw new StartupError(
        `Invalid configuration: ${variable} must be a JSON list of tokens such as [{"name":"alice","scopes":["curator"],"sha256":"..."}]; create one with npm run token -- create <name>.`,
      );
    }
    const parsed = tokenRecordsSchema.safeParse(value);
    if (!parsed.success) {
      const lines = parsed.error.issues.map(
        (issue) => `  ${variable} at ${issue.path.join('.') || 'the top'}: ${issue.message}`,
      );
      throw new StartupError(`Invalid configuration; fix these tokens:\n${lines.join('\n')}`);
    }
    records.push(...parsed.data);
  }
  const names = records.map((record) => record.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) {
    throw new StartupError(
      `Invalid configuration: the token name "${repeated}" is used twice across API_TOKENS and API_TOKENS_FILE; each name must be unique.`,
    );
  }
  return records;
}

/** Every problem at once, one line each, naming the variable. */
export function parseConfig(env: NodeJS.ProcessEnv, isTty = false): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const value = present[name];
      const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
      return `  ${name}: ${issue.message}${shown}`;
    });
    throw new StartupError(
      `Invalid configuration; fix these environment variables (see .env.example):\n${lines.join('\n')}`,
    );
  }
  const e = parsed.data;
  if (e.CORS_CREDENTIALS && e.CORS_ORIGINS.includes('*')) {
    throw new StartupError(
      'Invalid configuration: CORS_CREDENTIALS=true cannot be used with CORS_ORIGINS=*; list the origins that may send credentials.',
    );
  }
  return Object.freeze({
    neo4j: Object.freeze({
      uri: e.NEO4J_URI,
      user: e.NEO4J_USER,
      password: e.NEO4J_PASSWORD,
      database: e.NEO4J_DATABASE,
    }),
    localNeo4j: Object.freeze({
      dataDir: e.NEO4J_LOCAL_DATA_DIR,
      heap: e.NEO4J_LOCAL_HEAP,
      pageCacheMb: e.NEO4J_LOCAL_PAGE_CACHE_MB,
      startTimeoutMs: e.NEO4J_LOCAL_START_TIMEOUT_MS,
    }),
    neo4jLimits: Object.freeze({
      statementTimeoutMs: e.NEO4J_STATEMENT_TIMEOUT_MS,
      writeTimeoutMs: e.NEO4J_WRITE_TIMEOUT_MS,
      requestBudgetMs: e.REQUEST_DB_TIME_BUDGET_MS,
      maxPoolSize: e.NEO4J_MAX_POOL_SIZE,
      poolWaitMs: e.NEO4J_POOL_WAIT_MS,
    }),
    neo4jConnections: Object.freeze({
      fetchSize: e.NEO4J_FETCH_SIZE,
      maxConnectionLifetimeMs: e.NEO4J_MAX_CONNECTION_LIFETIME_MS,
      connectionLivenessCheckMs: e.NEO4J_CONNECTION_LIVENESS_CHECK_MS,
    }),
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (isTty ? 'pretty' : 'json'),
    seedOnStart: e.SEED_ON_START,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    http: Object.freeze({
      limits: Object.freeze({
        bodyBytes: e.GRAPHQL_MAX_BODY_BYTES,
        tokens: e.GRAPHQL_MAX_TOKENS,
        aliases: e.GRAPHQL_MAX_ALIASES,
        depth: e.GRAPHQL_MAX_DEPTH,
        directives: e.GRAPHQL_MAX_DIRECTIVES,
        cost: e.GRAPHQL_MAX_COST,
      }),
      graphiql: e.GRAPHIQL_ENABLED,
      introspection: e.INTROSPECTION_ENABLED,
      corsOrigins: e.CORS_ORIGINS.includes('*') ? '*' : e.CORS_ORIGINS,
      corsCredentials: e.CORS_CREDENTIALS,
    }),
    tokens: Object.freeze(parseTokens(e.API_TOKENS, e.API_TOKENS_FILE)),
  });
}

/** The variable names the service reads, for .env.example and docker-compose checks. */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);
