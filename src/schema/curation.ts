import type { Context } from '../context.ts';
import type {
  Actor,
  ChangeOutcome,
  Rejection,
  Unresolved,
} from '../curation/change-transaction.ts';
import {
  editDocument,
  importAnnotations,
  removeDocument,
  revertChange,
} from '../curation/changes.ts';
import type { ItemEdit } from '../curation/edits.ts';
import { mergeEntities, updateEntity } from '../curation/entity-changes.ts';
import { adviceFor } from '../curation/entity-matching.ts';
import { DossierError, ErrorCode } from '../errors.ts';
import { type ChangeRow, changesPage } from '../graph/history-store.ts';
import { decodeCursor, encodeCursor } from '../graph/pagination.ts';
import type { EntityRow } from '../graph/rows.ts';
import { parseAnnotationsYaml, SeedSyntaxError } from '../seed/files.ts';
import { ITEM_SECTIONS, type ItemSection } from '../seed/format.ts';
import type { SeedError } from '../seed/validate.ts';
import { builder } from './builder.ts';
import { ClaimRef, DocumentRef, EntityRef } from './refs.ts';

// ---------------------------------------------------------------- expected failures

/** Expected failures of a mutation: answered in its result, each with a code and what to do. */
export class MutationProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class AnnotationsInvalid extends MutationProblem {
  constructor(readonly problems: SeedError[]) {
    super(
      'ANNOTATIONS_INVALID',
      `The annotations have ${problems.length} problem${problems.length === 1 ? '' : 's'}; ` +
        'each says where and what is wrong. Nothing was written.',
    );
  }
}

export class EntityMatchUnresolved extends MutationProblem {
  constructor(readonly entities: Unresolved[]) {
    super(
      'ENTITY_MATCH_UNRESOLVED',
      `${entities.length} of the document's entities cannot be matched to the graph without ` +
        'guessing: give each the id of the graph entity it is (or a name of its own). Nothing was written.',
    );
  }
}

export class VersionConflict extends MutationProblem {
  constructor(
    readonly documentKey: string,
    readonly currentVersion: number,
    reason: string,
  ) {
    super('CONFLICT', `${reason} Nothing was written.`);
  }
}

const NOT_FOUND = {
  document: {
    code: 'DOCUMENT_NOT_FOUND',
    advice:
      "The key is the id of the annotations' document, e.g. doc:000-6cfdbb14dfc71039 (see documents).",
  },
  change: { code: 'CHANGE_NOT_FOUND', advice: 'See changes for the ids.' },
  entity: {
    code: 'ENTITY_NOT_FOUND',
    advice: 'The key is the entity id, e.g. person:kenneth-lieberthal.',
  },
} as const;

export class NotFound extends MutationProblem {
  constructor(
    readonly key: string,
    what: keyof typeof NOT_FOUND,
  ) {
    super(NOT_FOUND[what].code, `No ${what} has the key "${key}". ${NOT_FOUND[what].advice}`);
  }
}

/** A change that cannot be made as asked: merging an entity with itself, reverting a merge... */
export class ChangeRefused extends MutationProblem {}

export class DocumentNotEditable extends MutationProblem {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super('DOCUMENT_NOT_EDITABLE', reason);
  }
}

const ProblemInterface = builder.interfaceRef<MutationProblem>('MutationProblem').implement({
  description: 'An expected failure of a mutation: nothing was written.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Stable: switch on it.' }),
    message: t.exposeString('message', { description: 'What went wrong and what to do.' }),
  }),
});

export const AnnotationProblemRef = builder.objectRef<SeedError>('AnnotationProblem').implement({
  description: 'One problem in submitted annotations or edits.',
  fields: (t) => ({
    file: t.exposeString('file', { description: 'The input it is in (annotations, edits).' }),
    item: t.string({
      nullable: true,
      description: 'The id of the item it is in, when it has one.',
      resolve: (problem) => problem.item ?? null,
    }),
    path: t.exposeString('path', {
      description: 'Where, e.g. claims[3].evidence[0], or line and column of bad YAML.',
    }),
    message: t.exposeString('message', {
      description: 'What is wrong, and the text really there.',
    }),
  }),
});

