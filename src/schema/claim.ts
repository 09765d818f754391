import { DossierError, ErrorCode } from '../errors.ts';
import type { ClaimFilter } from '../graph/claim-store.ts';
import { pageRequest } from '../graph/pagination.ts';
import { builder, decodeGlobalId } from './builder.ts';
import { ClaimConnection } from './connections.ts';
import {
  AttributionMode,
  Certainty,
  ClaimType,
  ENTITY_TYPENAMES,
  Polarity,
  SourceKind,
  StanceDirection,
  StanceType,
} from './enums.ts';
import { claimPageBySelection } from './fetch-plan.ts';
import { loadRequired, loadSource, loadSpans } from './load.ts';
import {
  AttributionRef,
  ClaimRef,
  CommentRef,
  DocumentRef,
  ENTITY_OBJECT_REFS,
  EntityRef,
  isComment,
  QuantityRef,
  type SourceShape,
  SpanRef,
  StanceRef,
} from './refs.ts';

export const Source = builder.unionType('Source', {
  description:
    'Who says or relays a claim: an entity (a person, a company, a government body, an unnamed ' +
    'group of officials...) or the anonymous author of a reader comment.',
  types: [...Object.values(ENTITY_OBJECT_REFS), CommentRef],
  resolveType: (source) =>
    isComment(source) ? 'Comment' : ENTITY_TYPENAMES[source.type as keyof typeof ENTITY_TYPENAMES],
});

builder.node(ClaimRef, {
  description:
    'Something the page, or a reader, says is so: an accusation, a denial, an estimate... The ' +
    'graph asserts no truth: a claim records who commits to it, how firmly, and in which words.',
  id: { resolve: (claim) => claim.id },
  isTypeOf: (value) =>
    typeof value === 'object' && value !== null && 'proposition' in value && 'sourceKind' in value,
  loadMany: (ids, ctx) => ids.map((id) => ctx.loaders.claim.load(id)),
  fields: (t) => ({
    key: t.exposeString('key', {
      description: "The claim's id within its document's annotations.",
    }),
    type: t.field({
      type: ClaimType,
      description: 'What kind of statement it is.',
      resolve: (claim) => claim.type as never,
    }),
    proposition: t.exposeString('proposition', {
      description:
        'What is claimed, in one plain sentence (a denial keeps the positive sentence and has negative polarity).',
    }),
    sourceKind: t.field({
      type: SourceKind,
      description: 'Whether the claim comes from the article or from a reader comment.',
      resolve: (claim) => claim.sourceKind,
    }),
    document: t.field({
      type: DocumentRef,
      description: 'The document the claim appears in.',
      resolve: (claim, _args, ctx) =>
        loadRequired(ctx.loaders.document, claim.documentId, `claim ${claim.id}`),
    }),
    about: t.field({
      type: [EntityRef],
      description: 'The entities the claim is about, most mentioned first.',
      resolve: async (claim, _args, ctx) => {
        const ids = await ctx.loaders.aboutByClaim.load(claim.id);
        const entities = await Promise.all(ids.map((id) => ctx.loaders.entity.load(id)));
        return entities.filter((entity) => entity !== null);
      },
    }),
    quantities: t.field({
      type: [QuantityRef],
      description: 'The numbers the claim states, as values.',
      resolve: (claim, _args, ctx) => ctx.loaders.quantitiesByClaim.load(claim.id),
    }),
    attributions: t.field({
      type: [AttributionRef],
      description:
        'Each source that commits to the claim, with its mode, certainty and exact words.',
      resolve: (claim, _args, ctx) => ctx.loaders.attributionsByClaim.load(claim.id),
    }),
    speakers: t.field({
      type: [Source],
      description: 'Who commits to the claim (the speakers of its attributions).',
      resolve: async (claim, _args, ctx) => {
        const attributions = await ctx.loaders.attributionsByClaim.load(claim.id);
        const sources = await Promise.all(attributions.map((a) => loadSource(ctx, a.speaker)));
        const seen = new Set<string>();
        return sources.filter((source): source is SourceShape => {
          if (!source || seen.has(source.id)) return false;
          seen.add(source.id);
          return true;
        });
      },
    }),
    stances: t.field({
      type: [StanceRef],
      description:
        'How this claim bears on others and others on it: supports, disputes, denies, qualifies.',
      args: {
        direction: t.arg({
          type: StanceDirection,
          defaultValue: 'BOTH',
          description: 'Stances this claim takes, stances taken on it, or both.',
        }),
        types: t.arg({ type: [StanceType], required: false, description: 'Only these kinds.' }),
      },
      resolve: async (claim, args, ctx) => {
        const stances = await ctx.loaders.stancesByClaim.load(claim.id);
        return stances
          .filter((stance) => !args.types || args.types.includes(stance.type as never))
          .filter(
            (stance) =>
              args.direction === 'BOTH' ||
              (args.direction === 'OUTGOING'
                ? stance.fromId === claim.id
                : stance.toId === claim.id),
          )
          .map((stance) => ({ stance, from: claim.id }));
      },
    }),
  }),
});

