import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { changesToDocument } from '../graph/history-store.ts';
import { defineQuery, type GraphDatabase } from '../neo4j/database.ts';
import { DEFAULT_SEED_DIR, DEFAULT_SEED_NAME, loadSeed, seedPaths } from './files.ts';
import { buildGraphRows } from './graph-rows.ts';
import { GRAPH_FORMAT_VERSION, type LoadReport, loadDocumentGraph } from './loader.ts';

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
  /**
   * False when the database already held this exact version of the annotations, or when
   * curators have changed the document (then `curatorChanges` counts their changes).
   */
  loaded: boolean;
  report: LoadReport | null;
  /** How many curator changes kept the shipped annotations out; 0 when none did. */
  curatorChanges: number;
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
    if (loaded) return { documentId: loaded.id, loaded: false, report: null, curatorChanges: 0 };
  }
  const { annotations, text } = await loadSeed(dir, name);
  const rows = buildGraphRows(annotations, text);
  const documentId = rows.document.id;
  // Start-up work, not a request: under the write limit, as the load is, since the first
  // statements of a cold database can take longer to plan than a read is given.
  // A document that curators have changed is theirs: the shipped annotations no longer replace it.
  const curated = await db.writeTransaction((tx) =>
    changesToDocument(tx, documentId, { sinceLastImport: false }),
  );
  if (curated.latest) {
    const { count, latest } = curated;
    progress(
      `The shipped annotations of ${documentId} were NOT loaded: curators have changed this document ` +
        `(${count} change${count === 1 ? '' : 's'}, the latest ${latest.kind} ${latest.id} by ${latest.by}), ` +
        `and the shipped file never replaces their work. See changes(document: "${documentId}"); ` +
        'to take the shipped version anyway, import its files with npm run import -- <file> --force.',
    );
    return { documentId, loaded: false, report: null, curatorChanges: count };
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
  return { documentId, loaded: true, report, curatorChanges: 0 };
}