builder.objectType(AnnotationsInvalid, {
  name: 'AnnotationsInvalid',
  interfaces: [ProblemInterface],
  isTypeOf: (value) => value instanceof AnnotationsInvalid,
  description:
    'The annotations (or the document after the edits) break the rules of npm run seed:check.',
  fields: (t) => ({
    problems: t.field({
      type: [AnnotationProblemRef],
      description: 'Every problem, not just the first.',
      resolve: (error) => error.problems,
    }),
  }),
});

const UnresolvedReason = builder.enumType('UnresolvedReason', {
  description: 'Why an entity could not be matched without guessing.',
  values: {
    AMBIGUOUS: {
      description:
        "Its names match several graph entities of its type, or several of the document's entities match one.",
    },
    TYPE_CONFLICT: { description: "The graph's entity with its id has another type." },
  } as const,
});

const UnresolvedEntityRef = builder.objectRef<Unresolved>('UnresolvedEntity').implement({
  description:
    "A document's entity that matches the graph in more than one way, or clashes with it.",
  fields: (t) => ({
    annotatedId: t.string({
      description: 'Its id in the annotations.',
      resolve: (entity) => (entity.kind === 'ambiguous' ? entity.annotatedId : entity.id),
    }),
    reason: t.field({
      type: UnresolvedReason,
      description: 'Why it could not be matched.',
      resolve: (entity) => (entity.kind === 'ambiguous' ? 'AMBIGUOUS' : 'TYPE_CONFLICT'),
    }),
    detail: t.string({
      description: 'What to do about it.',
      resolve: (entity) => adviceFor(entity),
    }),
    candidates: t.field({
      type: [EntityRef],
      description: 'The graph entities it could be.',
      resolve: async (entity, _args, ctx) => {
        const ids = entity.kind === 'ambiguous' ? entity.candidates.map((c) => c.id) : [entity.id];
        const found = await ctx.loaders.entity.loadMany(ids);
        return found.filter((row): row is EntityRow => row !== null && !(row instanceof Error));
      },
    }),
  }),
});

builder.objectType(EntityMatchUnresolved, {
  name: 'EntityMatchUnresolved',
  interfaces: [ProblemInterface],
  isTypeOf: (value) => value instanceof EntityMatchUnresolved,
  description: 'Some entities could not be matched to the graph without guessing.',
  fields: (t) => ({
    entities: t.field({
      type: [UnresolvedEntityRef],
      description: 'Each entity that could not be matched, and why.',
      resolve: (error) => error.entities,
    }),
  }),
});

builder.objectType(VersionConflict, {
  name: 'VersionConflict',
  interfaces: [ProblemInterface],
  isTypeOf: (value) => value instanceof VersionConflict,
  description:
    'The document changed since the version the change was made on (code CONFLICT): read it again.',
  fields: (t) => ({
    documentKey: t.exposeString('documentKey', { description: 'The document.' }),
    currentVersion: t.exposeInt('currentVersion', {
      description: 'Its version now (0: it is not in the graph).',
    }),
  }),
});

builder.objectType(NotFound, {
  name: 'NotFound',
  interfaces: [ProblemInterface],
  isTypeOf: (value) => value instanceof NotFound,
  description:
    'No document (DOCUMENT_NOT_FOUND), change (CHANGE_NOT_FOUND) or entity (ENTITY_NOT_FOUND) has the key given.',
  fields: (t) => ({ key: t.exposeString('key', { description: 'The key asked for.' }) }),
});

builder.objectType(DocumentNotEditable, {
  name: 'DocumentNotEditable',
  interfaces: [ProblemInterface],
  isTypeOf: (value) => value instanceof DocumentNotEditable,
  description: 'The document was loaded without its annotations and cannot be edited in place.',
  fields: (t) => ({ key: t.exposeString('key', { description: 'The document.' }) }),
});