builder.objectType(AttributionRef, {
  description:
    'One source committing to a claim: who speaks, who relays it, how (quote or paraphrase), how ' +
    'firmly, and the exact words on the page.',
  fields: (t) => ({
    speaker: t.field({
      type: Source,
      description: 'Who commits to the claim.',
      resolve: async (attribution, _args, ctx) => {
        const source = await loadSource(ctx, attribution.speaker);
        if (!source) throw new Error(`attribution ${attribution.id} has a missing speaker`);
        return source;
      },
    }),
    reporter: t.field({
      type: Source,
      nullable: true,
      description:
        'Who relays it to the reader (the correspondent); null when the speaker writes it.',
      resolve: (attribution, _args, ctx) =>
        attribution.reporter ? loadSource(ctx, attribution.reporter) : null,
    }),
    via: t.field({
      type: [Source],
      description:
        'Intermediaries between the speaker and the reporter, nearest the speaker first.',
      resolve: async (attribution, _args, ctx) => {
        const sources = await Promise.all(attribution.via.map((ref) => loadSource(ctx, ref)));
        return sources.filter((source): source is SourceShape => source !== null);
      },
    }),
    mode: t.field({
      type: AttributionMode,
      description: "How the page gives the words: quote, paraphrase, report, or the writer's own.",
      resolve: (a) => a.mode as never,
    }),
    cue: t.exposeString('cue', {
      nullable: true,
      description: 'The words that attribute the claim: "said", "told me", "accused"...',
    }),
    cueSpan: t.field({
      type: SpanRef,
      nullable: true,
      description: 'Where the cue words are.',
      resolve: (a, _args, ctx) => (a.cueSpanId ? ctx.loaders.span.load(a.cueSpanId) : null),
    }),
    certainty: t.field({
      type: Certainty,
      description: 'How firmly the speaker commits.',
      resolve: (a) => a.certainty as never,
    }),
    polarity: t.field({
      type: Polarity,
      description: 'NEGATIVE when the speaker says the proposition is not so.',
      resolve: (a) => a.polarity as never,
    }),
    hedges: t.field({
      type: [SpanRef],
      description:
        'The words that set the certainty: "thought to be", "appears to be", "We believe so".',
      resolve: (a, _args, ctx) => loadSpans(ctx, a.hedgeSpanIds),
    }),
    evidence: t.field({
      type: [SpanRef],
      description: 'The exact words of the claim, one span per appearance on the page.',
      resolve: (a, _args, ctx) => loadSpans(ctx, a.evidenceSpanIds),
    }),
    quote: t.string({
      nullable: true,
      description: 'The words of the first evidence span, for quick display.',
      resolve: async (a, _args, ctx) => {
        const [first] = a.evidenceSpanIds;
        return first ? ((await ctx.loaders.span.load(first))?.exact ?? null) : null;
      },
    }),
    claim: t.field({
      type: ClaimRef,
      description: 'The claim this attribution commits to.',
      resolve: (a, _args, ctx) => loadRequired(ctx.loaders.claim, a.claimId, `attribution ${a.id}`),
    }),
  }),
});

builder.objectType(QuantityRef, {
  description:
    'A number a claim states, as a value: "as much as $300bn a year" is an upper bound of 300000000000 USD per year.',
  fields: (t) => ({
    amount: t.exposeFloat('amount', {
      nullable: true,
      description: 'The value, when the text gives one number.',
    }),
    lower: t.exposeFloat('lower', {
      nullable: true,
      description: 'Lower bound ("more than $10m").',
    }),
    upper: t.exposeFloat('upper', {
      nullable: true,
      description: 'Upper bound ("as much as $300bn").',
    }),
    unit: t.exposeString('unit', {
      description: 'ISO 4217 code for money (USD, GBP), else a noun: percent, year, hour.',
    }),
    period: t.exposeString('period', {
      nullable: true,
      description: 'Per what: "year" for "a year".',
    }),
    approximate: t.exposeBoolean('approximate', {
      description: 'True for vague amounts ("several dozen").',
    }),
    measure: t.exposeString('measure', { nullable: true, description: 'What is counted.' }),
    text: t.field({
      type: SpanRef,
      description: 'The words that state the quantity.',
      resolve: (q, _args, ctx) => loadRequired(ctx.loaders.span, q.spanId, `quantity ${q.id}`),
    }),
  }),
});

