/**
 * Rules on the page's structure: the regions (no overlap, a headline, every non-blank character
 * classified) and the document (its text, title, publisher and authors).
 */
import { createHash } from 'node:crypto';
import type { DocumentInfo, Region } from '../format.ts';
import { spansOverlap } from '../spans.ts';
import type { ValidationContext } from './context.ts';
import type { PathSegment } from './problems.ts';
import type { Parsed } from './schema-pass.ts';
import { checkSpanPlacement, checkSpansWithin, isSpanInText } from './spans.ts';

/**
 * One region on its own: its span. Overlap, the headline and coverage are rules on all the
 * regions together (`checkRegions`).
 */
export function checkRegion(region: Region, path: PathSegment[], context: ValidationContext): void {
  checkSpansWithin(context.text, region, context.problems, path, region.id);
}

export function checkRegions(regions: Parsed<Region>[], context: ValidationContext): void {
  const { text, problems } = context;
  for (const { item, index } of regions) checkRegion(item, ['regions', index], context);
  const ordered = regions
    .filter(({ item }) => isSpanInText(text, item.span))
    .sort((first, second) => first.item.span.start - second.item.span.start);
  for (let index = 1; index < ordered.length; index++) {
    const previous = ordered[index - 1];
    const current = ordered[index];
    if (previous && current && spansOverlap(previous.item.span, current.item.span)) {
      problems.report(
        ['regions', current.index, 'span'],
        `region overlaps ${previous.item.id} (${previous.item.span.start}-${previous.item.span.end} and ${current.item.span.start}-${current.item.span.end})`,
        current.item.id,
      );
    }
  }
  if (!regions.some(({ item }) => item.kind === 'headline')) {
    problems.report(['regions'], 'no region of kind headline');
  }
  // Every non-blank character belongs to some region, so nothing on the page goes unclassified.
  const covered = new Array<boolean>(text.length).fill(false);
  for (const region of context.regions) covered.fill(true, region.span.start, region.span.end);
  const uncoveredLines = new Set<number>();
  text.characters.forEach((character, offset) => {
    if (!covered[offset] && character.trim() !== '') uncoveredLines.add(text.lineOf(offset));
  });
  if (uncoveredLines.size > 0) {
    const lines = [...uncoveredLines];
    problems.report(
      ['regions'],
      `text outside every region on line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 12).join(', ')}${lines.length > 12 ? ', ...' : ''}`,
    );
  }
}

/** The document against its text (`rawText`, as read, for the SHA-256) and the entities. */
export function checkDocument(
  document: DocumentInfo,
  rawText: string,
  context: ValidationContext,
): void {
  const { text, references, problems } = context;
  const item = document.id;
  if (document.codePoints !== text.length) {
    problems.report(
      ['document', 'codePoints'],
      `the text has ${text.length} code points, not ${document.codePoints}: is it the right file?`,
      item,
    );
  }
  const sha256 = createHash('sha256').update(rawText, 'utf8').digest('hex');
  if (document.sha256 !== sha256) {
    problems.report(
      ['document', 'sha256'],
      `the text's SHA-256 is ${sha256}: the text is not the one annotated`,
      item,
    );
  }
  checkSpansWithin(text, document, problems, ['document'], item);
  checkSpanPlacement(
    text,
    context.regions,
    document.title,
    { allows: (region) => region.kind === 'headline', description: 'the headline' },
    problems,
    ['document', 'title'],
    item,
  );
  const publisherPath = ['document', 'publisher', 'entity'];
  if (references.check(document.publisher.entity, ['entity'], problems, publisherPath, item)) {
    const publisher = references.entity(document.publisher.entity);
    if (publisher && !['Organization', 'Company'].includes(publisher.type)) {
      problems.report(
        publisherPath,
        `the publisher should be an Organization or Company, not ${publisher.type}`,
        item,
      );
    }
  }
  document.authors.forEach((author, index) => {
    const path = ['document', 'authors', index, 'entity'];
    if (
      references.check(author.entity, ['entity'], problems, path, item) &&
      references.entity(author.entity)?.type !== 'Person'
    ) {
      problems.report(path, 'an author must be a Person', item);
    }
  });
  if (document.authors.length === 0)
    problems.report(['document', 'authors'], 'the document needs at least one author', item);
}