builder.objectType(ChangeRefused, {
  name: 'ChangeRefused',
  interfaces: [ProblemInterface],
  isTypeOf: (value) => value instanceof ChangeRefused,
  description:
    'The change cannot be made as asked (MERGE_WITH_ITSELF, TYPE_MISMATCH, CLAIM_LINKED_ELSEWHERE, ALIAS_TAKEN; BAD_USER_INPUT for a clientMutationId already used for another change); the message says why and what to do.',
  fields: () => ({}),
});

const PROBLEM_TYPES = [
  ChangeRefused,
  AnnotationsInvalid,
  EntityMatchUnresolved,
  VersionConflict,
  NotFound,
  DocumentNotEditable,
];

function problemOf(rejection: Rejection): MutationProblem {
  switch (rejection.kind) {
    case 'invalid':
      return new AnnotationsInvalid(rejection.problems);
    case 'unresolved':
      return new EntityMatchUnresolved(rejection.entities);
    case 'conflict':
      return new VersionConflict(rejection.documentId, rejection.current, rejection.reason);
    case 'notFound':
      return new NotFound(rejection.key, rejection.what);
    case 'notEditable':
      return new DocumentNotEditable(rejection.documentId, rejection.reason);
    case 'refused':
      return new ChangeRefused(rejection.code, rejection.reason);
  }
}

// ---------------------------------------------------------------- changes as the API shows them

const ChangeKind = builder.enumType('ChangeKind', {
  description: 'What a change did.',
  values: {
    IMPORT: { description: 'Imported a document, or replaced it with a new version.' },
    EDIT: { description: "Edited items of a document's annotations." },
    REMOVE: { description: 'Took a document out of the graph.' },
    REVERT: { description: 'Undid an earlier change.' },
    ENTITY: { description: "Set an entity's name, description or aliases." },
    MERGE: { description: 'Merged one entity into another, in every document that names it.' },
    REVIEW: { description: "Accepted or rejected drafted items of a document's annotations." },
  } as const,
});

interface ChangedItemView {
  section: string;
  id: string;
  before: unknown;
  after: unknown;
}

const ChangedItemRef = builder.objectRef<ChangedItemView>('ChangedItem').implement({
  description: 'One annotation item as it was before a change and after it.',
  fields: (t) => ({
    section: t.exposeString('section', { description: 'entities, claims, stances, ...' }),
    id: t.exposeString('id', { description: 'The item id, e.g. claim:college-denies-google.' }),
    before: t.string({
      nullable: true,
      description: 'The item before, as JSON in the annotation format; null when it was added.',
      resolve: (item) => (item.before === null ? null : JSON.stringify(item.before)),
    }),
    after: t.string({
      nullable: true,
      description: 'The item after, as JSON; null when it was taken out.',
      resolve: (item) => (item.after === null ? null : JSON.stringify(item.after)),
    }),
  }),
});

export const ChangeRef = builder.objectRef<ChangeRow>('Change').implement({
  description:
    'One change to the graph: who made it, when, to which document, and what it changed. ' +
    'Every import, edit, removal and revert is one.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Its id: revertChange takes it.' }),
    kind: t.field({ type: ChangeKind, description: 'What it did.', resolve: (c) => c.kind }),
    by: t.exposeString('by', { description: 'The name of the token that made it.' }),
    at: t.string({
      description: 'When, as an ISO 8601 UTC time.',
      resolve: (c) => new Date(c.at).toISOString(),
    }),
    documentKey: t.exposeString('documentId', {
      nullable: true,
      description: 'The document it changed; null for a change to an entity.',
    }),
    rewrittenDocumentKeys: t.exposeStringList('documentIds', {
      description:
        "For a merge and its revert, the documents it rewrote (changes(document:) lists it in each document's history).",
    }),
    entityKey: t.exposeString('entityId', {
      nullable: true,
      description: 'The entity it changed (for a merge, the one that remains); null otherwise.',
    }),
    versionBefore: t.exposeInt('versionBefore', {
      nullable: true,
      description:
        "The document's version before (for a change to an entity, a merge included, the entity's); null when it was not in the graph.",
    }),
    versionAfter: t.exposeInt('versionAfter', {
      nullable: true,
      description:
        "The document's version after (for a change to an entity, the entity's); null when it left the graph.",
    }),
    summary: t.exposeString('summary', { description: 'What it did, in a line.' }),
    items: t.field({
      type: [ChangedItemRef],
      description: 'For an edit (and its revert), each item before and after.',
      resolve: (c) => JSON.parse(c.items) as ChangedItemView[],
    }),
    clientMutationId: t.exposeString('clientMutationId', {
      nullable: true,
      description: 'The id the client sent with it.',
    }),
    revertOf: t.exposeString('revertOf', {
      nullable: true,
      description: 'For a revert, the change it undid.',
    }),
    revertedBy: t.exposeString('revertedBy', {
      nullable: true,
      description: 'The change that undid this one, if any.',
    }),
  }),
});

