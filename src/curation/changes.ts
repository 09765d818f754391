/**
 * Every change to the graph goes through here: an import, an edit of a document's annotations,
 * a removal, a revert. Each is one write transaction that locks the document, checks the version
 * the caller saw, validates the annotations it would leave, loads them and records the change
 * with who made it; anything wrong rolls all of it back. A retry with the same client mutation
 * id answers the change already made instead of making another.
 */
import { entitiesToMatchIn } from '../graph/curation-store.ts';
import {
  type ChangeRow,
  changeByClientId,
  changeForRevert,
  latestChangeId,
  lockDocument,
  recordChange,
} from '../graph/history-store.ts';
import { applyGraphSchema } from '../graph/schema-setup.ts';
import type { GraphDatabase, Transaction } from '../neo4j/database.ts';
import type { Annotations } from '../seed/format.ts';
import { buildGraphRows } from '../seed/graph-rows.ts';
import { removeDocumentIn, writeDocumentGraphs } from '../seed/loader.ts';
import { type SeedError, validateAnnotations } from '../seed/validate.ts';
import { applyEdits, type ChangedItem, type ItemEdit } from './edits.ts';
import {
  type EntityResolution,
  entityNameKeys,
  renameEntities,
  resolveEntities,
} from './entity-matching.ts';

export type Unresolved = Extract<EntityResolution, { kind: 'ambiguous' | 'typeConflict' }>;
export type Resolved = Exclude<EntityResolution, Unresolved>;

/** Who asks, and the id their client gave the request (to recognise a retry). */
export interface Actor {
  by: string;
  clientMutationId: string | null;
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
  | { kind: 'notFound'; what: 'document' | 'change'; key: string }
  | { kind: 'notEditable'; documentId: string; reason: string };

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
class Rejected extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.kind);
  }
}

function isUnresolved(resolution: EntityResolution): resolution is Unresolved {
  return resolution.kind === 'ambiguous' || resolution.kind === 'typeConflict';
}

