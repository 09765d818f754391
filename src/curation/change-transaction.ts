import type { ItemOrigins } from '../domain/item-origins.ts';
import {
  dropUnusedNameKeys,
  entitiesToMatchIn,
  existingClaimIds,
  lockNameKeys,
  stancesFromElsewhere,
} from '../graph/curation-store.ts';
import {
  type ChangeKind,
  type ChangeRow,
  changeByClientId,
  latestChangesOfDocument,
  type lockDocument,
} from '../graph/history-store.ts';
import { applyGraphSchema } from '../graph/schema-setup.ts';
import type { GraphDatabase, Transaction } from '../neo4j/database.ts';
import type { Annotations } from '../seed/format.ts';
import { buildGraphRows, entityNameKeys, type GraphRows } from '../seed/graph-rows.ts';
import { writeDocumentGraphs } from '../seed/loader.ts';
import { type SeedError, validateAnnotations } from '../seed/validate.ts';
import { type EntityResolution, renameEntities, resolveEntities } from './entity-matching.ts';

export type Unresolved = Extract<EntityResolution, { kind: 'ambiguous' | 'typeConflict' }>;
export type Resolved = Exclude<EntityResolution, Unresolved>;

/** Who asks, and the id their client gave the request (to recognise a retry). */
export interface Actor {
  by: string;
  clientMutationId: string | null;
}

/**
 * What a mutation asks for, as its Change records it: how a retry (the same request again) is
 * told from another change that reuses the client mutation id. Fields left out are not compared.
 */
export interface ChangeRequest {
  kind: ChangeKind;
  documentId?: string | null;
  entityId?: string | null;
  revertOf?: string;
  /** The items that are its target besides the entity (a merge's other entity). */
  itemIds?: readonly string[];
}

export type Rejection =
  | { kind: 'invalid'; problems: SeedError[] }
  | { kind: 'unresolved'; entities: Unresolved[] }
  | {
      kind: 'conflict';
      documentId: string;
      expected: number | null;
      current: number;
      reason: string;
    }
  | { kind: 'notFound'; what: 'document' | 'change' | 'entity'; key: string }
  | { kind: 'notEditable'; documentId: string; reason: string }
  | { kind: 'refused'; code: string; reason: string };

export type ChangeOutcome =
  | {
      kind: 'applied';
      change: ChangeRow;
      /** How the document's entities were matched (imports and edits). */
      entities: Resolved[];
      /** False when this is the change a retry with the same client mutation id made before. */
      fresh: boolean;
    }
  | Rejection;

/** Thrown inside the transaction so that it rolls back, and turned back into its outcome. */
export class Rejected extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.kind);
  }
}

function isUnresolved(resolution: EntityResolution): resolution is Unresolved {
  return resolution.kind === 'ambiguous' || resolution.kind === 'typeConflict';
}

function describeRequest(request: {
  kind: ChangeKind;
  documentId?: string | null;
  entityId?: string | null;
  revertOf?: string | null;
}): string {
  const target = request.documentId ?? request.entityId ?? request.revertOf;
  return `${request.kind}${target ? ` of ${target}` : ''}`;
}

function isSameRequest(earlier: ChangeRow, request: ChangeRequest): boolean {
  const same = <T>(asked: T | undefined, recorded: T) => asked === undefined || asked === recorded;
  if (request.itemIds !== undefined) {
    const recorded = new Set((JSON.parse(earlier.items) as { id: string }[]).map((i) => i.id));
    const asked = new Set(request.itemIds);
    if (asked.size !== recorded.size || [...asked].some((id) => !recorded.has(id))) return false;
  }
  return (
    earlier.kind === request.kind &&
    same(request.documentId, earlier.documentId) &&
    same(request.entityId, earlier.entityId) &&
    same(request.revertOf, earlier.revertOf)
  );
}

