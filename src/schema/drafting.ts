import { stringify } from 'yaml';
import { reviewDraft } from '../curation/changes.ts';
import { DEFAULT_EXTRACTOR } from '../drafting/index.ts';
import { draftOffThread } from '../drafting/off-thread.ts';
import { entityLexicon } from '../graph/lexicon-store.ts';
import type { SeedError } from '../seed/validate.ts';
import { validateAnnotations } from '../seed/validate.ts';
import { builder } from './builder.ts';
import {
  AnnotationProblemRef,
  AnnotationSection,
  actorOf,
  answer,
  ChangePayload,
  clientMutationIdArg,
  errorsFor,
} from './curation.ts';

interface DraftView {
  annotations: string;
  extractor: string;
  problems: SeedError[];
  entities: number;
  claims: number;
}

const DraftRef = builder.objectRef<DraftView>('Draft').implement({
  description:
    "Annotations an extractor proposes for an article's text, for a curator to review and import.",
  fields: (t) => ({
    annotations: t.exposeString('annotations', {
      description:
        'The annotations in the seed format (YAML), marked as drafted: importDocument takes them as they are.',
    }),
    extractor: t.exposeString('extractor', { description: 'The extractor, name and version.' }),
    problems: t.field({
      type: [AnnotationProblemRef],
      description:
        'What the validator still finds wrong (for example no author on the page): fix these before importing.',
      resolve: (draft) => draft.problems,
    }),
    entities: t.exposeInt('entities', { description: 'How many entities it found.' }),
    claims: t.exposeInt('claims', { description: 'How many claims it found.' }),
  }),
});

builder.mutationField('draftDocument', (t) =>
  t.field({
    type: DraftRef,
    authScopes: { curator: true },
    description:
      "Drafts the annotations of a plain-text article: its regions, entities with their mentions (the graph's entities recognised by their names), quotes with speaker and cue, reported speech, denials, hedges and figures. Writes nothing: import the result with importDocument, then review it with reviewDraft. Needs the curator scope.",
    args: {
      text: t.arg.string({ required: true, description: 'The article, as plain text.' }),
      sourceFile: t.arg.string({
        required: false,
        description: 'The name of its text file, recorded in the annotations (article.txt).',
      }),
      document: t.arg.string({
        required: false,
        description:
          'The document key to give it, e.g. doc:harbour-spill; else made from sourceFile.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const sourceFile = args.sourceFile ?? 'article.txt';
      const annotations = await draftOffThread({
        text: args.text,
        sourceFile,
        ...(args.document ? { documentId: args.document } : {}),
        known: await entityLexicon(ctx.db),
      });
      const validation = validateAnnotations(annotations, args.text, sourceFile);
      return {
        annotations: stringify(annotations, { lineWidth: 0 }),
        extractor: `${DEFAULT_EXTRACTOR.name} ${DEFAULT_EXTRACTOR.version}`,
        problems: validation.ok ? [] : validation.errors,
        entities: annotations.entities.length,
        claims: annotations.claims.length,
      };
    },
  }),
);

const ItemRefInput = builder.inputType('AnnotationItemRef', {
  description: 'An item of the annotations, by section and id.',
  fields: (t) => ({
    section: t.field({ type: AnnotationSection, required: true, description: 'Its section.' }),
    id: t.string({ required: true, description: 'Its id, e.g. claim:xyz.' }),
  }),
});

const ReviewDraftInput = builder.inputType('ReviewDraftInput', {
  description: "A curator's verdict on drafted items of one document, applied together.",
  fields: (t) => ({
    document: t.string({ required: true, description: 'The document key.' }),
    expectedVersion: t.int({ required: true, description: 'The version you read.' }),
    accept: t.field({
      type: [ItemRefInput],
      required: false,
      description: 'Items that are right as drafted: they stay, marked ACCEPTED.',
    }),
    reject: t.field({
      type: [ItemRefInput],
      required: false,
      description: 'Items that are wrong: they are taken out (the change keeps them).',
    }),
    clientMutationId: t.string({ required: false, ...clientMutationIdArg }),
  }),
});

builder.mutationField('reviewDraft', (t) =>
  t.field({
    type: ChangePayload,
    authScopes: { curator: true },
    description:
      'Accepts or rejects drafted items of an imported draft (to correct one, edit it with editDocument: it becomes CORRECTED). Needs the curator scope.',
    args: { input: t.arg({ type: ReviewDraftInput, required: true, description: 'The review.' }) },
    errors: errorsFor('ReviewDraft'),
    resolve: async (_root, { input }, ctx) =>
      answer(
        ctx,
        await reviewDraft(ctx.db, actorOf(ctx, input.clientMutationId), {
          documentId: input.document,
          expectedVersion: input.expectedVersion,
          accept: input.accept ?? [],
          reject: input.reject ?? [],
        }),
      ),
  }),
);