async function inTransaction(
  db: GraphDatabase,
  actor: Actor,
  work: (tx: Transaction) => Promise<{ change: ChangeRow; entities: Resolved[] }>,
): Promise<ChangeOutcome> {
  await applyGraphSchema(db);
  try {
    return await db.writeTransaction(async (tx) => {
      if (actor.clientMutationId !== null) {
        const earlier = await changeByClientId(tx, actor.by, actor.clientMutationId);
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

/**
 * Validates `raw` against `text`, matches its entities to the graph's and writes the document:
 * what every change that leaves a document in the graph does.
 */
async function writeAnnotations(
  tx: Transaction,
  raw: unknown,
  text: string,
  fileName: string,
  version: number,
): Promise<{ annotations: Annotations; entities: Resolved[] }> {
  const validation = validateAnnotations(raw, text, fileName);
  if (!validation.ok) throw new Rejected({ kind: 'invalid', problems: validation.errors });
  const { annotations } = validation;
  const stored = await entitiesToMatchIn(
    tx,
    annotations.entities.map((entity) => entity.id),
    [...new Set(annotations.entities.flatMap(entityNameKeys))],
  );
  const resolutions = resolveEntities(annotations.entities, stored);
  const unresolved = resolutions.filter(isUnresolved);
  if (unresolved.length > 0) throw new Rejected({ kind: 'unresolved', entities: unresolved });
  const entities = resolutions.filter((r): r is Resolved => !isUnresolved(r));
  const renames = new Map(
    entities.flatMap((r) => (r.kind === 'matchedByName' ? [[r.annotatedId, r.id] as const] : [])),
  );
  const renamed = renameEntities(annotations, renames);
  const rows = buildGraphRows(renamed, text);
  await writeDocumentGraphs(tx, [
    { ...rows, document: { ...rows.document, annotations: JSON.stringify(renamed), version } },
  ]);
  return { annotations: renamed, entities };
}

/** Refuses a change made on another version than the current one (0: not in the graph). */
function checkVersion(documentId: string, expected: number | null, current: number): void {
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

export interface ImportInput {
  text: string;
  annotations: unknown;
  fileName: string;
  /** When given, the graph must hold the document at this version (0: must not hold it). */
  expectedVersion: number | null;
}

export function importAnnotations(
  db: GraphDatabase,
  actor: Actor,
  input: ImportInput,
): Promise<ChangeOutcome> {
  return inTransaction(db, actor, async (tx) => {
    const validation = validateAnnotations(input.annotations, input.text, input.fileName);
    if (!validation.ok) throw new Rejected({ kind: 'invalid', problems: validation.errors });
    const documentId = validation.annotations.document.id;
    const existing = await lockDocument(tx, documentId);
    checkVersion(documentId, input.expectedVersion, existing?.version ?? 0);
    const version = (existing?.version ?? 0) + 1;
    const { annotations, entities } = await writeAnnotations(
      tx,
      input.annotations,
      input.text,
      input.fileName,
      version,
    );
    const created = entities.filter((e) => e.kind === 'created').length;
    const change = await recordChange(tx, {
      kind: 'IMPORT',
      by: actor.by,
      documentId,
      versionBefore: existing?.version ?? null,
      versionAfter: version,
      summary:
        `${existing ? 'replaced' : 'imported'} ${documentId}: ${annotations.claims.length} claims, ` +
        `${entities.length} entities (${created} created, ${entities.length - created} matched)`,
      items: '[]',
      annotationsBefore: existing?.annotations ?? null,
      textBefore: existing && existing.text !== input.text ? existing.text : null,
      clientMutationId: actor.clientMutationId,
      revertOf: null,
    });
    return { change, entities };
  });
}

/** The stored annotations of a locked document, or why it cannot be edited. */
function storedAnnotations(
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

function describeItems(changed: readonly ChangedItem[]): string {
  return changed
    .map((item) =>
      item.before === null
        ? `added ${item.id}`
        : item.after === null
          ? `took out ${item.id}`
          : `changed ${item.id}`,
    )
    .join(', ');
}

export function editDocument(
  db: GraphDatabase,
  actor: Actor,
  input: { documentId: string; expectedVersion: number; edits: readonly ItemEdit[] },
): Promise<ChangeOutcome> {
  return inTransaction(db, actor, async (tx) => {
    const existing = await lockDocument(tx, input.documentId);
    const annotations = storedAnnotations(input.documentId, existing);
    checkVersion(input.documentId, input.expectedVersion, existing?.version ?? 0);
    const edited = applyEdits(annotations, input.edits);
    if (edited.problems.length > 0) {
      throw new Rejected({
        kind: 'invalid',
        problems: edited.problems.map((problem) => ({ file: 'edits', ...problem })),
      });
    }
    const version = (existing?.version ?? 0) + 1;
    const text = existing?.text ?? '';
    const { entities } = await writeAnnotations(tx, edited.annotations, text, 'edits', version);
    const change = await recordChange(tx, {
      kind: 'EDIT',
      by: actor.by,
      documentId: input.documentId,
      versionBefore: existing?.version ?? null,
      versionAfter: version,
      summary: `edited ${input.documentId}: ${describeItems(edited.changed)}`,
      items: JSON.stringify(edited.changed),
      annotationsBefore: existing?.annotations ?? null,
      textBefore: null,
      clientMutationId: actor.clientMutationId,
      revertOf: null,
    });
    return { change, entities };
  });
}

export function removeDocument(
  db: GraphDatabase,
  actor: Actor,
  input: { documentId: string; expectedVersion: number | null },
): Promise<ChangeOutcome> {
  return inTransaction(db, actor, async (tx) => {
    const existing = await lockDocument(tx, input.documentId);
    if (!existing)
      throw new Rejected({ kind: 'notFound', what: 'document', key: input.documentId });
    checkVersion(input.documentId, input.expectedVersion, existing.version);
    await removeDocumentIn(tx, input.documentId);
    const change = await recordChange(tx, {
      kind: 'REMOVE',
      by: actor.by,
      documentId: input.documentId,
      versionBefore: existing.version,
      versionAfter: null,
      summary: `removed ${input.documentId}`,
      items: '[]',
      annotationsBefore: existing.annotations,
      textBefore: existing.text,
      clientMutationId: actor.clientMutationId,
      revertOf: null,
    });
    return { change, entities: [] };
  });
}

/**
 * Undoes a change by putting back the annotations it replaced (or taking out the document it
 * first imported). Only the latest change of a document can be reverted: later ones would be
 * lost silently, so they must be reverted first.
 */
export function revertChange(
  db: GraphDatabase,
  actor: Actor,
  changeId: string,
): Promise<ChangeOutcome> {
  return inTransaction(db, actor, async (tx) => {
    const found = await changeForRevert(tx, changeId);
    if (!found) throw new Rejected({ kind: 'notFound', what: 'change', key: changeId });
    const { change } = found;
    const existing = await lockDocument(tx, change.documentId);
    const current = existing?.version ?? 0;
    const latest = await latestChangeId(tx, change.documentId);
    if (
      change.revertedBy !== null ||
      latest !== change.id ||
      current !== (change.versionAfter ?? 0)
    ) {
      throw new Rejected({
        kind: 'conflict',
        documentId: change.documentId,
        expected: change.versionAfter,
        current,
        reason:
          change.revertedBy !== null
            ? `change ${changeId} was already reverted (by change ${change.revertedBy}).`
            : `${change.documentId} has changed since (it is at version ${current}; the change left version ${change.versionAfter ?? 0}): revert the later changes first, newest first.`,
      });
    }
    let entities: Resolved[] = [];
    let versionAfter: number | null = null;
    if (found.annotationsBefore === null) {
      await removeDocumentIn(tx, change.documentId);
    } else {
      versionAfter = Math.max(current, change.versionBefore ?? 0) + 1;
      const text = found.textBefore ?? existing?.text;
      if (text === undefined) throw new Error(`no text to restore ${change.documentId} with`);
      ({ entities } = await writeAnnotations(
        tx,
        JSON.parse(found.annotationsBefore),
        text,
        'reverted annotations',
        versionAfter,
      ));
    }
    const recorded = await recordChange(tx, {
      kind: 'REVERT',
      by: actor.by,
      documentId: change.documentId,
      versionBefore: existing ? current : null,
      versionAfter,
      summary: `reverted "${change.summary}"`,
      items: JSON.stringify(
        (JSON.parse(change.items) as ChangedItem[]).map((item) => ({
          ...item,
          before: item.after,
          after: item.before,
        })),
      ),
      annotationsBefore: existing?.annotations ?? null,
      textBefore: existing && found.textBefore !== null ? existing.text : null,
      clientMutationId: actor.clientMutationId,
      revertOf: change.id,
    });
    return { change: recorded, entities };
  });
}
