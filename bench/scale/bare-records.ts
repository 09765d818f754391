/**
 * The least Neo4j does to store what a document is made of: its nodes (one per row it owns, with
 * the row's own properties) and as many relationships as its load writes, created by one statement
 * per document under a label that no index or constraint covers, without a single lookup. Loading
 * cannot cost less than this; what it costs on top goes to finding entities, spans and claims,
 * keeping indexes and statistics, and checking what is already there.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { GraphRows } from '../../src/seed/graph-rows.ts';
import { cpuMs } from '../lib/service.ts';

export interface BareRecordFigures {
  documents: number;
  nodesPerDocument: number;
  relationshipsPerDocument: number;
  documentsPerSecond: number;
  neo4jCpuMsPerDocument: number | null;
}

const BARE_LABEL = 'BenchBareRecord';

const createBareRecords = `UNWIND $nodes AS properties
   CREATE (n:${BARE_LABEL}) SET n = properties
   WITH collect(n) AS nodes
   UNWIND range(0, $relationships - 1) AS i
   WITH nodes[i % size(nodes)] AS a, nodes[(i * 7 + 1) % size(nodes)] AS b
   CREATE (a)-[:BENCH_BARE_LINK]->(b)
   RETURN count(*) AS count`;

type Scalar = string | number | boolean;
type StoredValue = Scalar | Scalar[];

function isStorable(value: unknown): value is StoredValue {
  const scalar = (item: unknown) => ['string', 'number', 'boolean'].includes(typeof item);
  return scalar(value) || (Array.isArray(value) && value.length > 0 && value.every(scalar));
}

/** A row's properties as Neo4j would store them: scalars and lists of scalars; maps and nulls go. */
function storedProperties(row: object): Record<string, StoredValue> {
  return Object.fromEntries(
    Object.entries(row).filter((entry): entry is [string, StoredValue] => isStorable(entry[1])),
  );
}

/** One node per row a document owns: the document, its regions, spans, comments, roles, claims, quantities and attributions. */
export function bareNodes(rows: GraphRows): Record<string, StoredValue>[] {
  return [
    rows.document,
    ...rows.regions,
    ...rows.spans,
    ...rows.comments,
    ...rows.roles,
    ...rows.claims,
    ...rows.quantities,
    ...rows.attributions,
  ].map(storedProperties);
}

/**
 * Writes the documents' bare records `batchSize` documents per transaction, as loading does, and
 * removes them again: once for Java to compile what it runs, then timed.
 */
export async function measureBareRecords(
  driver: Driver,
  database: string,
  documents: readonly GraphRows[],
  options: { relationshipsPerDocument: number; batchSize: number; neo4jPid: number | null },
): Promise<BareRecordFigures> {
  const relationships = neo4j.int(Math.max(0, Math.round(options.relationshipsPerDocument)));
  const nodeLists = documents.map(bareNodes);
  const neo4jCpu = () => (options.neo4jPid ? cpuMs(options.neo4jPid) : null);
  const session = driver.session({ database });
  const write = async () => {
    for (let first = 0; first < nodeLists.length; first += options.batchSize) {
      const batch = nodeLists.slice(first, first + options.batchSize);
      await session.executeWrite(async (tx) => {
        for (const nodes of batch) {
          const result = await tx.run(createBareRecords, { nodes, relationships });
          const written = Number(result.records[0]?.get('count') ?? 0);
          if (written !== relationships.toNumber()) {
            throw new Error(
              `bare records: ${written} relationships written, ${relationships} asked for`,
            );
          }
        }
      });
    }
  };
  const remove = () =>
    session.run(
      `MATCH (n:${BARE_LABEL}) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS`,
    );
  try {
    await write();
    await remove();
    const cpuBefore = neo4jCpu();
    const started = performance.now();
    await write();
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = neo4jCpu();
    await remove();
    const count = Math.max(1, nodeLists.length);
    return {
      documents: nodeLists.length,
      nodesPerDocument: nodeLists.reduce((sum, nodes) => sum + nodes.length, 0) / count,
      relationshipsPerDocument: relationships.toNumber(),
      documentsPerSecond: seconds > 0 ? nodeLists.length / seconds : 0,
      neo4jCpuMsPerDocument:
        cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / count : null,
    };
  } finally {
    await session.close();
  }
}