type Applied = Extract<ChangeOutcome, { kind: 'applied' }>;
type EntityMatch = Applied['entities'][number];

const EntityMatchOutcome = builder.enumType('EntityMatchOutcome', {
  description: "How a document's entity was matched to the graph.",
  values: {
    CREATED: { description: 'New to the graph.' },
    MATCHED_BY_ID: { description: 'The graph had an entity with its id (and its type).' },
    MATCHED_BY_NAME: {
      description: 'The graph had one entity of its type with one of its names or aliases.',
    },
  } as const,
});

const EntityMatchRef = builder.objectRef<EntityMatch>('EntityMatch').implement({
  description: "How one of the document's entities was matched to the graph.",
  fields: (t) => ({
    annotatedId: t.string({
      description: 'Its id in the annotations.',
      resolve: (match) => (match.kind === 'matchedByName' ? match.annotatedId : match.id),
    }),
    outcome: t.field({
      type: EntityMatchOutcome,
      description:
        "How it was matched; for MATCHED_BY_NAME the graph's name and description are kept.",
      resolve: (match) =>
        match.kind === 'created'
          ? 'CREATED'
          : match.kind === 'matchedById'
            ? 'MATCHED_BY_ID'
            : 'MATCHED_BY_NAME',
    }),
    matchedOn: t.string({
      nullable: true,
      description: 'For MATCHED_BY_NAME, the name both share.',
      resolve: (match) => (match.kind === 'matchedByName' ? match.on : null),
    }),
    entity: t.field({
      type: EntityRef,
      description: 'The entity in the graph now.',
      resolve: async (match, _args, ctx) => {
        const row = await ctx.loaders.entity.load(match.id);
        if (!row) throw new Error(`entity ${match.id} was written but cannot be read`);
        return row;
      },
    }),
  }),
});

export const ChangePayload = builder.objectRef<Applied>('ChangePayload').implement({
  description: 'A change made (or, for a retry, the change made before), and its document now.',
  fields: (t) => ({
    change: t.field({ type: ChangeRef, description: 'The change.', resolve: (a) => a.change }),
    document: t.field({
      type: DocumentRef,
      nullable: true,
      description: 'The document as the graph holds it now; null when it left the graph.',
      resolve: (applied, _args, ctx) =>
        applied.change.versionAfter === null || applied.change.documentId === null
          ? null
          : ctx.loaders.document.load(applied.change.documentId),
    }),
    version: t.int({
      nullable: true,
      description:
        'The version of the document (or entity) now: send it as expectedVersion with the next change.',
      resolve: (applied) => applied.change.versionAfter,
    }),
    replayed: t.boolean({
      description:
        'True when a change with this clientMutationId was made before: it is answered again, not made twice.',
      resolve: (applied) => !applied.fresh,
    }),
    entities: t.field({
      type: [EntityMatchRef],
      description:
        "For imports and edits, each of the document's entities: created, or matched and how.",
      resolve: (applied) => applied.entities,
    }),
  }),
});

// ---------------------------------------------------------------- mutations

export function actorOf(ctx: Context, clientMutationId: string | null | undefined): Actor {
  // Scope auth has run: only a known token reaches a resolver.
  const by = ctx.caller.kind === 'token' ? ctx.caller.name : 'unknown';
  return { by, clientMutationId: clientMutationId ?? null };
}

export function answer(ctx: Context, outcome: ChangeOutcome): Applied {
  if (outcome.kind !== 'applied') throw problemOf(outcome);
  if (outcome.fresh) {
    ctx.logger.info(
      { change: outcome.change.id, by: outcome.change.by, document: outcome.change.documentId },
      outcome.change.summary,
    );
  }
  return outcome;
}

