/**
 * Every change to the graph goes through here: an import, an edit of a document's annotations,
 * a removal, a revert. Each is one write transaction that locks the document, checks the version
 * the caller saw, validates the annotations it would leave, loads them and records the change
 * with who made it; anything wrong rolls all of it back. A retry with the same client mutation
 * id answers the change already made instead of making another.
 */
import { randomUUID } from 'node:crypto';
import { type ItemOrigins, itemKey, parseItemOrigins } from '../domain/item-origins.ts';
import {
  curateEntity,
  documentsMentioning,
  entitiesToMatchIn,
  existingClaimIds,
  lockEntity,
  stancesFromElsewhere,
} from '../graph/curation-store.ts';
import {
  type ChangeRow,
  changeByClientId,
  changeForRevert,
  latestChangeId,
  latestChangesOfDocument,
  lockDocument,
  recordChange,
} from '../graph/history-store.ts';
import { applyGraphSchema } from '../graph/schema-setup.ts';
import type { GraphDatabase, Transaction } from '../neo4j/database.ts';
import type { Annotations, ItemSection } from '../seed/format.ts';
import {
  buildGraphRows,
  entityNameKeys,
  entitySearchText,
  type GraphRows,
} from '../seed/graph-rows.ts';
import { removeDocumentIn, writeDocumentGraphs } from '../seed/loader.ts';
import { type SeedError, validateAnnotations } from '../seed/validate.ts';
import { applyEdits, type ChangedItem, type ItemEdit } from './edits.ts';
import {
  type EntityResolution,
  mergeEntityInAnnotations,
  renameEntities,
  resolveEntities,
} from './entity-matching.ts';
import { originsAfterChange } from './item-origins.ts';

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

/** The annotations, validated against their text, or the rejection that lists every problem. */
function validated(raw: unknown, text: string, fileName: string): Annotations {
  const validation = validateAnnotations(raw, text, fileName);
  if (!validation.ok) throw new Rejected({ kind: 'invalid', problems: validation.errors });
  return validation.annotations;
}

/**
 * A document's rows as a change writes them: with its annotations (to edit later), its version,
 * and where each item came from.
 */
