/** Rules on stances: one claim supporting, disputing, qualifying or denying another. */
import type { Stance } from '../format.ts';
import type { ValidationContext } from './context.ts';
import type { PathSegment } from './problems.ts';
import type { Parsed } from './schema-pass.ts';
import { checkSpansWithin } from './spans.ts';

/** What makes two stances the same: the claims they link and the stance type. */
export function stanceKey(stance: Pick<Stance, 'from' | 'type' | 'to' | 'toDocument'>): string {
  return `${stance.from} ${stance.type} ${stance.toDocument ? `${stance.toDocument}/` : ''}${stance.to}`;
}

/**
 * One stance. `annotated` holds the `stanceKey` of the stances checked before (or stored);
 * this stance is added to it.
 */
export function checkStance(
  stance: Stance,
  path: PathSegment[],
  context: ValidationContext,
  annotated: Set<string>,
): void {
  const { references, problems } = context;
  const item = stance.id;
  checkSpansWithin(context.text, stance, problems, path, item);
  references.check(stance.from, ['claim'], problems, [...path, 'from'], item);
  // A claim of another document is checked against the graph when the document is imported.
  const elsewhere = stance.toDocument !== undefined && stance.toDocument !== context.documentId;
  if (stance.toDocument !== undefined && !elsewhere) {
    problems.report(
      [...path, 'toDocument'],
      'toDocument names this very document: leave it out for a claim of this document',
      item,
    );
  }
  if (!elsewhere) references.check(stance.to, ['claim'], problems, [...path, 'to'], item);
  if (stance.from === stance.to && !elsewhere)
    problems.report([...path, 'to'], 'a claim cannot take a stance on itself', item);
  const key = stanceKey(stance);
  if (annotated.has(key))
    problems.report(path, `the same stance (${key}) is annotated twice`, item);
  annotated.add(key);
  if (stance.evidence.length === 0)
    problems.report([...path, 'evidence'], 'stance has no evidence span', item);
}

export function checkStances(stances: Parsed<Stance>[], context: ValidationContext): void {
  const annotated = new Set<string>();
  for (const { item, index } of stances) checkStance(item, ['stances', index], context, annotated);
}