function parseYaml(source: string, file: string): unknown {
  try {
    return parseAnnotationsYaml(source, file);
  } catch (error) {
    if (error instanceof SeedSyntaxError) throw new AnnotationsInvalid(error.errors);
    throw error;
  }
}

export function errorsFor(name: string) {
  return {
    types: PROBLEM_TYPES,
    union: {
      name: `${name}Result`,
      description: `The change ${name} made, or why nothing was written.`,
    },
    result: { name: `${name}Success`, description: 'The change was made.' },
    dataField: { name: 'change', description: 'The change and the document now.' },
  };
}

export const clientMutationIdArg = {
  description:
    'Your id for this request: a retry with the same id (by the same token) is answered with the change already made, not made twice. The same id on another change (another kind, or another document, entity or reverted change) is refused with ChangeRefused, code BAD_USER_INPUT.',
};

const ImportDocumentInput = builder.inputType('ImportDocumentInput', {
  description: 'A whole annotated document, in the format of the shipped article (seed/README.md).',
  fields: (t) => ({
    text: t.string({
      required: true,
      description: 'The page as captured; offsets count its code points.',
    }),
    annotations: t.string({
      required: true,
      description: 'The annotations as YAML (or JSON), as in seed/<name>.annotations.yaml.',
    }),
    expectedVersion: t.int({
      required: false,
      description:
        'The version of the document you expect the graph to hold: 0 for a new one. Omit it to replace whatever is there.',
    }),
    clientMutationId: t.string({ required: false, ...clientMutationIdArg }),
  }),
});

builder.mutationField('importDocument', (t) =>
  t.field({
    type: ChangePayload,
    authScopes: { curator: true },
    description:
      'Imports an annotated document: validated like the shipped article, its entities matched ' +
      'to the graph (same id, or same type and a shared name or alias, ignoring case and ' +
      'accents), then loaded in one transaction. A document with the id of one in the graph ' +
      'replaces it. Needs the curator scope.',
    args: {
      input: t.arg({ type: ImportDocumentInput, required: true, description: 'The document.' }),
    },
    errors: errorsFor('ImportDocument'),
    resolve: async (_root, { input }, ctx) =>
      answer(
        ctx,
        await importAnnotations(ctx.db, actorOf(ctx, input.clientMutationId), {
          text: input.text,
          annotations: parseYaml(input.annotations, 'annotations'),
          fileName: 'annotations',
          expectedVersion: input.expectedVersion ?? null,
        }),
      ),
  }),
);

export const AnnotationSection = builder.enumType('AnnotationSection', {
  description: 'A section of the annotations that holds items with ids.',
  values: Object.fromEntries(
    ITEM_SECTIONS.map((section) => [
      section.toUpperCase(),
      { value: section, description: `The ${section} of the annotations.` },
    ]),
  ) as Record<Uppercase<ItemSection>, { value: ItemSection; description: string }>,
});

const AnnotationEditInput = builder.inputType('AnnotationEdit', {
  description:
    'Put one item (add it, or replace the item with its id) or take it out. The item is written ' +
    'as the annotation format writes it (seed/README.md), in YAML or JSON.',
  fields: (t) => ({
    section: t.field({ type: AnnotationSection, required: true, description: 'Where it goes.' }),
    id: t.string({ required: true, description: 'The id of the item, e.g. claim:xyz.' }),
    item: t.string({
      required: false,
      description: 'The whole item, its id included; omit it to take the item out.',
    }),
  }),
});

const EditDocumentInput = builder.inputType('EditDocumentInput', {
  description: "Edits of one document's annotations, applied together or not at all.",
  fields: (t) => ({
    document: t.string({
      required: true,
      description: 'The document key, e.g. doc:001-cyber-followup.',
    }),
    expectedVersion: t.int({
      required: true,
      description:
        'The version you read (Document.version). On an older version the edit still applies if ' +
        'every change since edited other items; otherwise it is refused with CONFLICT.',
    }),
    edits: t.field({ type: [AnnotationEditInput], required: true, description: 'In order.' }),
    clientMutationId: t.string({ required: false, ...clientMutationIdArg }),
  }),
});

