/**
 * Generated documents imported the way `npm run import` and the importDocument mutation import an
 * article: one change per document, each its own transaction, with the document locked, its
 * entities matched to the graph's by id and name, and the change recorded in the history.
 */
import { z } from 'zod';
import { importAnnotations } from '../../src/curation/changes.ts';
import { defineQuery, type GraphDatabase } from '../../src/neo4j/database.ts';
import { cpuMs } from '../lib/service.ts';
import { documentName, type EntityPool, generateDocument } from './generate.ts';
import { type LoadMemory, PeakMemory, removeGenerated } from './load.ts';

/** Who the history says made the imports, so that the bench can take its changes out again. */
const IMPORTER = 'bench:scale';

export interface ImportFigures {
  documents: number;
  documentsPerSecond: number;
  neo4jCpuMsPerDocument: number | null;
  loaderCpuMsPerDocument: number;
  /** Entities of the imported documents matched to ones the graph held, and created. */
  matched: number;
  created: number;
  memory: LoadMemory;
}

/**
 * Imports generated documents `from` (inclusive) to `to` (exclusive), one change each. Throws on
 * the first one that is not applied: every generated document validates and matches.
 */
export async function importGenerated(
  db: GraphDatabase,
  range: { seed: number; pool: EntityPool; from: number; to: number; neo4jPid: number | null },
): Promise<ImportFigures> {
  const neo4jCpu = () => (range.neo4jPid ? cpuMs(range.neo4jPid) : null);
  const neo4jCpuAtStart = neo4jCpu();
  const ownCpuAtStart = process.cpuUsage();
  const memory = new PeakMemory(range.neo4jPid);
  const started = performance.now();
  let matched = 0;
  let created = 0;
  for (let index = range.from; index < range.to; index += 1) {
    const { name, text, annotations } = generateDocument({
      seed: range.seed,
      index,
      pool: range.pool,
    });
    const outcome = await importAnnotations(
      db,
      { by: IMPORTER, clientMutationId: null },
      { text, annotations, fileName: `${name}.annotations.yaml`, expectedVersion: null },
    );
    if (outcome.kind !== 'applied') {
      throw new Error(`generated document ${name} was not imported: ${outcome.kind}`);
    }
    const createdHere = outcome.entities.filter((entity) => entity.kind === 'created').length;
    created += createdHere;
    matched += outcome.entities.length - createdHere;
    memory.sample();
  }
  const seconds = (performance.now() - started) / 1000;
  const documents = Math.max(0, range.to - range.from);
  const neo4jCpuAtEnd = neo4jCpu();
  const ownCpu = process.cpuUsage(ownCpuAtStart);
  return {
    documents,
    documentsPerSecond: seconds > 0 ? documents / seconds : 0,
    neo4jCpuMsPerDocument:
      neo4jCpuAtStart !== null && neo4jCpuAtEnd !== null && documents > 0
        ? (neo4jCpuAtEnd - neo4jCpuAtStart) / documents
        : null,
    loaderCpuMsPerDocument: documents > 0 ? (ownCpu.user + ownCpu.system) / 1000 / documents : 0,
    matched,
    created,
    memory: memory.figures,
  };
}

const deleteImportChanges = defineQuery(
  'bench:deleteImportChanges',
  `UNWIND $documentIds AS documentId
   MATCH (c:Change) WHERE c.documentId = documentId AND c.at IS NOT NULL AND c.by = $by
   DETACH DELETE c
   RETURN count(*) AS count`,
  z.object({ count: z.number() }),
);

/** Takes imported documents out again, with the changes that recorded their import. */
export async function removeImported(
  db: GraphDatabase,
  seed: number,
  from: number,
  to: number,
): Promise<void> {
  await removeGenerated(db, seed, from, to);
  const documentIds = [];
  for (let index = from; index < to; index += 1) {
    documentIds.push(`doc:${documentName(seed, index)}`);
  }
  await db.write(deleteImportChanges, { by: IMPORTER, documentIds });
}
