import DataLoader from 'dataloader';
import { parseItemOrigins } from '../domain/item-origins.ts';
import type { GraphDatabase } from '../neo4j/database.ts';
import {
  aboutByClaim,
  attributionsByClaim,
  type ClaimFilter,
  type ClaimOwner,
  claimsByEntity,
  claimsByIds,
  commentsByIds,
  type EntityClaimRole,
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
import {
  entitiesByIds,
  mentionsByDocument,
  mentionsByEntity,
  rolesByEntity,
} from './entity-store.ts';
import {
  changesByIds,
  changesOfClaims,
  changesOfEntities,
  entityOrigins,
  itemOriginsOf,
} from './history-store.ts';
import type { Connection, PageRequest } from './pagination.ts';
import type { ClaimRow, MentionRow, RoleRow } from './rows.ts';

type Batch<V> = (ids: readonly string[]) => Promise<V[]>;

/**
 * Per-request loaders: every field that needs data by id goes through one of these, so a list of
 * N results costs one statement per field, not N.
 */
export function createLoaders(db: GraphDatabase) {
  const loader = <V>(batch: Batch<V>) =>
    new DataLoader<string, V>((ids) => batch(ids), { maxBatchSize: 1000 });
  const keyed = new Map<string, DataLoader<string, unknown>>();
  /**
   * A loader for a field whose arguments shape the batch (a page size, a filter): one loader
   * per field and argument set, shared by every parent that asks with those arguments.
   */
  const withArgs = <V>(field: string, args: unknown, batch: Batch<V>): DataLoader<string, V> => {
    const key = `${field}:${JSON.stringify(args)}`;
    let found = keyed.get(key);
    if (!found) {
      found = new DataLoader<string, unknown>((ids) => batch(ids), { maxBatchSize: 1000 });
      keyed.set(key, found);
    }
    return found as DataLoader<string, V>;
  };
  const byField = new Map<object, unknown>();
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
    attributionsByClaim: loader((ids) => attributionsByClaim(db, ids)),
    quantitiesByClaim: loader((ids) => quantitiesByClaim(db, ids)),
    stancesByClaim: loader((ids) => stancesByClaim(db, ids)),
    changesOfClaim: loader((ids) => changesOfClaims(db, ids)),
    changesOfEntity: loader((ids) => changesOfEntities(db, ids)),
    change: loader((ids) => changesByIds(db, ids)),
    /** Which of a document's annotation items a curator's change set, parsed once per request. */
    itemOrigins: loader(async (ids) =>
      (await itemOriginsOf(db, ids)).map((row) => ({
        origins: parseItemOrigins(row.itemOrigins),
        draftedBy: row.draftedBy,
      })),
    ),
    entityOrigin: loader((ids) => entityOrigins(db, ids)),
    aboutByClaim: loader((ids) => aboutByClaim(db, ids)),
    regionsByDocument: loader((ids) => regionsByDocument(db, ids)),
    commentsByDocument: loader((ids) => commentsByDocument(db, ids)),
    withArgs,
    /**
     * The loader a field's resolver picks, made once per field of the request: the resolver of a
     * field in a list runs once per item, with the same field nodes and so the same arguments.
     */
    forField<V>(fieldNodes: object, make: () => DataLoader<string, V>): DataLoader<string, V> {
      let found = byField.get(fieldNodes) as DataLoader<string, V> | undefined;
      if (!found) {
        found = make();
        byField.set(fieldNodes, found);
      }
      return found;
    },
    /** A page of the claims of each entity (as speaker or subject) or reader comment. */
    claimsOf(
      owner: ClaimOwner,
      role: EntityClaimRole,
      page: PageRequest,
      filter: ClaimFilter,
      withTotal: boolean,
    ): DataLoader<string, Connection<ClaimRow>> {
      return withArgs(`${owner}.claims.${role}`, { page, filter, withTotal }, (ids) =>
        claimsByEntity(db, ids, role, filter, page, withTotal, owner),
      );
    },
    /** The first `first` roles of each entity. */
    rolesOf(first: number): DataLoader<string, RoleRow[]> {
      return withArgs('Entity.roles', first, (ids) => rolesByEntity(db, ids, first));
    },
    /** A page of the mentions in each document. */
    mentionsInDocument(
      regionKinds: readonly string[] | null,
      page: PageRequest,
      withTotal: boolean,
    ): DataLoader<string, Connection<MentionRow>> {
      return withArgs('Document.mentions', { page, regionKinds, withTotal }, (ids) =>
        mentionsByDocument(db, ids, regionKinds, page, withTotal),
      );
    },
    /** A page of the mentions of each entity. */
    mentionsOf(
      regionKinds: readonly string[] | null,
      page: PageRequest,
      withTotal: boolean,
      spanFields: readonly string[],
    ): DataLoader<string, Connection<MentionRow>> {
      // spanFields is in the key: a page the fetch tree read with only some span fields never
      // answers a selection that reads others (this batch reads whole spans).
      return withArgs('Entity.mentions', { page, regionKinds, withTotal, spanFields }, (ids) =>
        mentionsByEntity(db, ids, regionKinds, page, withTotal),
      );
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
