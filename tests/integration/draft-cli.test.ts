import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnnotationsYaml } from '../../src/seed/files.ts';
import { validateAnnotations } from '../../src/seed/validate.ts';
import { sharedNeo4jEnv } from '../helpers/service-process.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let folder = '';

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

function runDraft(...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/draft.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...sharedNeo4jEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', fail);
    child.on('exit', (code) => done({ code, output }));
  });
}

describe('npm run draft', () => {
  it('writes a draft the validator accepts, marked as drafted, with the graph’s entities recognised', async () => {
    folder = await mkdtemp(join(tmpdir(), 'dossier-draft-'));
    const out = join(folder, 'followup.annotations.yaml');
    const { code, output } = await runDraft('seed/001_cyber-followup.txt', '--out', out);
    expect(code, output).toBe(0);
    expect(output).toMatch(
      /^Drafted \d+ entities \(\d+ mentions, \d+ known to the graph\), \d+ claims, 3 comments into /m,
    );
    const yaml = await readFile(out, 'utf8');
    expect(yaml.split('\n')[0]).toMatch(
      /^# Drafted by dossier-rules \d+\.\d+\.\d+ from 001_cyber-followup\.txt/,
    );
    const text = await readFile(join(ROOT, 'seed/001_cyber-followup.txt'), 'utf8');
    const validation = validateAnnotations(parseAnnotationsYaml(yaml, out), text, out);
    expect(validation.ok ? [] : validation.errors).toEqual([]);
    if (!validation.ok) return;
    expect(validation.annotations.drafted?.extractor).toBe('dossier-rules');
    // The seed article in the graph names the Pentagon gov:pentagon: the draft uses that id.
    expect(validation.annotations.entities.map((entity) => entity.id)).toContain('gov:pentagon');
  });

  it('refuses an article that is not UTF-8, naming the file and the byte, instead of drafting from replaced characters', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dossier-draft-latin1-'));
    try {
      const path = join(dir, 'latin1.txt');
      await writeFile(path, Uint8Array.from([...Buffer.from('Caf'), 0xe9, ...Buffer.from('\n')]));
      const { code, output } = await runDraft(path, '--no-graph');
      expect(code).toBe(1);
      expect(output).toContain('latin1.txt is not valid UTF-8: the bytes at offset 3 (0xe9 0x0a)');
      expect(output).not.toContain('Drafted');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says how to call it when it is given no article', async () => {
    const { code, output } = await runDraft();
    expect(code).toBe(2);
    expect(output).toContain('Usage: npm run draft -- <article.txt>');
  });
});