builder.mutationField('editDocument', (t) =>
  t.field({
    type: ChangePayload,
    authScopes: { curator: true },
    description:
      'Corrects a document: puts or takes out items of its annotations (entities with their ' +
      'mentions and aliases, roles, relations, claims with attributions, quantities and evidence, ' +
      'stances, comments, regions). The edited annotations must pass every rule a file does, ' +
      'every span checked against the text; then the document is reloaded in one transaction. ' +
      'Needs the curator scope.',
    args: { input: t.arg({ type: EditDocumentInput, required: true, description: 'The edits.' }) },
    errors: errorsFor('EditDocument'),
    resolve: async (_root, { input }, ctx) => {
      const edits: ItemEdit[] = input.edits.map((edit, index) => ({
        section: edit.section,
        id: edit.id,
        item: edit.item == null ? null : parseYaml(edit.item, `edits[${index}].item`),
      }));
      return answer(
        ctx,
        await editDocument(ctx.db, actorOf(ctx, input.clientMutationId), {
          documentId: input.document,
          expectedVersion: input.expectedVersion,
          edits,
        }),
      );
    },
  }),
);

const SpanInput = builder.inputType('SpanInput', {
  description: 'Words of the text: code-point offsets and the exact words at them.',
  fields: (t) => ({
    start: t.int({ required: true, description: 'First code point (inclusive).' }),
    end: t.int({ required: true, description: 'End (exclusive).' }),
    exact: t.string({ required: true, description: 'The text at those offsets.' }),
  }),
});

const StanceTypeInput = builder.enumType('StanceTypeInput', {
  description: 'How one claim bears on another.',
  values: {
    SUPPORTS: { value: 'supports', description: 'It supports the other.' },
    DISPUTES: { value: 'disputes', description: 'It disputes the other.' },
    DENIES: { value: 'denies', description: 'It denies the other.' },
    QUALIFIES: { value: 'qualifies', description: 'It qualifies the other.' },
  } as const,
});

const LinkClaimsInput = builder.inputType('LinkClaimsInput', {
  description:
    'A stance from one claim to another of the same document, with the words that make it.',
  fields: (t) => ({
    document: t.string({ required: true, description: 'The document key.' }),
    expectedVersion: t.int({ required: true, description: 'The version you read.' }),
    stance: t.string({
      required: true,
      description: 'The stance id to give it, e.g. stance:x-denies-y.',
    }),
    type: t.field({ type: StanceTypeInput, required: true, description: 'Its type.' }),
    from: t.string({ required: true, description: 'The claim that takes the stance.' }),
    to: t.string({ required: true, description: 'The claim it is about.' }),
    explicit: t.boolean({
      required: true,
      description: 'True when the words link them ("denied", "Re ..."); false when you infer it.',
    }),
    evidence: t.field({
      type: [SpanInput],
      required: true,
      description: 'The words that make the link.',
    }),
    clientMutationId: t.string({ required: false, ...clientMutationIdArg }),
  }),
});

builder.mutationField('linkClaims', (t) =>
  t.field({
    type: ChangePayload,
    authScopes: { curator: true },
    description:
      'Links two claims by a stance (or replaces the stance with that id): checked like every ' +
      'stance of a file (a claim cannot take a stance on itself; the evidence must be the words ' +
      'at its offsets). Needs the curator scope.',
    args: { input: t.arg({ type: LinkClaimsInput, required: true, description: 'The stance.' }) },
    errors: errorsFor('LinkClaims'),
    resolve: async (_root, { input }, ctx) =>
      answer(
        ctx,
        await editDocument(ctx.db, actorOf(ctx, input.clientMutationId), {
          documentId: input.document,
          expectedVersion: input.expectedVersion,
          edits: [
            {
              section: 'stances',
              id: input.stance,
              item: {
                id: input.stance,
                type: input.type,
                from: input.from,
                to: input.to,
                basis: input.explicit ? 'explicit' : 'inferred',
                evidence: input.evidence.map(({ start, end, exact }) => ({ start, end, exact })),
              },
            },
          ],
        }),
      ),
  }),
);

