import { builder } from './builder.ts';
import { RegionKind } from './enums.ts';
import { loadRequired } from './load.ts';
import { DocumentRef, PageRegionRef, SpanRef } from './refs.ts';

/** A readable stretch around a span: whole words, with an ellipsis where it was cut. */
export function contextSnippet(prefix: string, exact: string, suffix: string, width = 40): string {
  const before = prefix.slice(-width);
  const after = suffix.slice(0, width);
  const cutBefore = before.length < prefix.length ? before.replace(/^\S*\s/, '') : before;
  const cutAfter = after.length < suffix.length ? after.replace(/\s\S*$/, '') : after;
  const lead = cutBefore.length < prefix.length ? '…' : '';
  const tail = cutAfter.length < suffix.length ? '…' : '';
  return `${lead}${cutBefore}${exact}${cutAfter}${tail}`.replace(/\s+/g, ' ').trim();
}

builder.node(SpanRef, {
  description:
    "An exact stretch of a document's text: the evidence behind a mention, a claim, a role or a " +
    'stance. Offsets count Unicode code points from the start of the text, start inclusive, end ' +
    'exclusive (W3C Web Annotation TextPositionSelector); prefix and suffix are the quote ' +
    "selector's context.",
  id: { resolve: (span) => span.id },
  // A mention's span carries only the fields its selection reads; these four it always has.
  isTypeOf: (value) =>
    typeof value === 'object' &&
    value !== null &&
    'exact' in value &&
    'start' in value &&
    'documentId' in value,
  loadMany: (ids, ctx) => ids.map((id) => ctx.loaders.span.load(id)),
  fields: (t) => ({
    start: t.exposeInt('start', { description: 'First code point, inclusive.' }),
    end: t.exposeInt('end', { description: 'Code point after the last one (exclusive).' }),
    exact: t.exposeString('exact', { description: 'The words, exactly as on the page.' }),
    prefix: t.exposeString('prefix', { description: 'Up to 48 code points of text just before.' }),
    suffix: t.exposeString('suffix', { description: 'Up to 48 code points of text just after.' }),
    line: t.exposeInt('line', {
      description: 'The line of the document the span starts on (1-based).',
    }),
    context: t.string({
      description: 'A short snippet around the span, whole words, for showing it in context.',
      resolve: (span) => contextSnippet(span.prefix, span.exact, span.suffix),
    }),
    regionKind: t.field({
      type: RegionKind,
      nullable: true,
      description: 'The part of the page the span sits in (body, caption, comment...).',
      resolve: (span) => span.regionKind as never,
    }),
    region: t.field({
      type: PageRegionRef,
      nullable: true,
      description: 'The page region that contains the span.',
      resolve: async (span, _args, ctx) => {
        if (!span.regionId) return null;
        const regions = await ctx.loaders.regionsByDocument.load(span.documentId);
        return regions.find((region) => region.id === span.regionId) ?? null;
      },
    }),
    document: t.field({
      type: DocumentRef,
      description: 'The document the span belongs to.',
      resolve: (span, _args, ctx) =>
        loadRequired(ctx.loaders.document, span.documentId, `span ${span.id}`),
    }),
  }),
});

builder.objectType(PageRegionRef, {
  description: 'A part of a page: headline, body, caption, pull quote, byline, reader comment...',
  fields: (t) => ({
    key: t.exposeString('key', {
      description: "The region's id within its document, e.g. region:body-1.",
    }),
    kind: t.field({
      type: RegionKind,
      description: 'Which part of the page it is.',
      resolve: (region) => region.kind as never,
    }),
    start: t.exposeInt('start', { description: 'First code point, inclusive.' }),
    end: t.exposeInt('end', { description: 'Code point after the last one (exclusive).' }),
    text: t.string({
      description: "The region's text.",
      resolve: async (region, _args, ctx) => {
        const characters = await ctx.loaders.documentCodePoints.load(region.documentId);
        return characters.slice(region.start, region.end).join('');
      },
    }),
  }),
});
