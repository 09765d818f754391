import type { ClaimOutline, EntitySummary, SourceKind } from './api.ts';

export type View = 'graph' | 'read' | 'contested';
const VIEWS: readonly View[] = ['graph', 'read', 'contested'];

/** Everything a reader sees is in here, and all of it is in the URL: a link reopens the view. */
export interface ViewState {
  view: View;
  /** The document's key; the first document when null. */
  doc: string | null;
  /** The selected entity or claim (global id). */
  selected: string | null;
  /** Entities whose neighbourhood is added to the graph. */
  expanded: string[];
  pathFrom: string | null;
  pathTo: string | null;
  /** Entity kinds (and CLAIM) left out. */
  hiddenKinds: string[];
  /** Only the article's or only the readers' claims; both when null. */
  source: SourceKind | null;
  /** Only claims given in these ways; all when empty. */
  modes: string[];
  /** Only facts with these review states (ANNOTATED: never a draft); all when empty. */
  reviews: string[];
}

const LIST_SEPARATOR = ',';

function list(value: string | null): string[] {
  return value ? value.split(LIST_SEPARATOR).filter(Boolean) : [];
}

export function stateFromUrl(url: URL): ViewState {
  const params = url.searchParams;
  const view = params.get('view');
  const source = params.get('source');
  return {
    view: VIEWS.find((known) => known === view) ?? 'graph',
    doc: params.get('doc'),
    selected: params.get('sel'),
    expanded: list(params.get('expand')),
    pathFrom: params.get('from'),
    pathTo: params.get('to'),
    hiddenKinds: list(params.get('hide')),
    source: source === 'ARTICLE' || source === 'COMMENT' ? source : null,
    modes: list(params.get('modes')),
    reviews: list(params.get('review')),
  };
}

/** The query string of a state ('' for the default view), defaults left out to keep links short. */
export function urlOfState(state: ViewState): string {
  const params = new URLSearchParams();
  const put = (name: string, value: string | null) => {
    if (value) params.set(name, value);
  };
  if (state.view !== 'graph') put('view', state.view);
  put('doc', state.doc);
  put('sel', state.selected);
  put('expand', state.expanded.join(LIST_SEPARATOR));
  put('from', state.pathFrom);
  put('to', state.pathTo);
  put('hide', state.hiddenKinds.join(LIST_SEPARATOR));
  put('source', state.source);
  put('modes', state.modes.join(LIST_SEPARATOR));
  put('review', state.reviews.join(LIST_SEPARATOR));
  const query = params.toString();
  return query ? `?${query}` : '';
}

export const CLAIM_KIND = 'CLAIM';
export const COMMENT_KIND = 'COMMENT';
export const NOT_A_DRAFT = 'ANNOTATED';

function reviewOf(provenance: { review: string | null }): string {
  return provenance.review ?? NOT_A_DRAFT;
}

/** Whether the filters let a claim through. */
export function claimPasses(state: ViewState, claim: ClaimOutline): boolean {
  if (state.hiddenKinds.includes(CLAIM_KIND)) return false;
  if (state.source && claim.sourceKind !== state.source) return false;
  if (state.modes.length && !claim.attributions.some((a) => state.modes.includes(a.mode))) {
    return false;
  }
  return !state.reviews.length || state.reviews.includes(reviewOf(claim.provenance));
}

/** Whether the filters let an entity through; inComments: some mention is in a reader comment. */
export function entityPasses(
  state: ViewState,
  entity: EntitySummary,
  inArticle: boolean,
  inComments: boolean,
): boolean {
  if (state.hiddenKinds.includes(entity.kind)) return false;
  if (state.source === 'ARTICLE' && !inArticle) return false;
  if (state.source === 'COMMENT' && !inComments) return false;
  return !state.reviews.length || state.reviews.includes(reviewOf(entity.provenance));
}
