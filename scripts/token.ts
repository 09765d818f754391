/**
 * npm run token -- create <name> [--scopes curator,admin]: makes a new API token. It prints the
 * token once (give it to the curator) and the record to add to API_TOKENS or API_TOKENS_FILE,
 * which holds only the token's hash.
 */
import { parseArgs } from 'node:util';
import { createToken, SCOPES, type Scope } from '../src/auth/tokens.ts';

const USAGE = `Usage: npm run token -- create <name> [--scopes curator,admin]
  name     who will use it, as the history will show it (letters, digits, . @ _ -)
  scopes   curator (import and edit; the default) and/or admin (also remove and merge)`;

function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

function main(): number {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { scopes: { type: 'string', default: 'curator' }, help: { type: 'boolean' } },
  });
  const [command, name] = positionals;
  if (values.help || command !== 'create' || !name) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const scopes = values.scopes.split(',').map((scope) => scope.trim());
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0) {
    console.error(
      `Unknown scope ${unknown.join(', ')}: use ${SCOPES.join(' and/or ')}.\n\n${USAGE}`,
    );
    return 2;
  }
  const { token, record } = createToken(name, scopes.filter(isScope));
  console.log(
    `Token for ${record.name} (${record.scopes.join(', ')}); shown once, keep it secret:\n`,
  );
  console.log(`  ${token}\n`);
  console.log(
    'Add this record to the JSON list in API_TOKENS (or the file API_TOKENS_FILE names):\n',
  );
  console.log(`  ${JSON.stringify(record)}\n`);
  console.log('The curator sends it as the header  Authorization: Bearer <token>');
  return 0;
}

try {
  process.exit(main());
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
