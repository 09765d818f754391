import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { defineQuery, type GraphDatabase } from '../neo4j/database.ts';
import { DEFAULT_SEED_DIR, DEFAULT_SEED_NAME, loadSeed, seedPaths } from './files.ts';
import { buildGraphRows } from './graph-rows.ts';
import { GRAPH_FORMAT_VERSION, type LoadReport, loadDocumentGraph } from './loader.ts';

/** A document that curators have changed is theirs: the shipped annotations no longer replace it. */
const curatedQuery = defineQuery(
  'seedDocumentCurated',
  'RETURN EXISTS { MATCH (c:Change) WHERE c.documentId = $id AND c.at IS NOT NULL } AS curated',
  z.object({ curated: z.boolean() }),
);

const loadedVersionQuery = defineQuery(
  'loadedSeedVersion',
  'MATCH (d:Document {seedSha256: $version}) RETURN d.id AS id',
  z.object({ id: z.string() }),
);

/** A hash of the seed's two files as shipped and of the loader's format: equal hashes, equal graphs. */
async function seedVersion(dir: string, name: string): Promise<string> {
  const { annotationsPath, textPath } = seedPaths(dir, name);
  const hash = createHash('sha256').update(GRAPH_FORMAT_VERSION);
  for (const path of [annotationsPath, textPath]) hash.update(await readFile(path));
  return hash.digest('hex');
}

export interface SeedResult {
  documentId: string;
  /** False when the database already held this exact version of the annotations. */
  loaded: boolean;
  report: LoadReport | null;
}

/**
 * Validates the shipped seed and loads it. With `onlyIfChanged`, a database that already holds
 * the same seed files (by content hash) is left alone.
 */
export async function seedDatabase(
  db: GraphDatabase,
  options: {
    onlyIfChanged?: boolean;
    dir?: string;
    name?: string;
    onProgress?: (message: string) => void;
  } = {},
): Promise<SeedResult> {
  const progress = options.onProgress ?? (() => {});
  const dir = options.dir ?? DEFAULT_SEED_DIR;
  const name = options.name ?? DEFAULT_SEED_NAME;
  const version = await seedVersion(dir, name);
  if (options.onlyIfChanged) {
    // Checked before parsing and validating, so a start-up with nothing to do costs one read.
    const [loaded] = await db.read(loadedVersionQuery, { version });
    if (loaded) return { documentId: loaded.id, loaded: false, report: null };
  }
  const { annotations, text } = await loadSeed(dir, name);
  const rows = buildGraphRows(annotations, text);
  const documentId = rows.document.id;
  const [curated] = await db.read(curatedQuery, { id: documentId });
  if (curated?.curated) {
    progress(
      `${documentId} has been changed by curators (see changes): the shipped annotations do not replace it.`,
    );
    return { documentId, loaded: false, report: null };
  }
  progress(`Loading ${documentId} into Neo4j (one transaction)...`);
  const report = await loadDocumentGraph(
    db,
    {
      ...rows,
      document: {
        ...rows.document,
        seedSha256: version,
        annotations: JSON.stringify(annotations),
        version: 1,
      },
    },
    progress,
  );
  return { documentId, loaded: true, report };
}