builder.mutationField('unlinkClaims', (t) =>
  t.field({
    type: ChangePayload,
    authScopes: { curator: true },
    description: 'Takes a stance out. Needs the curator scope.',
    args: {
      document: t.arg.string({ required: true, description: 'The document key.' }),
      expectedVersion: t.arg.int({ required: true, description: 'The version you read.' }),
      stance: t.arg.string({ required: true, description: 'The stance id.' }),
      clientMutationId: t.arg.string({ required: false, ...clientMutationIdArg }),
    },
    errors: errorsFor('UnlinkClaims'),
    resolve: async (_root, args, ctx) =>
      answer(
        ctx,
        await editDocument(ctx.db, actorOf(ctx, args.clientMutationId), {
          documentId: args.document,
          expectedVersion: args.expectedVersion,
          edits: [{ section: 'stances', id: args.stance, item: null }],
        }),
      ),
  }),
);

builder.mutationField('removeDocument', (t) =>
  t.field({
    type: ChangePayload,
    authScopes: { admin: true },
    description:
      'Takes a document out of the graph: its text, regions, mentions, roles, relations, claims ' +
      'and stances, and the entities that only it mentioned. Recorded, so revertChange can put ' +
      'it back. Needs the admin scope.',
    args: {
      key: t.arg.string({
        required: true,
        description: 'The document key, e.g. doc:001-cyber-followup.',
      }),
      expectedVersion: t.arg.int({ required: false, description: 'The version you read, if any.' }),
      clientMutationId: t.arg.string({ required: false, ...clientMutationIdArg }),
    },
    errors: errorsFor('RemoveDocument'),
    resolve: async (_root, args, ctx) =>
      answer(
        ctx,
        await removeDocument(ctx.db, actorOf(ctx, args.clientMutationId), {
          documentId: args.key,
          expectedVersion: args.expectedVersion ?? null,
        }),
      ),
  }),
);

builder.mutationField('revertChange', (t) =>
  t.field({
    type: ChangePayload,
    authScopes: { curator: true },
    description:
      "Undoes a change: the document's annotations before it are put back (a first import is " +
      "taken out, a removal undone), an entity's fields, or for a merge every document it " +
      'rewrote and the entity it folded in. Only the latest change of a document or entity can ' +
      'be reverted; revert later ones first. Recorded as a change of its own. Needs the curator scope.',
    args: {
      change: t.arg.string({ required: true, description: 'The id of the change (Change.id).' }),
      clientMutationId: t.arg.string({ required: false, ...clientMutationIdArg }),
    },
    errors: errorsFor('RevertChange'),
    resolve: async (_root, args, ctx) =>
      answer(ctx, await revertChange(ctx.db, actorOf(ctx, args.clientMutationId), args.change)),
  }),
);

const UpdateEntityInput = builder.inputType('UpdateEntityInput', {
  description: "A curator's name, description or aliases for an entity; what is left out stays.",
  fields: (t) => ({
    entity: t.string({ required: true, description: 'The entity key, e.g. gov:pentagon.' }),
    expectedVersion: t.int({
      required: true,
      description: 'The version you read (Entity.version): a stale one is refused with CONFLICT.',
    }),
    name: t.string({ required: false, description: 'Its canonical name.' }),
    description: t.string({
      required: false,
      description: 'What it is, in the words of the page.',
    }),
    aliases: t.stringList({
      required: false,
      description: 'Every other name: all of them, not only new ones.',
    }),
    clientMutationId: t.string({ required: false, ...clientMutationIdArg }),
  }),
});

