import { DossierError, ErrorCode } from '../errors.ts';
import { documentsPage } from '../graph/document-store.ts';
import { pageRequest } from '../graph/pagination.ts';
import type { DocumentRow } from '../graph/rows.ts';
import { builder } from './builder.ts';
import { ClaimFilterInput, decodeId, toClaimFilter } from './claim.ts';
import { ClaimConnection, DocumentConnection, MentionConnection } from './connections.ts';
import { RegionKind } from './enums.ts';
import { selectsTotalCount } from './fetch-plan.ts';
import { loadRequired, loadSpans } from './load.ts';
import { CommentRef, DocumentRef, EntityRef, PageRegionRef, SpanRef } from './refs.ts';

type AuthorShape = DocumentRow['authors'][number];

const DocumentAuthor = builder.objectRef<AuthorShape>('DocumentAuthor').implement({
  description: 'Who wrote a document, and in which role, as the page says.',
  fields: (t) => ({
    role: t.exposeString('role', {
      description: 'The role as the page states it, e.g. "China correspondent".',
    }),
    entity: t.field({
      type: EntityRef,
      description: 'The author.',
      resolve: (author, _args, ctx) =>
        loadRequired(ctx.loaders.entity, author.entityId, `author ${author.entityId}`),
    }),
    evidence: t.field({
      type: [SpanRef],
      description: 'Where the page names the author and the role.',
      resolve: (author, _args, ctx) => loadSpans(ctx, author.evidenceSpanIds),
    }),
  }),
});

builder.node(DocumentRef, {
  description:
    'A source text, such as a news article page, with its regions, mentions, claims and reader comments.',
  id: { resolve: (document) => document.id },
  isTypeOf: (value) =>
    typeof value === 'object' && value !== null && 'sha256' in value && 'codePoints' in value,
  loadMany: (ids, ctx) => ids.map((id) => ctx.loaders.document.load(id)),
  fields: (t) => ({
    key: t.exposeString('id', {
      description: "The document's key in the annotations, e.g. doc:000-6cfdbb14dfc71039.",
    }),
    title: t.exposeString('title', { description: 'The headline.' }),
    text: t.string({
      description:
        "The whole text, exactly as captured; every span's offsets count from its first character.",
      resolve: (document, _args, ctx) => ctx.loaders.documentText.load(document.id),
    }),
    sourceFile: t.exposeString('sourceFile', { description: 'The file the text was read from.' }),
    sha256: t.exposeString('sha256', { description: 'SHA-256 of the text, as annotated.' }),
    version: t.int({
      description:
        'Moves on by one with every change to the document: send it as expectedVersion with a correction.',
      resolve: async (document, _args, ctx) =>
        document.version ?? (await ctx.loaders.document.load(document.id))?.version ?? 1,
    }),
    language: t.exposeString('language', { description: 'BCP 47 language tag.' }),
    codePoints: t.exposeInt('codePoints', {
      description: 'Length of the text in Unicode code points.',
    }),
    publicationDate: t.exposeString('publicationDate', {
      nullable: true,
      description:
        'The publication date only when the page states one (YYYY-MM-DD); null otherwise, never guessed.',
    }),
    publisher: t.field({
      type: EntityRef,
      nullable: true,
      description: 'Who publishes the document, as the page names it.',
      resolve: (document, _args, ctx) =>
        document.publisherId ? ctx.loaders.entity.load(document.publisherId) : null,
    }),
    authors: t.field({
      type: [DocumentAuthor],
      description: 'Who wrote it, with the role the page gives.',
      resolve: (document) => document.authors,
    }),
    regions: t.field({
      type: [PageRegionRef],
      description: 'The parts of the page, top to bottom.',
      args: {
        kinds: t.arg({ type: [RegionKind], required: false, description: 'Only these kinds.' }),
      },
      resolve: async (document, args, ctx) => {
        const regions = await ctx.loaders.regionsByDocument.load(document.id);
        return args.kinds
          ? regions.filter((region) => args.kinds?.includes(region.kind as never))
          : regions;
      },
    }),
    mentions: t.field({
      type: MentionConnection,
      description: 'Every entity mention in the document, in text order.',
      args: {
        ...t.arg.connectionArgs(),
        regionKinds: t.arg({
          type: [RegionKind],
          required: false,
          description: 'Only mentions in these parts of the page.',
        }),
      },
      resolve: (document, args, ctx, info) =>
        ctx.loaders
          .forField(info.fieldNodes, () =>
            ctx.loaders.mentionsInDocument(
              args.regionKinds ?? null,
              pageRequest(args),
              selectsTotalCount(info),
            ),
          )
          .load(document.id),
    }),
    claims: t.field({
      type: ClaimConnection,
      description: "The document's claims in reading order (the filter's document is this one).",
      args: {
        ...t.arg.connectionArgs(),
        filter: t.arg({
          type: ClaimFilterInput,
          required: false,
          description: 'Narrows the claims.',
        }),
      },
      resolve: (document, args, ctx, info) =>
        ctx.loaders
          .forField(info.fieldNodes, () =>
            ctx.loaders.claimsOf(
              'Document',
              'IN_DOCUMENT',
              pageRequest(args),
              { ...toClaimFilter(args.filter), documentId: null },
              selectsTotalCount(info),
            ),
          )
          .load(document.id),
    }),
    comments: t.field({
      type: [CommentRef],
      description: 'Reader comments under the article, in page order.',
      resolve: (document, _args, ctx) => ctx.loaders.commentsByDocument.load(document.id),
    }),
  }),
});