builder.objectType(StanceRef, {
  description: 'How one claim bears on another, with the words that make the link.',
  fields: (t) => ({
    type: t.field({
      type: StanceType,
      description: 'How the one claim bears on the other.',
      resolve: ({ stance }) => stance.type as never,
    }),
    explicit: t.boolean({
      description:
        'True when the text itself makes the link ("denied", "Re ..."); false when the annotator inferred it.',
      resolve: ({ stance }) => stance.basis === 'explicit',
    }),
    direction: t.field({
      type: StanceDirection,
      description:
        'OUTGOING when the claim you asked about takes this stance, INCOMING when it is the target.',
      resolve: ({ stance, from }) => (stance.fromId === from ? 'OUTGOING' : 'INCOMING'),
    }),
    from: t.field({
      type: ClaimRef,
      description: 'The claim that takes the stance.',
      resolve: ({ stance }, _args, ctx) =>
        loadRequired(ctx.loaders.claim, stance.fromId, `stance ${stance.id}`),
    }),
    to: t.field({
      type: ClaimRef,
      description: 'The claim it bears on.',
      resolve: ({ stance }, _args, ctx) =>
        loadRequired(ctx.loaders.claim, stance.toId, `stance ${stance.id}`),
    }),
    other: t.field({
      type: ClaimRef,
      description: 'The claim at the other end from the one you asked about.',
      resolve: ({ stance, from }, _args, ctx) =>
        loadRequired(
          ctx.loaders.claim,
          stance.fromId === from ? stance.toId : stance.fromId,
          `stance ${stance.id}`,
        ),
    }),
    evidence: t.field({
      type: [SpanRef],
      description: 'The words that make the link.',
      resolve: ({ stance }, _args, ctx) => loadSpans(ctx, stance.evidenceSpanIds),
    }),
  }),
});

export const ClaimFilterInput = builder.inputType('ClaimFilter', {
  description:
    'Narrows a list of claims. Attribution filters (speaker, modes, certainties, polarity) must ' +
    'all hold for one and the same attribution.',
  fields: (t) => ({
    speaker: t.id({
      description: 'Only claims this entity or reader comment commits to (its global id).',
    }),
    about: t.id({ description: 'Only claims about this entity (its global id).' }),
    types: t.field({ type: [ClaimType], description: 'Only these kinds of claim.' }),
    modes: t.field({
      type: [AttributionMode],
      description: 'Only claims given this way, e.g. [DIRECT_QUOTE].',
    }),
    certainties: t.field({ type: [Certainty], description: 'Only claims made this firmly.' }),
    polarity: t.field({
      type: Polarity,
      description: 'Only affirmations (POSITIVE) or denials (NEGATIVE).',
    }),
    sourceKind: t.field({
      type: SourceKind,
      description: "Only the article's claims, or only readers'.",
    }),
    document: t.id({ description: 'Only claims of this document (its global id).' }),
    reviewedOnly: t.boolean({
      description:
        'Leave out drafted claims that no curator has accepted or corrected yet (see Claim.provenance).',
    }),
  }),
});

const ENTITY_TYPENAME_SET = new Set<string>(Object.values(ENTITY_TYPENAMES));

export function decodeId(
  globalId: string,
  argument: string,
  allowed: (typename: string) => boolean,
) {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalId(globalId);
  } catch (error) {
    if (!(error instanceof DossierError)) throw error;
    throw new DossierError(
      ErrorCode.InvalidId,
      `"${argument}": "${globalId}" is not an id this API gave out. Use the id field of an object returned by the API.`,
      { argument, id: globalId },
    );
  }
  const { typename, id } = decoded;
  if (!allowed(typename)) {
    throw new DossierError(
      ErrorCode.InvalidId,
      `"${argument}" expects the id of another kind of object; "${globalId}" is a ${typename}.`,
      { argument, id: globalId },
    );
  }
  return { typename, id };
}

export function entityIdOf(globalId: string, argument: string): string {
  return decodeId(globalId, argument, (typename) => ENTITY_TYPENAME_SET.has(typename)).id;
}

export interface ClaimFilterArgs {
  speaker?: string | null;
  about?: string | null;
  types?: readonly string[] | null;
  modes?: readonly string[] | null;
  certainties?: readonly string[] | null;
  polarity?: string | null;
  sourceKind?: string | null;
  document?: string | null;
  reviewedOnly?: boolean | null;
}

export function toClaimFilter(input: ClaimFilterArgs | null | undefined): ClaimFilter {
  const speaker = input?.speaker
    ? decodeId(
        input.speaker,
        'filter.speaker',
        (typename) => typename === 'Comment' || ENTITY_TYPENAME_SET.has(typename),
      )
    : null;
  return {
    types: input?.types ?? null,
    modes: input?.modes ?? null,
    certainties: input?.certainties ?? null,
    polarities: input?.polarity ? [input.polarity] : null,
    sourceKind: input?.sourceKind ?? null,
    documentId: input?.document
      ? decodeId(input.document, 'filter.document', (typename) => typename === 'Document').id
      : null,
    speaker: speaker
      ? { kind: speaker.typename === 'Comment' ? 'comment' : 'entity', id: speaker.id }
      : null,
    aboutId: input?.about ? entityIdOf(input.about, 'filter.about') : null,
    reviewedOnly: input?.reviewedOnly ?? false,
  };
}

builder.queryField('claims', (t) =>
  t.field({
    type: ClaimConnection,
    description:
      'Claims in reading order, filtered by speaker, subject, type, how they are given (e.g. only ' +
      'direct quotes), certainty, polarity, source (article or reader comments) and document.',
    args: {
      ...t.arg.connectionArgs(),
      filter: t.arg({
        type: ClaimFilterInput,
        required: false,
        description: 'Narrows the claims.',
      }),
    },
    resolve: (_root, args, ctx, info) =>
      claimPageBySelection(ctx, info, toClaimFilter(args.filter), pageRequest(args)),
  }),
);