builder.mutationField('updateEntity', (t) =>
  t.field({
    type: ChangePayload,
    authScopes: { curator: true },
    description:
      "Sets an entity's name, description or aliases for every document that names it; no " +
      'import or reload changes them afterwards. Its names are what lookups by name and ' +
      'matching use. Needs the curator scope.',
    args: { input: t.arg({ type: UpdateEntityInput, required: true, description: 'The fields.' }) },
    errors: errorsFor('UpdateEntity'),
    resolve: async (_root, { input }, ctx) =>
      answer(
        ctx,
        await updateEntity(ctx.db, actorOf(ctx, input.clientMutationId), {
          entityId: input.entity,
          expectedVersion: input.expectedVersion,
          ...(input.name == null ? {} : { name: input.name }),
          ...(input.description == null ? {} : { description: input.description }),
          ...(input.aliases == null ? {} : { aliases: input.aliases }),
        }),
      ),
  }),
);

builder.mutationField('mergeEntities', (t) =>
  t.field({
    type: ChangePayload,
    authScopes: { admin: true },
    description:
      'Merges two entities that turn out to be one: in every document that names "other", its ' +
      'mentions, roles, relations and claims move to "survivor", each document is validated and ' +
      "reloaded, and other's names become survivor's aliases; other is gone. One transaction. " +
      'Needs the admin scope.',
    args: {
      survivor: t.arg.string({ required: true, description: 'The entity key that remains.' }),
      other: t.arg.string({ required: true, description: 'The entity key merged into it.' }),
      clientMutationId: t.arg.string({ required: false, ...clientMutationIdArg }),
    },
    errors: errorsFor('MergeEntities'),
    resolve: async (_root, args, ctx) =>
      answer(
        ctx,
        await mergeEntities(ctx.db, actorOf(ctx, args.clientMutationId), {
          survivorId: args.survivor,
          otherId: args.other,
        }),
      ),
  }),
);

// ---------------------------------------------------------------- reading the history

builder.interfaceField(EntityRef, 'changes', (t) =>
  t.field({
    type: [ChangeRef],
    description:
      "The curators' changes to this entity, newest first: its names and description " +
      '(updateEntity), merges into it, and document edits that put or took out its item. ' +
      'Empty for an entity as the annotations gave it.',
    resolve: (entity, _args, ctx) => ctx.loaders.changesOfEntity.load(entity.id),
  }),
);

builder.objectField(ClaimRef, 'changes', (t) =>
  t.field({
    type: [ChangeRef],
    description:
      "Where this claim came from: the curators' changes that edited it (editDocument, " +
      "linkClaims, revertChange...), newest first. Empty for a claim as its document's " +
      'annotations gave it; changes(document:) shows that import.',
    resolve: (claim, _args, ctx) => ctx.loaders.changesOfClaim.load(claim.id),
  }),
);

builder.queryField('changes', (t) =>
  t.connection(
    {
      type: ChangeRef,
      description:
        'Changes to the graph, newest first: every import, edit, removal and revert, with who made it and what it changed.',
      args: {
        document: t.arg.string({
          required: false,
          description: 'Only the changes of this document key.',
        }),
        entity: t.arg.string({
          required: false,
          description: 'Only the changes made to this entity key (updateEntity, mergeEntities).',
        }),
      },
      resolve: async (_root, args, ctx) => {
        const first = args.first ?? 20;
        if (args.last != null || args.before != null) {
          throw new DossierError(
            ErrorCode.BadUserInput,
            'changes pages forwards only: use first and after.',
          );
        }
        if (first < 0 || first > 100) {
          throw new DossierError(
            ErrorCode.PageSizeOutOfRange,
            `"first" must be between 0 and 100; got ${first}.`,
            { argument: 'first', value: first },
          );
        }
        const after = args.after == null ? null : decodeCursor(args.after, 'after');
        const before =
          after && typeof after[0] === 'number' && typeof after[1] === 'string'
            ? ([after[0], after[1]] as [number, string])
            : null;
        const rows = await changesPage(ctx.db, {
          documentId: args.document ?? null,
          entityId: args.entity ?? null,
          before,
          limit: first + 1,
        });
        const page = rows.slice(0, first);
        const edges = page.map((change) => ({
          cursor: encodeCursor([change.at, change.id]),
          node: change,
        }));
        return {
          edges,
          pageInfo: {
            hasNextPage: rows.length > first,
            hasPreviousPage: after !== null,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
        };
      },
    },
    {
      name: 'ChangeConnection',
      description: 'A page of changes, newest first.',
    },
  ),
);
