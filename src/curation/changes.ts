/**
 * Every change to a document goes through here: an import, an edit of its annotations, a review
 * of a draft, a removal, a revert. Each is one write transaction (change-transaction.ts) that
 * locks the document, checks the version the caller saw, validates the annotations it would
 * leave, loads them and records the change with who made it; anything wrong rolls all of it
 * back. Changes to entities are in entity-changes.ts.
 */
import { randomUUID } from 'node:crypto';
import { itemKey, parseItemOrigins } from '../domain/item-origins.ts';
import {
  changeForRevert,
  changesToDocument,
  latestChangeId,
  lockDocument,
  recordChange,
} from '../graph/history-store.ts';
import type { GraphDatabase } from '../neo4j/database.ts';
import type { Annotations, ItemSection } from '../seed/format.ts';
import { removeDocumentIn } from '../seed/loader.ts';
import type { SeedError } from '../seed/validate.ts';
import {
  type Actor,
  type ChangeOutcome,
  checkItemsUnchanged,
  checkVersion,
  inTransaction,
  keepClaimsLinkedElsewhere,
  Rejected,
  type Resolved,
  storedAnnotations,
  validated,
  writeAnnotations,
} from './change-transaction.ts';
import { applyEdits, type ChangedItem, type ItemEdit } from './edits.ts';
import { revertEntityChange, revertMerge } from './entity-changes.ts';
import { originsAfterChange } from './item-origins.ts';

export interface ImportInput {
  text: string;
  annotations: unknown;
  fileName: string;
  /** When given, the graph must hold the document at this version (0: must not hold it). */
  expectedVersion: number | null;
  /**
   * Refuse to replace a document that curators have changed since it was last imported (a bulk
   * import, which does not read the versions it replaces).
   */
  keepCuratorChanges?: boolean;
}

export async function importAnnotations(
  db: GraphDatabase,
  actor: Actor,
  input: ImportInput,
): Promise<ChangeOutcome> {
  let given: Annotations;
  try {
    // Validated first: the document it names is what tells a retry from another import.
    given = validated(input.annotations, input.text, input.fileName);
  } catch (error) {
    if (error instanceof Rejected) return error.rejection;
    throw error;
  }
  const documentId = given.document.id;
  return inTransaction(db, actor, { kind: 'IMPORT', documentId }, async (tx) => {
    const existing = await lockDocument(tx, documentId);
    checkVersion(documentId, input.expectedVersion, existing?.version ?? 0);
    if (existing && input.keepCuratorChanges) {
      const since = await changesToDocument(tx, documentId, { sinceLastImport: true });
      if (since.latest) {
        throw new Rejected({
          kind: 'refused',
          code: 'CURATED_SINCE_IMPORT',
          reason:
            `${documentId} has ${since.count} curator change${since.count === 1 ? '' : 's'} since it was last imported ` +
            `(the latest ${since.latest.kind} ${since.latest.id} by ${since.latest.by}): importing this file would discard ` +
            `${since.count === 1 ? 'it' : 'them'}. Carry the changes into the file, or replace the document anyway with --force.`,
        });
      }
    }
    const version = (existing?.version ?? 0) + 1;
    // Imported annotations are the document's own again: no item is a curator's.
    const { annotations, entities } = await writeAnnotations(
      tx,
      given,
      input.text,
      input.fileName,
      version,
      () => ({}),
    );
    const created = entities.filter((e) => e.kind === 'created').length;
    const change = await recordChange(tx, {
      id: randomUUID(),
      kind: 'IMPORT',
      by: actor.by,
      documentId,
      entityId: null,
      versionBefore: existing?.version ?? null,
      versionAfter: version,
      summary:
        `${existing ? 'replaced' : 'imported'} ${documentId}: ${annotations.claims.length} claims, ` +
        `${entities.length} entities (${created} created, ${entities.length - created} matched)`,
      items: '[]',
      annotationsBefore: existing?.annotations ?? null,
      textBefore: existing && existing.text !== input.text ? existing.text : null,
      originsBefore: existing?.itemOrigins ?? null,
      clientMutationId: actor.clientMutationId,
      revertOf: null,
    });
    return { change, entities };
  });
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
  return inTransaction(db, actor, { kind: 'EDIT', documentId: input.documentId }, async (tx) => {
    const existing = await lockDocument(tx, input.documentId);
    const annotations = storedAnnotations(input.documentId, existing);
    await checkItemsUnchanged(
      tx,
      input.documentId,
      input.expectedVersion,
      existing?.version ?? 0,
      input.edits.map((edit) => edit.id),
    );
    const edited = applyEdits(annotations, input.edits);
    if (edited.problems.length > 0) {
      throw new Rejected({
        kind: 'invalid',
        problems: edited.problems.map((problem) => ({ file: 'edits', ...problem })),
      });
    }
    const version = (existing?.version ?? 0) + 1;
    const text = existing?.text ?? '';
    const id = randomUUID();
    const origins = parseItemOrigins(existing?.itemOrigins);
    const { entities } = await writeAnnotations(
      tx,
      validated(edited.annotations, text, 'edits'),
      text,
      'edits',
      version,
      (written) => originsAfterChange(annotations, origins, written, id),
    );
    const change = await recordChange(tx, {
      id,
      kind: 'EDIT',
      by: actor.by,
      documentId: input.documentId,
      entityId: null,
      versionBefore: existing?.version ?? null,
      versionAfter: version,
      summary: `edited ${input.documentId}: ${describeItems(edited.changed)}`,
      items: JSON.stringify(edited.changed),
      annotationsBefore: existing?.annotations ?? null,
      textBefore: null,
      originsBefore: existing?.itemOrigins ?? null,
      clientMutationId: actor.clientMutationId,
      revertOf: null,
    });
    return { change, entities };
  });
}

