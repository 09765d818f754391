import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createToken, hashToken, hasScope, TokenVerifier } from '../../src/auth/tokens.ts';
import { parseConfig } from '../../src/config.ts';

const tokenFolders: string[] = [];
afterAll(() => {
  for (const folder of tokenFolders) rmSync(folder, { recursive: true, force: true });
});

/** A tokens file in a folder of its own, removed when the tests end. */
function tokensFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'dossier-tokens-'));
  tokenFolders.push(folder);
  return join(folder, 'tokens.json');
}

describe('API tokens', () => {
  it('knows a token by its hash alone, and names its holder and scopes', () => {
    const { token, record } = createToken('alice', ['curator']);
    expect(token).toMatch(/^dsr_[\w-]{43}$/);
    expect(record).toEqual({ name: 'alice', scopes: ['curator'], sha256: hashToken(token) });
    expect(JSON.stringify(record)).not.toContain(token.slice(4));
    const verifier = new TokenVerifier([record]);
    expect(verifier.callerOf(`Bearer ${token}`)).toEqual({
      kind: 'token',
      name: 'alice',
      scopes: ['curator'],
    });
    expect(verifier.callerOf(`bearer   ${token} `)).toMatchObject({ kind: 'token' });
  });

  it('tells a missing header from a malformed or unknown token', () => {
    const verifier = new TokenVerifier([createToken('alice', ['curator']).record]);
    expect(verifier.callerOf(null)).toEqual({ kind: 'anonymous' });
    expect(verifier.callerOf('  ')).toEqual({ kind: 'anonymous' });
    expect(verifier.callerOf('Basic abc')).toMatchObject({ kind: 'invalid' });
    expect(verifier.callerOf('Bearer dsr_guess')).toEqual({
      kind: 'invalid',
      reason: 'the token is not one this server knows',
    });
  });

  it('lets an admin do what a curator may, and not the other way round', () => {
    const admin = { kind: 'token', name: 'a', scopes: ['admin'] } as const;
    const curator = { kind: 'token', name: 'c', scopes: ['curator'] } as const;
    expect(hasScope(admin, 'curator')).toBe(true);
    expect(hasScope(admin, 'admin')).toBe(true);
    expect(hasScope(curator, 'admin')).toBe(false);
    expect(hasScope({ kind: 'anonymous' }, 'curator')).toBe(false);
  });

  it('reads tokens from API_TOKENS and API_TOKENS_FILE, and names the variable of a bad one', () => {
    const alice = createToken('alice', ['curator']).record;
    const bob = createToken('bob', ['admin']).record;
    const file = tokensFile();
    writeFileSync(file, JSON.stringify([bob]));
    const config = parseConfig({ API_TOKENS: JSON.stringify([alice]), API_TOKENS_FILE: file });
    expect(config.tokens).toEqual([alice, bob]);
    expect(parseConfig({}).tokens).toEqual([]);

    expect(() => parseConfig({ API_TOKENS: 'alice' })).toThrow(/API_TOKENS must be a JSON list/);
    expect(() =>
      parseConfig({ API_TOKENS: JSON.stringify([{ ...alice, sha256: 'abc' }]) }),
    ).toThrow(/API_TOKENS at 0\.sha256: must be the 64 hex digits/);
    expect(() =>
      parseConfig({
        API_TOKENS: JSON.stringify([alice]),
        API_TOKENS_FILE: file.replace('tokens', 'nope'),
      }),
    ).toThrow(/API_TOKENS_FILE names .* which cannot be read/);
    expect(() =>
      parseConfig({ API_TOKENS: JSON.stringify([alice]), API_TOKENS_FILE: writeTokens([alice]) }),
    ).toThrow(/"alice" is used twice/);
  });
});

function writeTokens(records: unknown[]): string {
  const file = tokensFile();
  writeFileSync(file, JSON.stringify(records));
  return file;
}
