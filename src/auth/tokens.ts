/**
 * API tokens: who may change the graph. Tokens are random strings handed to a curator once;
 * configuration keeps only their SHA-256 (a token has 256 random bits, so a plain hash cannot be
 * reversed or guessed), each with a name for the history and its scopes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const SCOPES = ['curator', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const TOKEN_PREFIX = 'dsr_';

export const tokenRecordSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[\w.@-]{1,64}$/, 'must be 1 to 64 letters, digits, or . @ _ - (it names the curator)'),
  scopes: z.array(z.enum(SCOPES)).min(1, 'must list at least one scope: curator or admin'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the 64 hex digits that npm run token -- create prints'),
});
export type TokenRecord = z.infer<typeof tokenRecordSchema>;

export const tokenRecordsSchema = z
  .array(tokenRecordSchema)
  .refine(
    (records) => new Set(records.map((record) => record.name)).size === records.length,
    'two tokens have the same name; each name must be unique',
  );

/** Who sent a request: nobody (no Authorization header), a bad token, or a known token. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'token'; name: string; scopes: readonly Scope[] };

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new token and the record to put in configuration. */
export function createToken(
  name: string,
  scopes: readonly Scope[],
): {
  token: string;
  record: TokenRecord;
} {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const record = tokenRecordSchema.parse({
    name,
    scopes: [...new Set(scopes)],
    sha256: hashToken(token),
  });
  return { token, record };
}

export class TokenVerifier {
  private readonly records: readonly { record: TokenRecord; digest: Buffer }[];

  constructor(records: readonly TokenRecord[]) {
    this.records = records.map((record) => ({ record, digest: Buffer.from(record.sha256, 'hex') }));
  }

  /** True when at least one token is configured: otherwise nothing can be written. */
  get writesEnabled(): boolean {
    return this.records.length > 0;
  }

  /** The caller an Authorization header names. Compares every record, in constant time each. */
  callerOf(authorization: string | null): Caller {
    if (authorization === null || authorization.trim() === '') return { kind: 'anonymous' };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) {
      return { kind: 'invalid', reason: 'the Authorization header must be "Bearer <token>"' };
    }
    const digest = createHash('sha256').update(match[1], 'utf8').digest();
    let found: TokenRecord | null = null;
    for (const { record, digest: known } of this.records) {
      if (timingSafeEqual(digest, known)) found = record;
    }
    if (!found) return { kind: 'invalid', reason: 'the token is not one this server knows' };
    return { kind: 'token', name: found.name, scopes: found.scopes };
  }
}

/** Admin includes curator: whoever may merge and delete may also edit. */
export function hasScope(caller: Caller, scope: Scope): boolean {
  if (caller.kind !== 'token') return false;
  return caller.scopes.includes(scope) || (scope === 'curator' && caller.scopes.includes('admin'));
}
