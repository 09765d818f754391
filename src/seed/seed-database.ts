import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineQuery, type GraphDatabase } from '../neo4j/database.ts';
import { DEFAULT_SEED_DIR, DEFAULT_SEED_NAME, loadSeed } from './files.ts';
import { buildGraphRows } from './graph-rows.ts';
import { type LoadReport, loadDocumentGraph } from './loader.ts';

const loadedVersionQuery = defineQuery(
  'loadedDocumentVersion',
  'MATCH (d:Document {id: $id}) RETURN d.annotationsSha256 AS version',
  z.object({ version: z.string().nullable() }),
);

export interface SeedResult {
  documentId: string;
  /** False when the database already held this exact version of the annotations. */
  loaded: boolean;
  report: LoadReport | null;
}

/**
 * Validates the shipped seed and loads it. With `onlyIfChanged`, a database that already holds
 * the same annotations (by content hash) is left alone, so start-up costs one read.
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
  const { annotations, text } = await loadSeed(
    options.dir ?? DEFAULT_SEED_DIR,
    options.name ?? DEFAULT_SEED_NAME,
  );
  const rows = buildGraphRows(annotations, text);
  const version = createHash('sha256').update(JSON.stringify(annotations)).digest('hex');
  const documentId = rows.document.id;
  if (options.onlyIfChanged) {
    const [current] = await db.read(loadedVersionQuery, { id: documentId });
    if (current?.version === version) return { documentId, loaded: false, report: null };
  }
  progress(`Loading ${documentId} into Neo4j (one transaction)...`);
  const report = await loadDocumentGraph(
    db,
    { ...rows, document: { ...rows.document, annotationsSha256: version } },
    progress,
  );
  return { documentId, loaded: true, report };
}
