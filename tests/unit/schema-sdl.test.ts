import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSchemaFile, SCHEMA_FILE } from '../../src/schema/print.ts';

describe('the committed SDL', () => {
  it('matches the schema the code builds (run npm run schema:print after a schema change)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printSchemaFile());
  });
});