builder.node(CommentRef, {
  description:
    "A reader comment under an article: an anonymous source of its own, apart from the article's reporting.",
  id: { resolve: (comment) => comment.id },
  isTypeOf: (value) =>
    typeof value === 'object' && value !== null && 'number' in value && 'textSpanId' in value,
  loadMany: (ids, ctx) => ids.map((id) => ctx.loaders.comment.load(id)),
  fields: (t) => ({
    number: t.exposeInt('number', { description: 'The number the page gives the comment.' }),
    name: t.string({
      description: 'How to refer to its anonymous author.',
      resolve: (comment) => `Reader comment ${comment.number}`,
    }),
    text: t.field({
      type: SpanRef,
      description: "The commenter's words.",
      resolve: (comment, _args, ctx) =>
        loadRequired(ctx.loaders.span, comment.textSpanId, `comment ${comment.id}`),
    }),
    claims: t.field({
      type: ClaimConnection,
      description: 'The claims this commenter makes.',
      args: { ...t.arg.connectionArgs() },
      resolve: (comment, args, ctx, info) =>
        ctx.loaders
          .forField(info.fieldNodes, () =>
            ctx.loaders.claimsOf(
              'Comment',
              'SPEAKER',
              pageRequest(args),
              toClaimFilter(null),
              selectsTotalCount(info),
            ),
          )
          .load(comment.id),
    }),
    document: t.field({
      type: DocumentRef,
      description: 'The document the comment is under.',
      resolve: (comment, _args, ctx) =>
        loadRequired(ctx.loaders.document, comment.documentId, `comment ${comment.id}`),
    }),
  }),
});

builder.queryField('document', (t) =>
  t.field({
    type: DocumentRef,
    nullable: true,
    description: 'One document by its global id or its key; null when there is none.',
    args: {
      id: t.arg.id({ required: false, description: 'Its global id.' }),
      key: t.arg.string({
        required: false,
        description: 'Its key, e.g. doc:000-6cfdbb14dfc71039.',
      }),
    },
    resolve: (_root, args, ctx) => {
      if ((args.id == null) === (args.key == null)) {
        throw new DossierError(
          ErrorCode.BadUserInput,
          'document takes exactly one of "id" or "key".',
        );
      }
      if (args.id != null) {
        return ctx.loaders.document.load(
          decodeId(args.id, 'id', (typename) => typename === 'Document').id,
        );
      }
      return args.key != null ? ctx.loaders.document.load(args.key) : null;
    },
  }),
);

builder.queryField('documents', (t) =>
  t.field({
    type: DocumentConnection,
    description: 'All documents in the graph.',
    args: { ...t.arg.connectionArgs() },
    resolve: (_root, args, ctx) => documentsPage(ctx.db, pageRequest(args)),
  }),
);
