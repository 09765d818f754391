import DataLoader from 'dataloader';
import type { GraphDatabase } from '../neo4j/database.ts';
import {
  aboutByClaim,
  attributionsByClaim,
  claimsByIds,
  commentsByIds,
  quantitiesByClaim,
  spansByIds,
  stancesByClaim,
} from './claim-store.ts';
import {
  commentsByDocument,
  documentsByIds,
  documentTexts,
  regionsByDocument,
} from './document-store.ts';
import { entitiesByIds, rolesByEntity } from './entity-store.ts';

type Batch<V> = (ids: readonly string[]) => Promise<V[]>;

/**
 * Per-request loaders: every field that needs data by id goes through one of these, so a list of
 * N results costs one statement per field, not N.
 */
export function createLoaders(db: GraphDatabase) {
  const loader = <V>(batch: Batch<V>) =>
    new DataLoader<string, V>((ids) => batch(ids), { maxBatchSize: 1000 });
  const keyed = new Map<string, DataLoader<string, unknown>>();
  return {
    entity: loader((ids) => entitiesByIds(db, ids)),
    claim: loader((ids) => claimsByIds(db, ids)),
    span: loader((ids) => spansByIds(db, ids)),
    comment: loader((ids) => commentsByIds(db, ids)),
    document: loader((ids) => documentsByIds(db, ids)),
    documentText: loader((ids) => documentTexts(db, ids)),
    /** The text split into code points once per request, for slicing by span offsets. */
    documentCodePoints: loader(async (ids) =>
      (await documentTexts(db, ids)).map((text) => Array.from(text)),
    ),
    rolesByEntity: loader((ids) => rolesByEntity(db, ids)),
    attributionsByClaim: loader((ids) => attributionsByClaim(db, ids)),
    quantitiesByClaim: loader((ids) => quantitiesByClaim(db, ids)),
    stancesByClaim: loader((ids) => stancesByClaim(db, ids)),
    aboutByClaim: loader((ids) => aboutByClaim(db, ids)),
    regionsByDocument: loader((ids) => regionsByDocument(db, ids)),
    commentsByDocument: loader((ids) => commentsByDocument(db, ids)),
    /**
     * A loader for a field whose arguments shape the batch (a page size, a filter): one loader
     * per field and argument set, shared by every parent that asks with those arguments.
     */
    withArgs<V>(field: string, args: unknown, batch: Batch<V>): DataLoader<string, V> {
      const key = `${field}:${JSON.stringify(args)}`;
      let found = keyed.get(key);
      if (!found) {
        found = new DataLoader<string, unknown>((ids) => batch(ids), { maxBatchSize: 1000 });
        keyed.set(key, found);
      }
      return found as DataLoader<string, V>;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
