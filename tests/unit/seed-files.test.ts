import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  firstInvalidUtf8,
  loadSeed,
  readSeed,
  readUtf8File,
  SeedSyntaxError,
  SeedValidationError,
} from '../../src/seed/files.ts';

const scratch = await mkdtemp(join(tmpdir(), 'dossier-seed-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function writeSeed(
  name: string,
  yaml: string | Uint8Array,
  text: string | Uint8Array = 'Some text\n',
): Promise<void> {
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

describe('reading text that is not UTF-8', () => {
  it('refuses an article in Latin-1, naming the file and the byte of the first invalid sequence', async () => {
    // "Café au lait" with é as the single Latin-1 byte 0xE9, at byte 3.
    const latin1 = Uint8Array.from([...Buffer.from('Caf'), 0xe9, ...Buffer.from(' au lait\n')]);
    await writeSeed('latin1', 'format: 1\n', latin1);
    const failure = await readSeed(scratch, 'latin1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SeedSyntaxError);
    const [problem] = (failure as SeedSyntaxError).errors;
    expect(problem).toMatchObject({ file: 'latin1.txt', path: 'byte 3' });
    expect(problem?.message).toContain(
      'latin1.txt is not valid UTF-8: the bytes at offset 3 (0xe9 0x20 0x61 0x75) are not a UTF-8 character',
    );
  });

  it('refuses annotations with a cut-off character after valid multi-byte ones, at the byte where it starts', async () => {
    // "Zoë" (ë is two bytes), then the first two of the three bytes of "€", then "A".
    const yaml = Uint8Array.from([
      ...Buffer.from('title: Zoë '),
      0xe2,
      0x82,
      ...Buffer.from('A\n'),
    ]);
    await writeSeed('cut-off', yaml);
    const failure = await readSeed(scratch, 'cut-off').catch((error: unknown) => error);
    expect((failure as SeedSyntaxError).errors).toEqual([
      expect.objectContaining({ file: 'cut-off.annotations.yaml', path: 'byte 12' }),
    ]);
  });

  it('reads valid UTF-8 byte for byte, a byte order mark and characters outside the BMP included', async () => {
    const path = join(scratch, 'bom.txt');
    const text = '\uFEFFHeadline 🚀 naïve\n';
    await writeFile(path, text);
    expect(await readUtf8File(path)).toBe(text);
  });

  it('finds the invalid sequences the strict decoder refuses: overlong, surrogate, past U+10FFFF, truncated', () => {
    const cases: [number[], number | null][] = [
      [[0x41, 0xc0, 0xaf], 1],
      [[0x41, 0x42, 0xed, 0xa0, 0x80], 2],
      [[0xf4, 0x90, 0x80, 0x80], 0],
      [[0xf5, 0x80], 0],
      [[0x41, 0xf0, 0x9f, 0x9a], 1],
      [[0xe0, 0x80, 0x80], 0],
      [[0xf0, 0x9f, 0x9a, 0x80, 0xc3, 0xa9], null],
    ];
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (const [bytes, offset] of cases) {
      const array = Uint8Array.from(bytes);
      expect(firstInvalidUtf8(array), bytes.join(' ')).toBe(offset);
      const decodes = (() => {
        try {
          strict.decode(array);
          return true;
        } catch {
          return false;
        }
      })();
      expect(decodes, bytes.join(' ')).toBe(offset === null);
    }
  });
});
