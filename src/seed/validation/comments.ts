/**
 * Rules on reader comments: the id and label follow the comment number, and each comment owns
 * one comment region that holds its label and text.
 */
import type { Comment } from '../format.ts';
import { spanContains } from '../spans.ts';
import type { ValidationContext } from './context.ts';
import { type PathSegment, quote } from './problems.ts';
import type { Parsed } from './schema-pass.ts';
import { checkSpansWithin, isSpanInText } from './spans.ts';

/**
 * One comment. `regionOwners` maps a comment region's id to the comment that owns it: the
 * comments checked before (or stored); this comment is added to it once its region is known.
 */
export function checkComment(
  comment: Comment,
  path: PathSegment[],
  context: ValidationContext,
  regionOwners: Map<string, string>,
): void {
  const { text, references, problems } = context;
  const item = comment.id;
  checkSpansWithin(text, comment, problems, path, item);
  if (comment.id !== `comment:${comment.number}`) {
    problems.report(
      [...path, 'id'],
      `the id of comment number ${comment.number} must be comment:${comment.number}`,
      item,
    );
  }
  const expectedLabel = `Comment number ${comment.number}.`;
  if (comment.label.exact !== expectedLabel) {
    problems.report([...path, 'label'], `the label should read ${quote(expectedLabel)}`, item);
  }
  if (!references.check(comment.region, ['region'], problems, [...path, 'region'], item)) return;
  const region = context.regions.find((candidate) => candidate.id === comment.region);
  if (!region) return;
  if (region.kind !== 'comment') {
    problems.report(
      [...path, 'region'],
      `${region.id} is a ${region.kind} region, not a comment region`,
      item,
    );
  }
  const owner = regionOwners.get(region.id);
  if (owner) problems.report([...path, 'region'], `${region.id} already belongs to ${owner}`, item);
  regionOwners.set(region.id, comment.id);
  for (const key of ['label', 'text'] as const) {
    if (isSpanInText(text, comment[key]) && !spanContains(region.span, comment[key])) {
      problems.report([...path, key], `the ${key} lies outside ${region.id}`, item);
    }
  }
}

export function checkComments(comments: Parsed<Comment>[], context: ValidationContext): void {
  const regionOwners = new Map<string, string>();
  for (const { item, index } of comments) {
    checkComment(item, ['comments', index], context, regionOwners);
  }
  for (const region of context.regions) {
    if (region.kind === 'comment' && !regionOwners.has(region.id)) {
      context.problems.report(
        ['regions'],
        `comment region ${region.id} has no entry under comments`,
        region.id,
      );
    }
  }
}