function documentRows(
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
async function writeAnnotations(
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
  await writeDocumentGraphs(tx, [documentRows(renamed, text, version, originsOf(renamed))]);
  return { annotations: renamed, entities };
}

/**
 * Refuses a change that would take out a claim another document's stance bears on: that stance
 * is in the other document's annotations, and would otherwise vanish from the graph unnoticed.
 */
async function keepClaimsLinkedElsewhere(
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
async function checkItemsUnchanged(
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
    const given = validated(input.annotations, input.text, input.fileName);
    const documentId = given.document.id;
    const existing = await lockDocument(tx, documentId);
    checkVersion(documentId, input.expectedVersion, existing?.version ?? 0);
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
  return inTransaction(db, actor, async (tx) => {
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
  return inTransaction(db, actor, async (tx) => {
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
  return inTransaction(db, actor, async (tx) => {
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

// ---------------------------------------------------------------- entities

interface EntityFields {
  name: string;
  description: string;
  aliases: string[];
}

function fieldsOf(entity: EntityFields): EntityFields {
  return { name: entity.name, description: entity.description, aliases: entity.aliases };
}

/** JSON for a change's originsBefore: which change had set an entity's fields before it. */
function entityOrigin(curatedIn: string | null): string {
  return JSON.stringify({ curatedIn });
}

function entityOriginBefore(originsBefore: string | null): string | null {
  const parsed: unknown = originsBefore === null ? null : JSON.parse(originsBefore);
  return parsed !== null &&
    typeof parsed === 'object' &&
    'curatedIn' in parsed &&
    typeof parsed.curatedIn === 'string'
    ? parsed.curatedIn
    : null;
}

function entityFieldsRow(
  id: string,
  fields: EntityFields,
  version: number,
  curatedIn: string | null,
) {
  const aliases = [...new Set(fields.aliases.filter((alias) => alias !== fields.name))];
  return {
    id,
    name: fields.name,
    description: fields.description,
    aliases,
    nameKeys: entityNameKeys({ name: fields.name, aliases }),
    searchText: entitySearchText({ name: fields.name, aliases }),
    version,
    curatedIn,
  };
}

function checkEntityFields(fields: EntityFields): void {
  const problems: SeedError[] = [];
  if (fields.name.trim() === '') {
    problems.push({ file: 'entity', path: 'name', message: 'the name must not be empty' });
  }
  fields.aliases.forEach((alias, index) => {
    if (alias.trim() === '') {
      problems.push({
        file: 'entity',
        path: `aliases[${index}]`,
        message: 'an alias must not be empty',
      });
    }
  });
  if (problems.length > 0) throw new Rejected({ kind: 'invalid', problems });
}

/**
 * A curator's name, description or aliases for an entity, for every document that mentions it:
 * no load changes them afterwards. Its names are what lookups by name and matching use.
 */
export function updateEntity(
  db: GraphDatabase,
  actor: Actor,
  input: {
    entityId: string;
    expectedVersion: number;
    name?: string;
    description?: string;
    aliases?: string[];
  },
): Promise<ChangeOutcome> {
  return inTransaction(db, actor, async (tx) => {
    const entity = await lockEntity(tx, input.entityId);
    if (!entity) throw new Rejected({ kind: 'notFound', what: 'entity', key: input.entityId });
    if (entity.version !== input.expectedVersion) {
      throw new Rejected({
        kind: 'conflict',
        documentId: input.entityId,
        expected: input.expectedVersion,
        current: entity.version,
        reason: `${input.entityId} is at version ${entity.version}, not ${input.expectedVersion}: someone changed it since you read it. Read it again and redo your change on version ${entity.version}.`,
      });
    }
    const before = fieldsOf(entity);
    const after: EntityFields = {
      name: input.name ?? entity.name,
      description: input.description ?? entity.description,
      aliases: input.aliases ?? entity.aliases,
    };
    checkEntityFields(after);
    const version = entity.version + 1;
    const id = randomUUID();
    await curateEntity(tx, entityFieldsRow(input.entityId, after, version, id));
    const change = await recordChange(tx, {
      id,
      kind: 'ENTITY',
      by: actor.by,
      documentId: null,
      entityId: input.entityId,
      versionBefore: entity.version,
      versionAfter: version,
      summary: `edited ${input.entityId} (${after.name})`,
      items: JSON.stringify([{ section: 'entities', id: input.entityId, before, after }]),
      annotationsBefore: null,
      textBefore: null,
      originsBefore: entityOrigin(entity.curatedIn),
      clientMutationId: actor.clientMutationId,
      revertOf: null,
    });
    return { change, entities: [] };
  });
}

type ChangeToRevert = NonNullable<Awaited<ReturnType<typeof changeForRevert>>>;

async function revertEntityChange(
  tx: Transaction,
  actor: Actor,
  { change, originsBefore }: ChangeToRevert,
): Promise<{ change: ChangeRow; entities: Resolved[] }> {
  const entityId = change.entityId ?? '';
  const entity = await lockEntity(tx, entityId);
  if (!entity) throw new Rejected({ kind: 'notFound', what: 'entity', key: entityId });
  const latest = await latestChangeId(tx, { documentId: null, entityId });
  if (
    change.revertedBy !== null ||
    latest !== change.id ||
    entity.version !== change.versionAfter
  ) {
    throw new Rejected({
      kind: 'conflict',
      documentId: entityId,
      expected: change.versionAfter,
      current: entity.version,
      reason:
        change.revertedBy !== null
          ? `change ${change.id} was already reverted (by change ${change.revertedBy}).`
          : `${entityId} has changed since: revert the later changes first, newest first.`,
    });
  }
  const [item] = JSON.parse(change.items) as { before: EntityFields; after: EntityFields }[];
  if (!item) throw new Error(`change ${change.id} holds no entity fields`);
  const version = entity.version + 1;
  await curateEntity(
    tx,
    entityFieldsRow(entityId, item.before, version, entityOriginBefore(originsBefore)),
  );
  const recorded = await recordChange(tx, {
    id: randomUUID(),
    kind: 'REVERT',
    by: actor.by,
    documentId: null,
    entityId,
    versionBefore: entity.version,
    versionAfter: version,
    summary: `reverted "${change.summary}"`,
    items: JSON.stringify([
      { section: 'entities', id: entityId, before: item.after, after: item.before },
    ]),
    annotationsBefore: null,
    textBefore: null,
    originsBefore: entityOrigin(entity.curatedIn),
    clientMutationId: actor.clientMutationId,
    revertOf: change.id,
  });
  return { change: recorded, entities: [] };
}

/**
 * Two entities that turn out to be one: in every document that names `otherId`, its mentions,
 * roles, relations, claims and stances move to `survivorId` (one entity item where a document
 * named both), every such document is validated and reloaded, and the other's names become the
 * survivor's aliases. One transaction; refused for an entity with itself or of another type.
 */
export function mergeEntities(
  db: GraphDatabase,
  actor: Actor,
  input: { survivorId: string; otherId: string },
): Promise<ChangeOutcome> {
  return inTransaction(db, actor, async (tx) => {
    if (input.survivorId === input.otherId) {
      throw new Rejected({
        kind: 'refused',
        code: 'MERGE_WITH_ITSELF',
        reason: `${input.survivorId} cannot be merged with itself: name two different entities.`,
      });
    }
    const survivor = await lockEntity(tx, input.survivorId);
    if (!survivor) throw new Rejected({ kind: 'notFound', what: 'entity', key: input.survivorId });
    const other = await lockEntity(tx, input.otherId);
    if (!other) throw new Rejected({ kind: 'notFound', what: 'entity', key: input.otherId });
    if (survivor.type !== other.type) {
      throw new Rejected({
        kind: 'refused',
        code: 'TYPE_MISMATCH',
        reason: `${input.otherId} is a ${other.type} and ${input.survivorId} a ${survivor.type}: only entities of one type can be merged. Change the type in its documents first.`,
      });
    }
    const id = randomUUID();
    const documentIds = await documentsMentioning(tx, input.otherId);
    const rowsList = [];
    const merged: MergedDocument[] = [];
    for (const documentId of documentIds) {
      const existing = await lockDocument(tx, documentId);
      const annotations = storedAnnotations(documentId, existing);
      merged.push({
        documentId,
        versionAfter: (existing?.version ?? 0) + 1,
        annotations: existing?.annotations ?? '',
        origins: existing?.itemOrigins ?? null,
      });
      const text = existing?.text ?? '';
      const folded = validated(
        mergeEntityInAnnotations(annotations, input.survivorId, input.otherId),
        text,
        documentId,
      );
      const origins = parseItemOrigins(existing?.itemOrigins);
      rowsList.push(
        documentRows(
          folded,
          text,
          (existing?.version ?? 0) + 1,
          originsAfterChange(annotations, origins, folded, id),
        ),
      );
    }
    await writeDocumentGraphs(tx, rowsList);
    const before = fieldsOf(survivor);
    const after: EntityFields = {
      ...before,
      aliases: [...new Set([...survivor.aliases, other.name, ...other.aliases])],
    };
    const version = survivor.version + 1;
    await curateEntity(tx, entityFieldsRow(input.survivorId, after, version, id));
    const change = await recordChange(tx, {
      id,
      kind: 'MERGE',
      by: actor.by,
      documentId: null,
      documentIds,
      entityId: input.survivorId,
      versionBefore: survivor.version,
      versionAfter: version,
      summary: `merged ${input.otherId} (${other.name}) into ${input.survivorId} (${survivor.name}) in ${documentIds.length} document${documentIds.length === 1 ? '' : 's'}`,
      items: JSON.stringify([
        { section: 'entities', id: input.otherId, before: other, after: null },
        { section: 'entities', id: input.survivorId, before, after },
      ]),
      annotationsBefore: JSON.stringify(merged),
      textBefore: null,
      originsBefore: entityOrigin(survivor.curatedIn),
      clientMutationId: actor.clientMutationId,
      revertOf: null,
    });
    return { change, entities: [] };
  });
}

/** A document a merge rewrote: its version after the merge, its annotations and origins before. */
interface MergedDocument {
  documentId: string;
  versionAfter: number;
  annotations: string;
  origins: string | null;
}

/**
 * Undoes a merge: every document it rewrote gets its annotations from before (which brings the
 * other entity back), and the survivor its fields. Refused when any of them changed since.
 */
async function revertMerge(
  tx: Transaction,
  actor: Actor,
  { change, annotationsBefore: stored, originsBefore }: ChangeToRevert,
): Promise<{ change: ChangeRow; entities: Resolved[] }> {
  const survivorId = change.entityId ?? '';
  const survivor = await lockEntity(tx, survivorId);
  if (!survivor) throw new Rejected({ kind: 'notFound', what: 'entity', key: survivorId });
  const latest = await latestChangeId(tx, { documentId: null, entityId: survivorId });
  const conflict = (reason: string, documentId: string, expected: number | null, current: number) =>
    new Rejected({ kind: 'conflict', documentId, expected, current, reason });
  if (change.revertedBy !== null) {
    throw conflict(
      `change ${change.id} was already reverted (by change ${change.revertedBy}).`,
      survivorId,
      change.versionAfter,
      survivor.version,
    );
  }
  if (latest !== change.id || survivor.version !== change.versionAfter) {
    throw conflict(
      `${survivorId} has changed since the merge: revert the later changes first, newest first.`,
      survivorId,
      change.versionAfter,
      survivor.version,
    );
  }
  const documents = JSON.parse(stored ?? '[]') as MergedDocument[];
  const rowsList = [];
  for (const document of documents) {
    const existing = await lockDocument(tx, document.documentId);
    const current = existing?.version ?? 0;
    if (current !== document.versionAfter) {
      throw conflict(
        `${document.documentId} has changed since the merge (version ${current}, the merge left ${document.versionAfter}): revert its later changes first.`,
        document.documentId,
        document.versionAfter,
        current,
      );
    }
    const text = existing?.text ?? '';
    const annotations = validated(JSON.parse(document.annotations), text, document.documentId);
    rowsList.push(documentRows(annotations, text, current + 1, parseItemOrigins(document.origins)));
  }
  await writeDocumentGraphs(tx, rowsList);
  const items = JSON.parse(change.items) as { id: string; before: unknown; after: unknown }[];
  const survivorBefore = items.find((item) => item.id === survivorId)?.before as
    | EntityFields
    | undefined;
  if (!survivorBefore) throw new Error(`change ${change.id} holds no fields of ${survivorId}`);
  const version = survivor.version + 1;
  await curateEntity(
    tx,
    entityFieldsRow(survivorId, survivorBefore, version, entityOriginBefore(originsBefore)),
  );
  const recorded = await recordChange(tx, {
    id: randomUUID(),
    kind: 'REVERT',
    by: actor.by,
    documentId: null,
    documentIds: documents.map((document) => document.documentId),
    entityId: survivorId,
    versionBefore: survivor.version,
    versionAfter: version,
    summary: `reverted "${change.summary}"`,
    items: JSON.stringify(
      items.map((item) => ({ ...item, before: item.after, after: item.before })),
    ),
    annotationsBefore: null,
    textBefore: null,
    originsBefore: entityOrigin(survivor.curatedIn),
    clientMutationId: actor.clientMutationId,
    revertOf: change.id,
  });
  return { change: recorded, entities: [] };
}
