import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSeed, readSeed, SeedSyntaxError, SeedValidationError } from '../../src/seed/files.ts';

const scratch = await mkdtemp(join(tmpdir(), 'dossier-seed-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function writeSeed(name: string, yaml: string, text = 'Some text\n'): Promise<void> {
  await writeFile(join(scratch, `${name}.annotations.yaml`), yaml);
  await writeFile(join(scratch, `${name}.txt`), text);
}

describe('reading seed files', () => {
  it('loads and validates the shipped seed from the default folder', async () => {
    const { annotations, counts } = await loadSeed();
    expect(annotations.document.sourceFile).toBe('000_6cfdbb14dfc71039.txt');
    expect(counts.comments).toBe(20);
  });

  it('reports YAML syntax errors, duplicate keys included, with their line', async () => {
    await writeSeed('duplicate-key', 'format: 1\nformat: 1\n');
    const failure = await readSeed(scratch, 'duplicate-key').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SeedSyntaxError);
    expect((failure as SeedSyntaxError).errors[0]).toMatchObject({
      file: 'duplicate-key.annotations.yaml',
      path: 'line 2, column 1',
    });
  });

  it('refuses annotations that do not validate, listing every error', async () => {
    await writeSeed('empty', 'format: 1\n');
    const failure = await loadSeed(scratch, 'empty').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SeedValidationError);
    expect((failure as SeedValidationError).errors.length).toBeGreaterThan(5);
  });
});
