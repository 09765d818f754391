import { Neo4jError } from 'neo4j-driver';
import { DossierError, ErrorCode } from '../errors.ts';

/** What went wrong between us and Neo4j, as far as a client needs to know. */
export type FailureKind = 'unavailable' | 'pool' | 'transient' | 'timeout' | 'memory';

const TIMEOUT_CODES = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
]);

// Refused credentials at run time: a rotated password, or a Neo4j that is not ours any more.
const CREDENTIAL_CODES = new Set([
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Security.AuthenticationRateLimit',
  'Neo.ClientError.Security.CredentialsExpired',
  'Neo.ClientError.Security.TokenExpired',
]);

// A transaction that needed more memory than Neo4j lets one use: a retry needs the same again.
const MEMORY_CODES = new Set([
  'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
  'Neo.TransientError.General.TransactionMemoryLimit',
  'Neo.TransientError.General.TransactionOutOfMemoryError',
  'Neo.TransientError.General.OutOfMemoryError',
]);

// Node's own socket errors, in case one reaches us without the driver's wrapping.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** Sorts a driver error into a kind, or undefined when it is not about reaching Neo4j or time. */
export function classifyFailure(error: unknown): FailureKind | undefined {
  const code = codeOf(error);
  if (code === undefined) return undefined;
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (MEMORY_CODES.has(code)) return 'memory';
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') return 'unavailable';
  if (SOCKET_CODES.has(code)) return 'unavailable';
  if (code === 'Neo.TransientError.General.DatabaseUnavailable') return 'unavailable';
  if (CREDENTIAL_CODES.has(code)) return 'unavailable';
  if (error instanceof Neo4jError && error.message.startsWith('Connection acquisition timed out')) {
    return 'pool';
  }
  // Deadlocks and the like: Neo4j says a retry may succeed.
  if (code.startsWith('Neo.TransientError.')) return 'transient';
  return undefined;
}

/**
 * Two write transactions that lock the same nodes in opposite orders: Neo4j rolls one back whole,
 * so running it again is safe, and it usually goes through once the other has committed.
 */
export function isDeadlock(error: unknown): boolean {
  return codeOf(error) === 'Neo.TransientError.Transaction.DeadlockDetected';
}

export function databaseUnavailable(
  reason = 'it is restarting or cannot be reached',
): DossierError {
  return new DossierError(
    ErrorCode.DatabaseUnavailable,
    `The database is not available right now (${reason}); retry in a few seconds.`,
    { http: { status: 503, headers: { 'retry-after': '2' } } },
  );
}

export function databaseBusy(reason: string): DossierError {
  return new DossierError(
    ErrorCode.DatabaseBusy,
    `The database is busy (${reason}); retry in a moment.`,
    { http: { status: 503, headers: { 'retry-after': '1' } } },
  );
}

export function memoryExceeded(): DossierError {
  return new DossierError(
    ErrorCode.DatabaseMemoryExceeded,
    'Neo4j ran out of the memory one transaction may use, so asking again would fail again. ' +
      'Ask for less (a smaller first/limit/depth); an import this large must be split into ' +
      'smaller documents, or Neo4j given more (db.memory.transaction.max, ' +
      'dbms.memory.transaction.total.max).',
  );
}

export function statementTimedOut(statementTimeoutMs: number): DossierError {
  return new DossierError(
    ErrorCode.RequestTimeout,
    `A database statement of this request ran longer than its ${statementTimeoutMs} ms; ` +
      'ask for less: a smaller first/limit/depth.',
  );
}

export function budgetSpent(budgetMs: number): DossierError {
  return new DossierError(
    ErrorCode.RequestTimeout,
    `This request used its ${budgetMs} ms of database time; ask for less: a smaller first/limit/depth.`,
  );
}
