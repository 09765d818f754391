import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { defineQuery } from '../../src/neo4j/database.ts';
import { removeDocumentGraph } from '../../src/seed/loader.ts';
import { useTestDatabase } from '../helpers/database.ts';
import { sharedNeo4jEnv } from '../helpers/service-process.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const db = useTestDatabase();
const GOOD = 'doc:cli-import-good';
const BAD = 'doc:cli-import-bad';
let folder = '';

afterAll(async () => {
  await removeDocumentGraph(db, GOOD);
  await removeDocumentGraph(db, BAD);
  if (folder) await rm(folder, { recursive: true, force: true });
});

function runImport(...paths: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...paths], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...sharedNeo4jEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', fail);
    child.on('exit', (code) => done({ code, output }));
  });
}

const documentsQuery = defineQuery(
  'testImportedDocuments',
  'UNWIND $ids AS id OPTIONAL MATCH (d:Document {id: id}) RETURN id, d.version AS version',
  z.object({ id: z.string(), version: z.number().nullable() }),
);

describe('npm run import', () => {
  it('imports every document of a folder in its own transaction, rejects a bad one with its reasons, and sums up', async () => {
    folder = await mkdtemp(join(tmpdir(), 'dossier-import-'));
    const text = await readFile(join(ROOT, 'seed/001_cyber-followup.txt'), 'utf8');
    const annotations = parse(
      await readFile(join(ROOT, 'seed/001_cyber-followup.annotations.yaml'), 'utf8'),
    ) as { document: { id: string }; entities: { id: string; mentions: { exact: string }[] }[] };
    const copy = (id: string) =>
      structuredClone({ ...annotations, document: { ...annotations.document, id } });
    const bad = copy(BAD);
    const okafor = bad.entities.find((entity) => entity.id === 'person:grace-okafor');
    if (!okafor?.mentions[0]) throw new Error('the second article changed');
    okafor.mentions[0].exact = 'Grace Okafur';
    // JSON is YAML: the reader takes either.
    await writeFile(join(folder, 'a-bad.txt'), text);
    await writeFile(join(folder, 'a-bad.annotations.yaml'), JSON.stringify(bad));
    await writeFile(join(folder, 'b-good.txt'), text);
    await writeFile(join(folder, 'b-good.annotations.yaml'), JSON.stringify(copy(GOOD)));

    const { code, output } = await runImport(folder);
    expect(code, output).toBe(1);
    expect(output).toContain(
      '[1/2] a-bad: rejected, nothing written (the annotations do not validate):',
    );
    expect(output).toMatch(/entities\[\d+\]\.mentions\[0\].*"Grace Okafor".*"Grace Okafur"/);
    expect(output).toMatch(
      new RegExp(
        `\\[2/2\\] b-good: imported ${GOOD} \\(version 1\\); entities \\d+ created, \\d+ matched`,
      ),
    );
    expect(output).toContain(
      'military:pla -> military:peoples-liberation-army (matched by the name "PLA")',
    );
    expect(output).toMatch(
      /1 imported \(0 of them replacing an earlier version\), 1 rejected; entities \d+ created, \d+ matched\.\n$/,
    );
    expect(await db.read(documentsQuery, { ids: [GOOD, BAD] })).toEqual([
      { id: GOOD, version: 1 },
      { id: BAD, version: null },
    ]);

    // Again: the good one is replaced, as version 2.
    const again = await runImport(join(folder, 'b-good.txt'));
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain(`[1/1] b-good: replaced ${GOOD} (version 2)`);
  });

  it('says how to call it when it is given nothing to import', async () => {
    const { code, output } = await runImport();
    expect(code).toBe(2);
    expect(output).toContain('Usage: npm run import -- <file or folder> ...');
  });
});