export async function inTransaction(
  db: GraphDatabase,
  actor: Actor,
  request: ChangeRequest,
  work: (tx: Transaction) => Promise<{ change: ChangeRow; entities: Resolved[] }>,
): Promise<ChangeOutcome> {
  await applyGraphSchema(db);
  try {
    return await db.writeTransaction(async (tx) => {
      if (actor.clientMutationId !== null) {
        const earlier = await changeByClientId(tx, actor.by, actor.clientMutationId);
        // Only the same request again is a retry; anything else would be dropped unseen.
        if (earlier && !isSameRequest(earlier, request)) {
          throw new Rejected({
            kind: 'refused',
            code: 'BAD_USER_INPUT',
            reason:
              `clientMutationId "${actor.clientMutationId}" was already used for another change: ` +
              `${earlier.id} (${describeRequest(earlier)}: ${earlier.summary}), not this ${describeRequest(request)}. ` +
              'Send a new clientMutationId for this change; reuse one only to retry the very same request.',
          });
        }
        if (earlier) return { kind: 'applied', change: earlier, entities: [], fresh: false };
      }
      const { change, entities } = await work(tx);
      return { kind: 'applied', change, entities, fresh: true };
    });
  } catch (error) {
    if (error instanceof Rejected) return error.rejection;
    throw error;
  }
}

/** The annotations, validated against their text, or the rejection that lists every problem. */
export function validated(raw: unknown, text: string, fileName: string): Annotations {
  const validation = validateAnnotations(raw, text, fileName);
  if (!validation.ok) throw new Rejected({ kind: 'invalid', problems: validation.errors });
  return validation.annotations;
}

/**
 * A document's rows as a change writes them: with its annotations (to edit later), its version,
 * and where each item came from.
 */
export function documentRows(
  annotations: Annotations,
  text: string,
  version: number,
  origins: ItemOrigins,
): GraphRows {
  const rows = buildGraphRows(annotations, text, origins);
  return {
    ...rows,
    document: {
      ...rows.document,
      annotations: JSON.stringify(annotations),
      version,
      itemOrigins: JSON.stringify(origins),
    },
  };
}

/**
 * Matches validated annotations' entities to the graph's and writes the document: what every
 * change that leaves a document in the graph does.
 */
export async function writeAnnotations(
  tx: Transaction,
  annotations: Annotations,
  text: string,
  fileName: string,
  version: number,
  /** The item origins of the annotations as written (after matching renamed their entities). */
  originsOf: (written: Annotations) => ItemOrigins,
): Promise<{ annotations: Annotations; entities: Resolved[] }> {
  await checkClaimsElsewhere(tx, annotations, fileName);
  await keepClaimsLinkedElsewhere(
    tx,
    annotations.document.id,
    annotations.claims.map((claim) => claim.id),
  );
  const nameKeys = [...new Set(annotations.entities.flatMap(entityNameKeys))];
  await lockNameKeys(tx, nameKeys);
  const stored = await entitiesToMatchIn(
    tx,
    annotations.entities.map((entity) => entity.id),
    nameKeys,
  );
  const resolutions = resolveEntities(annotations.entities, stored);
  const unresolved = resolutions.filter(isUnresolved);
  if (unresolved.length > 0) throw new Rejected({ kind: 'unresolved', entities: unresolved });
  const entities = resolutions.filter((r): r is Resolved => !isUnresolved(r));
  const renames = new Map(
    entities.flatMap((r) => (r.kind === 'matchedByName' ? [[r.annotatedId, r.id] as const] : [])),
  );
  const renamed = renameEntities(annotations, renames);
  await writeDocumentGraphs(tx, [documentRows(renamed, text, version, originsOf(renamed))]);
  await dropUnusedNameKeys(tx, nameKeys);
  return { annotations: renamed, entities };
}

/**
 * Refuses a change that would take out a claim another document's stance bears on: that stance
 * is in the other document's annotations, and would otherwise vanish from the graph unnoticed.
 */
export async function keepClaimsLinkedElsewhere(
  tx: Transaction,
  documentId: string,
  keptClaims: readonly string[],
): Promise<void> {
  const kept = new Set(keptClaims);
  const lost = (await stancesFromElsewhere(tx, documentId)).filter(
    (stance) => !kept.has(stance.claim),
  );
  if (lost.length === 0) return;
  throw new Rejected({
    kind: 'refused',
    code: 'CLAIM_LINKED_ELSEWHERE',
    reason:
      `This change would take out ${lost.length === 1 ? 'a claim' : 'claims'} of ${documentId} that another document's stances bear on: ` +
      lost
        .map((stance) => `${stance.fromDocument}'s ${stance.stance} on ${stance.claim}`)
        .join(', ') +
      '. Unlink those stances first (unlinkClaims with their document and stance), or keep the claims.',
  });
}

