import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { editDocument } from '../../src/curation/changes.ts';
import { defineQuery } from '../../src/neo4j/database.ts';
import { removeDocumentGraph } from '../../src/seed/loader.ts';
import { useTestDatabase } from '../helpers/database.ts';
import { sharedNeo4jEnv } from '../helpers/service-process.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const db = useTestDatabase();
const GOOD = 'doc:cli-import-good';
const BAD = 'doc:cli-import-bad';
const CURATED = 'doc:cli-import-curated';
let folder = '';

afterAll(async () => {
  await removeDocumentGraph(db, GOOD);
  await removeDocumentGraph(db, BAD);
  await removeDocumentGraph(db, CURATED);
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

  it('refuses to replace a document curators changed since its last import, saying how many changes it would discard, and replaces it with --force', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dossier-import-curated-'));
    try {
      const annotations = parse(
        await readFile(join(ROOT, 'seed/001_cyber-followup.annotations.yaml'), 'utf8'),
      ) as { document: { id: string }; claims: { id: string; proposition: string }[] };
      await writeFile(
        join(dir, 'curated.txt'),
        await readFile(join(ROOT, 'seed/001_cyber-followup.txt'), 'utf8'),
      );
      const file = join(dir, 'curated.annotations.yaml');
      await writeFile(
        file,
        JSON.stringify({ ...annotations, document: { ...annotations.document, id: CURATED } }),
      );
      const first = await runImport(file);
      expect(first.output).toContain(`[1/1] curated: imported ${CURATED} (version 1)`);

      const [claim] = annotations.claims;
      if (!claim) throw new Error('the second article has no claims');
      const edited = await editDocument(
        db,
        { by: 'curator-cli-test', clientMutationId: null },
        {
          documentId: CURATED,
          expectedVersion: 1,
          edits: [
            { section: 'claims', id: claim.id, item: { ...claim, proposition: 'Corrected.' } },
          ],
        },
      );
      if (edited.kind !== 'applied') throw new Error(JSON.stringify(edited));

      const refused = await runImport(file);
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output).toContain(
        '[1/1] curated: rejected, nothing written (curators have changed it since its last import):',
      );
      expect(refused.output).toContain(
        `${CURATED} has 1 curator change since it was last imported (the latest EDIT ${edited.change.id} by curator-cli-test): importing this file would discard it. Carry the changes into the file, or replace the document anyway with --force.`,
      );
      expect(await db.read(documentsQuery, { ids: [CURATED] })).toEqual([
        { id: CURATED, version: 2 },
      ]);

      const forced = await runImport(file, '--force');
      expect(forced.code, forced.output).toBe(0);
      expect(forced.output).toContain(`[1/1] curated: replaced ${CURATED} (version 3)`);
      // Nothing curated since that import: a plain import replaces it again.
      const again = await runImport(file);
      expect(again.output).toContain(`[1/1] curated: replaced ${CURATED} (version 4)`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says how to call it when it is given nothing to import', async () => {
    const { code, output } = await runImport();
    expect(code).toBe(2);
    expect(output).toContain('Usage: npm run import -- <file or folder> ...');
  });
});
