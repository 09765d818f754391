import type DataLoader from 'dataloader';
import type { Context } from '../context.ts';
import type { SourceRef, SpanRow } from '../graph/rows.ts';
import type { SourceShape } from './refs.ts';

/**
 * Loads an object that the graph says exists (the other end of an edge). A missing one means a
 * broken graph, not bad input, so it is an internal error naming the object that points at it.
 */
export async function loadRequired<V>(
  loader: DataLoader<string, V | null>,
  id: string,
  pointedFrom: string,
): Promise<V> {
  const value = await loader.load(id);
  if (value === null) throw new Error(`${pointedFrom} points at ${id}, which is missing`);
  return value;
}

/** Spans by id, in the given order, skipping none that exist. */
export async function loadSpans(ctx: Context, ids: readonly string[]): Promise<SpanRow[]> {
  const spans = await Promise.all(ids.map((id) => ctx.loaders.span.load(id)));
  return spans.filter((span): span is SpanRow => span !== null);
}

export function loadSource(ctx: Context, ref: SourceRef): Promise<SourceShape | null> {
  return ref.kind === 'comment'
    ? ctx.loaders.comment.load(ref.id)
    : ctx.loaders.entity.load(ref.id);
}