/** A stance on another document's claim needs that claim in the graph. */
async function checkClaimsElsewhere(
  tx: Transaction,
  annotations: Annotations,
  fileName: string,
): Promise<void> {
  const elsewhere = annotations.stances.flatMap((stance, index) =>
    stance.toDocument !== undefined && stance.toDocument !== annotations.document.id
      ? [{ index, stance, id: `${stance.toDocument}/${stance.to}` }]
      : [],
  );
  if (elsewhere.length === 0) return;
  const found = await existingClaimIds(
    tx,
    elsewhere.map((entry) => entry.id),
  );
  const problems = elsewhere
    .filter((entry) => !found.has(entry.id))
    .map(({ index, stance }) => ({
      file: fileName,
      item: stance.id,
      path: `stances[${index}].to`,
      message: `the graph has no claim "${stance.to}" in ${stance.toDocument}: import that document first, or check the claim id there`,
    }));
  if (problems.length > 0) throw new Rejected({ kind: 'invalid', problems });
}

/** How many changes back an edit on an older version is compared item by item. */
const MAX_CHANGES_TO_RECONCILE = 50;

/**
 * An edit made on an older version still applies when every change since then was an edit of
 * other items: two curators correcting different claims of one document do not conflict. It is
 * refused, naming the change, when one of those touched an item this edit names, or when any
 * was not an edit of items (an import, a merge, a revert of an import), since then the version
 * the curator read no longer tells what they saw.
 */
export async function checkItemsUnchanged(
  tx: Transaction,
  documentId: string,
  expected: number,
  current: number,
  itemIds: readonly string[],
): Promise<void> {
  if (expected === current) return;
  const behind = current - expected;
  const since =
    expected > 0 && behind > 0 && behind <= MAX_CHANGES_TO_RECONCILE
      ? await latestChangesOfDocument(tx, documentId, behind)
      : [];
  const itemScoped = since.every(
    (change, index) =>
      change.versionAfter === current - index &&
      (change.kind === 'EDIT' ||
        change.kind === 'REVIEW' ||
        (change.kind === 'REVERT' && change.itemIds.length > 0)),
  );
  if (since.length !== behind || !itemScoped) checkVersion(documentId, expected, current);
  const named = new Set(itemIds);
  const clash = since.find((change) => change.itemIds.some((id) => named.has(id)));
  if (!clash) return;
  const touched = clash.itemIds.filter((id) => named.has(id)).join(', ');
  throw new Rejected({
    kind: 'conflict',
    documentId,
    expected,
    current,
    reason: `${documentId} is at version ${current}, not ${expected}, and since you read it change ${clash.id} by ${clash.by} (version ${clash.versionAfter ?? 0}) changed ${touched}. Read ${touched} again, redo your edit on version ${current}, and send that.`,
  });
}

/** Refuses a change made on another version than the current one (0: not in the graph). */
export function checkVersion(documentId: string, expected: number | null, current: number): void {
  if (expected === null || expected === current) return;
  throw new Rejected({
    kind: 'conflict',
    documentId,
    expected,
    current,
    reason:
      current === 0
        ? `${documentId} is not in the graph (you expected version ${expected}).`
        : expected === 0
          ? `${documentId} is already in the graph, at version ${current}: send expectedVersion ${current} to replace it.`
          : `${documentId} is at version ${current}, not ${expected}: someone changed it since you read it. Read it again, redo your change on version ${current}, and send that.`,
  });
}

/** The stored annotations of a locked document, or why it cannot be edited. */
export function storedAnnotations(
  documentId: string,
  existing: Awaited<ReturnType<typeof lockDocument>>,
): Annotations {
  if (!existing) throw new Rejected({ kind: 'notFound', what: 'document', key: documentId });
  if (existing.annotations === null) {
    throw new Rejected({
      kind: 'notEditable',
      documentId,
      reason: `${documentId} was loaded without its annotations (a bulk load): import it again to edit it.`,
    });
  }
  return JSON.parse(existing.annotations) as Annotations;
}