/** An item of a document's annotations, by its section and id. */
export interface ItemRef {
  section: ItemSection;
  id: string;
}

/**
 * A curator's review of a drafted document: the accepted items stay as drafted and are marked
 * accepted (the change that accepted them is their history), the rejected ones are taken out.
 * What is left is validated as after any edit: rejecting an entity that claims still name is
 * refused with the claims that name it. Correcting an item is an ordinary edit.
 */
export function reviewDraft(
  db: GraphDatabase,
  actor: Actor,
  input: {
    documentId: string;
    expectedVersion: number;
    accept: readonly ItemRef[];
    reject: readonly ItemRef[];
  },
): Promise<ChangeOutcome> {
  return inTransaction(db, actor, { kind: 'REVIEW', documentId: input.documentId }, async (tx) => {
    const existing = await lockDocument(tx, input.documentId);
    const annotations = storedAnnotations(input.documentId, existing);
    if (!annotations.drafted) {
      throw new Rejected({
        kind: 'refused',
        code: 'NOT_A_DRAFT',
        reason: `${input.documentId} was not drafted by an extractor: there is nothing to accept. Correct it with editDocument.`,
      });
    }
    const named = [...input.accept, ...input.reject];
    await checkItemsUnchanged(
      tx,
      input.documentId,
      input.expectedVersion,
      existing?.version ?? 0,
      named.map((item) => item.id),
    );
    const origins = parseItemOrigins(existing?.itemOrigins);
    const problems: SeedError[] = [];
    const accepted: ChangedItem[] = [];
    input.accept.forEach((ref, index) => {
      const items: readonly { id: string }[] = annotations[ref.section];
      const item = items.find((candidate) => candidate.id === ref.id);
      const origin = origins[itemKey(ref.section, ref.id)];
      const path = `accept[${index}]`;
      if (!item) {
        problems.push({
          file: 'review',
          path,
          item: ref.id,
          message: `no item "${ref.id}" in ${ref.section} to accept`,
        });
      } else if (origin !== undefined) {
        problems.push({
          file: 'review',
          path,
          item: ref.id,
          message:
            typeof origin === 'string'
              ? `${ref.id} is no longer a draft: change ${origin} corrected it`
              : `${ref.id} was already accepted, by change ${origin.accepted}`,
        });
      } else {
        accepted.push({ section: ref.section, id: ref.id, before: item, after: item });
      }
    });
    const edited = applyEdits(
      annotations,
      input.reject.map((ref) => ({ section: ref.section, id: ref.id, item: null })),
    );
    problems.push(
      ...edited.problems.map((problem) => ({
        file: 'review',
        ...problem,
        path: problem.path.replace('edits', 'reject'),
        message: problem.message.replace('to take out', 'to reject'),
      })),
    );
    if (problems.length > 0) throw new Rejected({ kind: 'invalid', problems });
    const version = (existing?.version ?? 0) + 1;
    const text = existing?.text ?? '';
    const id = randomUUID();
    const { entities } = await writeAnnotations(
      tx,
      validated(edited.annotations, text, 'review'),
      text,
      'review',
      version,
      (written) => ({
        ...originsAfterChange(annotations, origins, written, id),
        ...Object.fromEntries(
          accepted.map((item) => [itemKey(item.section, item.id), { accepted: id }]),
        ),
      }),
    );
    const describe = (verb: string, items: readonly { id: string }[]) =>
      items.length === 0 ? [] : [`${verb} ${items.map((item) => item.id).join(', ')}`];
    const change = await recordChange(tx, {
      id,
      kind: 'REVIEW',
      by: actor.by,
      documentId: input.documentId,
      entityId: null,
      versionBefore: existing?.version ?? null,
      versionAfter: version,
      summary: `reviewed ${input.documentId}: ${[...describe('accepted', accepted), ...describe('rejected', edited.changed)].join('; ')}`,
      items: JSON.stringify([...accepted, ...edited.changed]),
      annotationsBefore: existing?.annotations ?? null,
      textBefore: null,
      originsBefore: existing?.itemOrigins ?? null,
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
  return inTransaction(db, actor, { kind: 'REMOVE', documentId: input.documentId }, async (tx) => {
    const existing = await lockDocument(tx, input.documentId);
    if (!existing)
      throw new Rejected({ kind: 'notFound', what: 'document', key: input.documentId });
    checkVersion(input.documentId, input.expectedVersion, existing.version);
    await keepClaimsLinkedElsewhere(tx, input.documentId, []);
    await removeDocumentIn(tx, input.documentId);
    const change = await recordChange(tx, {
      id: randomUUID(),
      kind: 'REMOVE',
      by: actor.by,
      documentId: input.documentId,
      entityId: null,
      versionBefore: existing.version,
      versionAfter: null,
      summary: `removed ${input.documentId}`,
      items: '[]',
      annotationsBefore: existing.annotations,
      textBefore: existing.text,
      originsBefore: existing.itemOrigins,
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
  return inTransaction(db, actor, { kind: 'REVERT', revertOf: changeId }, async (tx) => {
    const found = await changeForRevert(tx, changeId);
    if (!found) throw new Rejected({ kind: 'notFound', what: 'change', key: changeId });
    const { change } = found;
    if (change.kind === 'MERGE') return revertMerge(tx, actor, found);
    if (change.documentId === null) return revertEntityChange(tx, actor, found);
    const existing = await lockDocument(tx, change.documentId);
    const current = existing?.version ?? 0;
    const latest = await latestChangeId(tx, { documentId: change.documentId, entityId: null });
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
      await keepClaimsLinkedElsewhere(tx, change.documentId, []);
      await removeDocumentIn(tx, change.documentId);
    } else {
      versionAfter = Math.max(current, change.versionBefore ?? 0) + 1;
      const text = found.textBefore ?? existing?.text;
      if (text === undefined) throw new Error(`no text to restore ${change.documentId} with`);
      ({ entities } = await writeAnnotations(
        tx,
        validated(JSON.parse(found.annotationsBefore), text, 'reverted annotations'),
        text,
        'reverted annotations',
        versionAfter,
        () => parseItemOrigins(found.originsBefore),
      ));
    }
    const recorded = await recordChange(tx, {
      id: randomUUID(),
      kind: 'REVERT',
      by: actor.by,
      documentId: change.documentId,
      entityId: null,
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
      originsBefore: existing?.itemOrigins ?? null,
      clientMutationId: actor.clientMutationId,
      revertOf: change.id,
    });
    return { change: recorded, entities };
  });
}
