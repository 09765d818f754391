import { GraphQLError } from 'graphql';

/** Stable codes a client can switch on; the message says what to do. */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  InvalidId: 'INVALID_ID',
  InvalidCursor: 'INVALID_CURSOR',
  PageSizeOutOfRange: 'PAGE_SIZE_OUT_OF_RANGE',
  DepthOutOfRange: 'DEPTH_OUT_OF_RANGE',
  DatabaseUnavailable: 'DATABASE_UNAVAILABLE',
  DatabaseBusy: 'DATABASE_BUSY',
  DatabaseMemoryExceeded: 'DATABASE_MEMORY_EXCEEDED',
  RequestTimeout: 'REQUEST_TIMEOUT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class DossierError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
}

/** Raised at start-up, before any request: a configuration or local-database problem. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
