/**
 * Changes to entities: a curator's name, description and aliases for one, and the merge of two
 * that turn out to be one; each, like a document change, one transaction with its history and
 * its revert.
 */
import { randomUUID } from 'node:crypto';
import { parseItemOrigins } from '../domain/item-origins.ts';
import {
  curateEntity,
  documentsMentioning,
  entitiesNamedByKeys,
  lockEntity,
} from '../graph/curation-store.ts';
import {
  type ChangeRow,
  type changeForRevert,
  latestChangeId,
  lockDocument,
  recordChange,
} from '../graph/history-store.ts';
import { nameKey } from '../graph/model.ts';
import type { GraphDatabase, Transaction } from '../neo4j/database.ts';
import { entityNameKeys, entitySearchText } from '../seed/graph-rows.ts';
import { writeDocumentGraphs } from '../seed/loader.ts';
import type { SeedError } from '../seed/validate.ts';
import {
  type Actor,
  type ChangeOutcome,
  documentRows,
  inTransaction,
  Rejected,
  type Resolved,
  storedAnnotations,
  validated,
} from './change-transaction.ts';
import { mergeEntityInAnnotations } from './entity-matching.ts';
import { originsAfterChange } from './item-origins.ts';

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

/**
 * The aliases without those that repeat the name or an earlier alias up to case and accents:
 * they name nothing more, and would show twice.
 */
function distinctAliases(name: string, aliases: readonly string[]): string[] {
  const seen = new Set([nameKey(name)]);
  return aliases.filter((alias) => {
    const key = nameKey(alias);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function entityFieldsRow(
  id: string,
  fields: EntityFields,
  version: number,
  curatedIn: string | null,
) {
  const aliases = distinctAliases(fields.name, fields.aliases);
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
 * Refuses an alias that another entity already has as its name or alias: a lookup by that name
 * would then find one of the two by chance. Aliases the entity already had are left alone.
 */
async function checkAliasesFree(
  tx: Transaction,
  entityId: string,
  before: EntityFields,
  after: EntityFields,
): Promise<void> {
  const own = new Set([before.name, ...before.aliases].map(nameKey));
  const added = after.aliases.filter((alias) => !own.has(nameKey(alias)));
  if (added.length === 0) return;
  const taken = await entitiesNamedByKeys(tx, added.map(nameKey), entityId);
  if (taken.length === 0) return;
  const clashes = added.flatMap((alias) =>
    taken
      .filter((other) => other.key === nameKey(alias))
      .map(
        (other) =>
          `"${alias}" (aliases[${after.aliases.indexOf(alias)}]) is already a name of ${other.id} (${other.name}, ${other.type})`,
      ),
  );
  throw new Rejected({
    kind: 'refused',
    code: 'ALIAS_TAKEN',
    reason:
      `${entityId} cannot take ${clashes.length === 1 ? 'this alias' : 'these aliases'}: ${clashes.join('; ')}. ` +
      'A lookup by that name would find either entity. Leave the alias out, or, if both are one entity, merge them with mergeEntities.',
  });
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
  return inTransaction(db, actor, { kind: 'ENTITY', entityId: input.entityId }, async (tx) => {
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
    const name = input.name ?? entity.name;
    const after: EntityFields = {
      name,
      description: input.description ?? entity.description,
      aliases: distinctAliases(name, input.aliases ?? entity.aliases),
    };
    checkEntityFields(after);
    await checkAliasesFree(tx, input.entityId, before, after);
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

export type ChangeToRevert = NonNullable<Awaited<ReturnType<typeof changeForRevert>>>;

export async function revertEntityChange(
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
  const request = {
    kind: 'MERGE',
    entityId: input.survivorId,
    itemIds: [input.otherId, input.survivorId],
  } as const;
  return inTransaction(db, actor, request, async (tx) => {
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
export async function revertMerge(
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
