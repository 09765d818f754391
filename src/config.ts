import { z } from 'zod';
import { StartupError } from './errors.ts';

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
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  LOG_LEVEL: LogLevel.default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  SEED_ON_START: booleanFlag.default(true),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
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
  host: string;
  port: number;
  logLevel: z.infer<typeof LogLevel>;
  logFormat: 'json' | 'pretty';
  seedOnStart: boolean;
  shutdownGraceMs: number;
}>;

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
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (isTty ? 'pretty' : 'json'),
    seedOnStart: e.SEED_ON_START,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  });
}

/** The variable names the service reads, for .env.example and docker-compose checks. */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);
