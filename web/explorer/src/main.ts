import './style.css';
import {
  ApiError,
  type Claim,
  type ClaimDetail,
  type ClaimOutline,
  type ClaimSummary,
  type DocumentSummary,
  type DocumentText,
  describeError,
  type EntityDetail,
  type EntitySummary,
  type GraphEdge,
  type GraphNode,
  listDocuments,
  loadClaim,
  loadDocumentClaimOutlines,
  loadDocumentClaims,
  loadDocumentEntities,
  loadDocumentMentions,
  loadDocumentStances,
  loadDocumentText,
  loadEntity,
  loadNeighbourhood,
  loadPath,
  type Mention,
  type SearchHit,
  type StanceLink,
  type Subgraph,
  search,
} from './api.ts';
import { button, h, typeOfId, words } from './dom.ts';
import { GraphView, KIND_LOOKS } from './graph.ts';
import { CONTESTING, contestedClaims, graphElements, pathEdgeIds } from './graph-data.ts';
import { claimPanel, denialLead, entityPanel, type PanelActions, voices } from './panel.ts';
import { Reader } from './reader.ts';
import {
  CLAIM_KIND,
  COMMENT_KIND,
  claimPasses,
  entityPasses,
  NOT_A_DRAFT,
  stateFromUrl,
  urlOfState,
  type ViewState,
} from './state.ts';
import { TextIndex } from './text-index.ts';

const MODES = ['DIRECT_QUOTE', 'PARTIAL_QUOTE', 'PARAPHRASE', 'REPORTED', 'AUTHOR'];
const REVIEWS = [NOT_A_DRAFT, 'DRAFT', 'ACCEPTED', 'CORRECTED'];

/** One document, its parts loaded side by side so that each view waits only for what it shows. */
interface LoadedDocument {
  text: DocumentText;
  index: TextIndex;
  entities: Promise<EntitySummary[]>;
  outlines: Promise<ClaimOutline[]>;
  claims: Promise<Claim[]>;
  stances: Promise<StanceLink[]>;
  mentions: Promise<Mention[]>;
}

function element<Type extends HTMLElement>(id: string): Type {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as Type;
}

const viewElement = element<HTMLElement>('view');
const panelElement = element<HTMLElement>('panel');
const pathBar = element<HTMLElement>('path-bar');
const filtersElement = element<HTMLElement>('filters');
const docTitle = element<HTMLElement>('doc-title');
const searchInput = element<HTMLInputElement>('search-input');
const searchResults = element<HTMLUListElement>('search-results');

let state = stateFromUrl(new URL(location.href));
let renderCount = 0;
const documents = new Map<string, Promise<LoadedDocument | null>>();
const claimDetails = new Map<string, Promise<ClaimDetail | null>>();
const entityDetails = new Map<string, Promise<EntityDetail | null>>();
const subgraphs = new Map<string, Promise<Subgraph | null>>();
let allDocuments: Promise<DocumentSummary[]> | undefined;
let graphShell: { view: GraphView; side: HTMLElement; root: HTMLElement } | undefined;
let reader: { key: string; reader: Reader } | undefined;

function cached<Value>(map: Map<string, Promise<Value>>, key: string, load: () => Promise<Value>) {
  let pending = map.get(key);
  if (!pending) {
    pending = load();
    pending.catch(() => map.delete(key));
    map.set(key, pending);
  }
  return pending;
}

function loadDocument(key: string): Promise<LoadedDocument | null> {
  return cached(documents, key, async () => {
    const text = await loadDocumentText(key);
    if (!text) return null;
    const entities = loadDocumentEntities(text.id);
    const outlines = loadDocumentClaimOutlines(text.id);
    const stances = loadDocumentStances(text.id);
    // The words of claims and mentions are for reading: asked for once the graph has its data.
    const graphData = Promise.all([entities, outlines, stances]);
    return {
      text,
      index: new TextIndex(text.text),
      entities,
      outlines,
      claims: graphData.then(() => loadDocumentClaims(text.id)),
      stances,
      mentions: graphData.then(() => loadDocumentMentions(text.id)),
    };
  });
}

function documentList(): Promise<DocumentSummary[]> {
  if (!allDocuments) {
    allDocuments = listDocuments();
    allDocuments.catch(() => {
      allDocuments = undefined;
    });
  }
  return allDocuments;
}

function currentDocumentKey(): Promise<string | null> {
  if (state.doc) return Promise.resolve(state.doc);
  return documentList().then((list) => list[0]?.key ?? null);
}

/** The document's title, or a choice of documents when the graph holds more than one. */
async function renderDocumentTitle(
  current: { key: string; title: string } | null,
  isCurrent: () => boolean,
): Promise<void> {
  // Without the list the title alone still says what is shown.
  const list = await documentList().catch(() => []);
  if (!isCurrent()) return;
  if (list.length < 2) {
    docTitle.replaceChildren(current?.title ?? '');
    return;
  }
  const known = list.some((doc) => doc.key === current?.key);
  const picker = h(
    'select',
    { id: 'doc-picker' },
    known ? null : h('option', { value: '', disabled: '' }, 'Choose a document'),
    ...list.map((doc) => h('option', { value: doc.key }, doc.title)),
  );
  picker.value = known && current ? current.key : '';
  picker.addEventListener('change', () =>
    // Selections, expansions and paths belong to the document they were made in.
    navigate({ doc: picker.value, selected: null, expanded: [], pathFrom: null, pathTo: null }),
  );
  docTitle.replaceChildren(
    h('label', { for: 'doc-picker' }, `Document (${list.length} in the graph): `),
    picker,
  );
}

/** Moves to a new view: a new history entry, so Back returns to the last one. */
function navigate(change: Partial<ViewState>): void {
  state = { ...state, ...change };
  history.pushState(null, '', urlOfState(state) || location.pathname);
  void render();
}

window.addEventListener('popstate', () => {
  state = stateFromUrl(new URL(location.href));
  void render();
});

const actions: PanelActions = {
  select: (id) => navigate({ selected: id }),
  readClaim: (claim: ClaimSummary) =>
    navigate({ view: 'read', selected: claim.id, doc: claim.document.key }),
  expand: (id) =>
    navigate({
      view: 'graph',
      selected: id,
      expanded: state.expanded.includes(id) ? state.expanded : [...state.expanded, id],
    }),
  pathEnd: (end, id) =>
    navigate(end === 'from' ? { view: 'graph', pathFrom: id } : { view: 'graph', pathTo: id }),
};

function message(text: string, className = 'muted'): HTMLElement {
  return h('p', { class: className }, text);
}

/** Entities by whether the article or the comments mention them (for the source filter). */
function entityPlaces(loaded: LoadedDocument, mentions: Mention[] | null) {
  const commentRegions = loaded.text.regions.filter((region) => region.kind === 'COMMENT');
  const inComments = new Set<string>();
  for (const mention of mentions ?? []) {
    if (commentRegions.some((r) => mention.span.start >= r.start && mention.span.end <= r.end)) {
      inComments.add(mention.entity.id);
    }
  }
  return (entity: EntitySummary) =>
    entityPasses(
      state,
      entity,
      entity.scope === 'ARTICLE',
      entity.scope === 'COMMENTS' || inComments.has(entity.id),
    );
}

async function renderGraph(loaded: LoadedDocument, isCurrent: () => boolean): Promise<void> {
  const [entities, claims, stances] = await Promise.all([
    loaded.entities,
    loaded.outlines,
    loaded.stances,
  ]);
  const mentions = state.source === 'COMMENT' ? await loaded.mentions : null;
  const extraKeys = [
    ...state.expanded.map((id) => `n:${id}`),
    ...(state.pathFrom && state.pathTo ? [`p:${state.pathFrom}:${state.pathTo}`] : []),
  ];
  // One expansion or path that fails (a timeout on a busy server) leaves the rest to draw.
  const settled = await Promise.allSettled(
    extraKeys.map((key) =>
      cached(subgraphs, key, () => {
        const [kind, first, second] = key.split(':');
        return kind === 'n'
          ? loadNeighbourhood(first ?? '', 1)
          : loadPath(first ?? '', second ?? '');
      }),
    ),
  );
  if (!isCurrent()) return;
  const extra = settled.map((result) => (result.status === 'fulfilled' ? result.value : null));
  const failures = settled.flatMap((result) =>
    result.status === 'rejected' ? [describeError(result.reason)] : [],
  );
  const path = state.pathFrom && state.pathTo ? (extra.at(-1) ?? null) : null;
  const showEntity = entityPlaces(loaded, mentions);
  const showClaim = (claim: ClaimOutline) => claimPasses(state, claim);
  const elements = graphElements({
    entities,
    claims,
    stances,
    showEntity,
    showClaim,
    extra: extra.filter((subgraph): subgraph is Subgraph => subgraph !== null),
    hiddenKinds: state.hiddenKinds,
  });
  if (!graphShell) {
    const container = h('div', {
      class: 'graph',
      tabindex: '0',
      role: 'application',
      'aria-label': 'Graph: arrow keys move between nodes, Enter selects, + expands',
    });
    const side = h('div', { class: 'graph-side' });
    const root = h('div', { class: 'graph-view' }, container, side);
    // Cytoscape measures its container when it starts: it must be in the page by then.
    viewElement.replaceChildren(root);
    graphShell = { view: new GraphView(container, actions.select, actions.expand), side, root };
  } else if (!viewElement.contains(graphShell.root)) {
    viewElement.replaceChildren(graphShell.root);
  }
  const graphView = graphShell.view;
  const visibleEntities = entities.filter(showEntity);
  const list = h(
    'details',
    { class: 'node-list', open: '' },
    h('summary', {}, `Entities drawn (${visibleEntities.length})`),
    h(
      'ul',
      {},
      ...visibleEntities.map((entity) =>
        h(
          'li',
          {},
          button(
            h(
              'span',
              {},
              h('span', {
                class: 'swatch',
                style: `background:${KIND_LOOKS[entity.kind]?.colour}`,
              }),
              entity.name,
            ),
            () => actions.select(entity.id),
            { class: 'link', 'data-entity': entity.id },
          ),
        ),
      ),
    ),
  );
  const legend = h(
    'ul',
    { class: 'graph-legend', 'aria-label': 'Legend' },
    h(
      'li',
      { class: 'legend-item' },
      h('span', { class: 'swatch contested-swatch' }),
      'contested claim',
    ),
    h('li', { class: 'legend-item' }, h('span', { class: 'line line-denies' }), 'denies'),
    h('li', { class: 'legend-item' }, h('span', { class: 'line line-disputes' }), 'disputes'),
    h('li', { class: 'legend-item' }, h('span', { class: 'line line-supports' }), 'supports'),
    h('li', { class: 'legend-item' }, h('span', { class: 'line line-qualifies' }), 'qualifies'),
  );
  const notice =
    failures.length > 0
      ? message(
          `${failures.length} of the ${extraKeys.length} neighbourhoods or paths asked for could ` +
            `not be loaded and are left out (${failures[0]}). Reload the page to ask again.`,
          'error',
        )
      : null;
  graphShell.side.replaceChildren(...(notice ? [notice] : []), legend, list);
  graphView.resize();
  await graphView.draw(elements, `${loaded.text.key}|${urlKey()}`);
  if (!isCurrent()) return;
  graphView.show(
    state.selected,
    path ? { nodes: path.nodes.map((node) => node.id), edges: pathEdgeIds(path.edges) } : null,
  );
}

/** The part of the state that changes what the graph draws (not the selection). */
function urlKey(): string {
  return JSON.stringify([
    state.expanded,
    state.pathFrom,
    state.pathTo,
    state.hiddenKinds,
    state.source,
    state.modes,
    state.reviews,
  ]);
}

async function renderReader(loaded: LoadedDocument, isCurrent: () => boolean): Promise<void> {
  const [entities, claims, mentions] = await Promise.all([
    loaded.entities,
    loaded.claims,
    loaded.mentions,
  ]);
  if (!isCurrent()) return;
  const key = `${loaded.text.key}|${urlKey()}`;
  if (!reader || reader.key !== key) {
    const entityById = new Map(entities.map((entity) => [entity.id, entity]));
    const showEntity = entityPlaces(loaded, mentions);
    reader = {
      key,
      reader: new Reader({
        doc: loaded.text,
        index: loaded.index,
        mentions,
        claims,
        entities: entityById,
        showEntity: (id) => {
          const entity = entityById.get(id);
          return entity ? showEntity(entity) : true;
        },
        showClaim: (claim) => claimPasses(state, claim),
        showArticle: state.source !== 'COMMENT',
        showComments: state.source !== 'ARTICLE',
      }),
    };
    reader.reader.element.addEventListener('click', onMarkActivated);
    reader.reader.element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') onMarkActivated(event);
    });
  }
  if (!viewElement.contains(reader.reader.element))
    viewElement.replaceChildren(reader.reader.element);
  const first = reader.reader.select(state.selected);
  first?.scrollIntoView({ block: 'center' });
  await highlightClaimWords(reader.reader, isCurrent);
}

function onMarkActivated(event: Event): void {
  const target = event.target instanceof Element ? event.target : null;
  const mark = target?.closest<HTMLElement>('[data-entity], [data-claims]');
  if (!mark) return;
  event.preventDefault();
  event.stopPropagation();
  const id = mark.dataset.entity ?? mark.dataset.claims?.split(' ')[0];
  if (id) navigate({ selected: id });
}

/** The selected claim's cue, hedges and quantities, painted over the text (CSS highlights). */
async function highlightClaimWords(view: Reader, isCurrent: () => boolean): Promise<void> {
  if (!('highlights' in CSS)) return;
  for (const name of ['cue', 'hedge', 'quantity']) CSS.highlights.delete(name);
  if (!state.selected || typeOfId(state.selected) !== 'Claim') return;
  const claim = await claimDetail(state.selected);
  if (!claim || !isCurrent()) return;
  const paint = (name: string, spans: { start: number; end: number }[]) =>
    CSS.highlights.set(name, new Highlight(...view.ranges(spans)));
  paint(
    'cue',
    claim.attributions.flatMap((attribution) => (attribution.cueSpan ? [attribution.cueSpan] : [])),
  );
  paint(
    'hedge',
    claim.attributions.flatMap((attribution) => attribution.hedges),
  );
  paint(
    'quantity',
    claim.quantities.map((quantity) => quantity.text),
  );
}

/** A claim as a link, with who gives it; a denial says first who denies it. */
function attributed(claim: ClaimOutline, attributes: Record<string, string>): (Node | string)[] {
  const link = button(claim.proposition, () => actions.readClaim(claim), attributes);
  const lead = denialLead(claim.attributions);
  if (lead) return [lead, link];
  return [
    link,
    h('span', { class: 'muted' }, ` — ${voices(claim.attributions).saying.join(', ')}`),
  ];
}

async function renderContested(loaded: LoadedDocument, isCurrent: () => boolean): Promise<void> {
  const [claims, stances] = await Promise.all([loaded.outlines, loaded.stances]);
  if (!isCurrent()) return;
  const byId = new Map(claims.map((claim) => [claim.id, claim]));
  const contested = [...contestedClaims(stances)]
    .map((id) => byId.get(id))
    .filter((claim): claim is ClaimOutline => claim !== undefined && claimPasses(state, claim));
  viewElement.replaceChildren(
    h(
      'div',
      { class: 'contested' },
      h('h2', {}, `Contested claims (${contested.length})`),
      h(
        'p',
        { class: 'muted' },
        'Claims that another claim disputes or denies, with who contests them.',
      ),
      h(
        'ol',
        {},
        ...contested.map((claim) =>
          h(
            'li',
            { class: 'contested-claim' },
            ...attributed(claim, { class: 'link strong', 'data-claim': claim.id }),
            h(
              'ul',
              {},
              ...stances
                .filter((stance) => stance.to === claim.id && CONTESTING.has(stance.type))
                .map((stance) => {
                  const other = byId.get(stance.from);
                  return h(
                    'li',
                    { class: `stance stance-${stance.type.toLowerCase()}` },
                    h('span', { class: 'badge' }, words(stance.type)),
                    ' ',
                    ...(other
                      ? attributed(other, { class: 'link', 'data-claim': other.id })
                      : ['a claim of another document']),
                  );
                }),
            ),
          ),
        ),
      ),
    ),
  );
}

function claimDetail(id: string): Promise<ClaimDetail | null> {
  return cached(claimDetails, id, () => loadClaim(id));
}

const NO_SUCH_ID = 'Nothing has this id.';

async function renderPanel(isCurrent: () => boolean): Promise<void> {
  const id = state.selected;
  if (!id) {
    panelElement.replaceChildren(message('Select a name, a quote or a node to see it here.'));
    return;
  }
  const isClaim = typeOfId(id) === 'Claim';
  const shown = panelElement.firstElementChild?.getAttribute('data-id');
  if (shown === id) return;
  panelElement.replaceChildren(message('Loading…'));
  try {
    const detail = isClaim
      ? await claimDetail(id)
      : await cached(entityDetails, id, () => loadEntity(id));
    if (!isCurrent()) return;
    if (!detail) {
      panelElement.replaceChildren(message(NO_SUCH_ID));
      return;
    }
    panelElement.replaceChildren(
      'stances' in detail ? claimPanel(detail, actions) : entityPanel(detail, actions),
    );
  } catch (error) {
    if (!isCurrent()) return;
    // An id that is not one of this graph's (a mistyped link) names nothing either.
    if (error instanceof ApiError && error.code === 'INVALID_ID') {
      panelElement.replaceChildren(message(NO_SUCH_ID));
    } else {
      panelElement.replaceChildren(
        message(`This could not be loaded. ${describeError(error)}`, 'error'),
      );
    }
  }
}

/** One step of a path, its arrow the way the link runs (paths go either way along links). */
function pathEdge(edge: GraphEdge, from: GraphNode, to: GraphNode): HTMLElement {
  // Role titles and the like are given as written: only a bare type is put in words.
  const label = edge.label ?? words(edge.type);
  const forward = edge.source === from.id || edge.target === to.id;
  const [source, target] = forward ? [from, to] : [to, from];
  return h(
    'span',
    {
      class: 'path-edge',
      'data-direction': forward ? 'forward' : 'backward',
      title: `${source.label} —${label}→ ${target.label}`,
    },
    forward ? ` —${label}→ ` : ` ←${label}— `,
  );
}

function pathSteps(path: Subgraph | null): Node[] {
  if (!path || path.nodes.length === 0) {
    return [
      message(
        path?.truncated ? 'The search stopped before it found a path.' : 'No path links them.',
      ),
    ];
  }
  const steps: Node[] = [];
  for (const [i, node] of path.nodes.entries()) {
    const edge = path.edges[i - 1];
    const previous = path.nodes[i - 1];
    if (edge && previous) steps.push(pathEdge(edge, previous, node));
    const label = node.label || node.id;
    steps.push(
      button(label.length > 60 ? `${label.slice(0, 57)}…` : label, () => actions.select(node.id), {
        class: 'link path-node',
      }),
    );
  }
  return steps;
}

async function renderPathBar(isCurrent: () => boolean): Promise<void> {
  if (!state.pathFrom && !state.pathTo) {
    pathBar.hidden = true;
    pathBar.replaceChildren();
    delete pathBar.dataset.shown;
    return;
  }
  const { pathFrom, pathTo } = state;
  const key = `${pathFrom}|${pathTo}`;
  if (pathBar.dataset.shown === key) return;
  delete pathBar.dataset.shown;
  const show = (ends: string, ...below: Node[]) =>
    pathBar.replaceChildren(
      h('strong', {}, 'Shortest path: '),
      `${ends} `,
      button('Clear the path', () => navigate({ pathFrom: null, pathTo: null }), {
        class: 'action',
      }),
      h('div', { class: 'path-steps' }, ...below),
    );
  pathBar.hidden = false;
  show('', message('Loading…'));
  try {
    const nameOf = async (id: string | null) => {
      if (!id) return '(choose an entity: “Path to here”)';
      const entity = await cached(entityDetails, id, () => loadEntity(id));
      return entity?.name ?? '(nothing has this id)';
    };
    const path =
      pathFrom && pathTo
        ? await cached(subgraphs, `p:${pathFrom}:${pathTo}`, () => loadPath(pathFrom, pathTo))
        : null;
    const first = path?.nodes[0];
    const last = path?.nodes.at(-1);
    // A path found names its ends: the bar need not wait for (nor fail on) two more requests.
    const [from, to] =
      first && last
        ? [first.label, last.label]
        : await Promise.all([nameOf(pathFrom), nameOf(pathTo)]);
    if (!isCurrent()) return;
    show(`${from} → ${to}`, ...(pathFrom && pathTo ? pathSteps(path) : []));
    pathBar.dataset.shown = key;
  } catch (error) {
    if (isCurrent()) {
      const why =
        error instanceof ApiError && error.code === 'INVALID_ID'
          ? 'an end given in the address (from= or to=) is not an id of this graph; clear the path and choose its ends again.'
          : describeError(error);
      show('', message(`The path could not be loaded: ${why}`, 'error'));
    }
  }
}

function renderFilters(kinds: string[]): void {
  const toggle = (list: string[], value: string, on: boolean) =>
    on ? list.filter((item) => item !== value) : [...list, value];
  const checkbox = (label: Node | string, checked: boolean, onChange: (on: boolean) => void) => {
    const input = h('input', { type: 'checkbox' });
    input.checked = checked;
    input.addEventListener('change', () => onChange(input.checked));
    return h('label', {}, input, label);
  };
  const radio = (value: string | null, label: string) => {
    const input = h('input', { type: 'radio', name: 'source' });
    input.checked = state.source === value;
    input.addEventListener('change', () =>
      navigate({ source: value === null ? null : (value as ViewState['source']) }),
    );
    return h('label', {}, input, label);
  };
  filtersElement.replaceChildren(
    h(
      'fieldset',
      {},
      h('legend', {}, 'Kinds'),
      ...[...kinds, CLAIM_KIND, COMMENT_KIND].map((kind) =>
        checkbox(
          h(
            'span',
            {},
            h('span', {
              class: 'swatch',
              style: `background:${KIND_LOOKS[kind]?.colour ?? '#999'}`,
            }),
            words(kind),
          ),
          !state.hiddenKinds.includes(kind),
          (on) =>
            navigate({
              hiddenKinds: on
                ? state.hiddenKinds.filter((k) => k !== kind)
                : [...state.hiddenKinds, kind],
            }),
        ),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Source'),
      radio(null, 'article and comments'),
      radio('ARTICLE', 'the article'),
      radio('COMMENT', 'reader comments'),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'How it is said (none: all)'),
      ...MODES.map((mode) =>
        checkbox(words(mode), state.modes.includes(mode), (on) =>
          navigate({ modes: toggle(state.modes, mode, !on) }),
        ),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Review (none: all)'),
      ...REVIEWS.map((review) =>
        checkbox(
          review === NOT_A_DRAFT ? 'never a draft' : words(review),
          state.reviews.includes(review),
          (on) => navigate({ reviews: toggle(state.reviews, review, !on) }),
        ),
      ),
    ),
  );
}

function renderTabs(): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.views a')) {
    const view = link.dataset.view as ViewState['view'];
    link.href = urlOfState({ ...state, view }) || location.pathname;
    if (view === state.view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

for (const link of document.querySelectorAll<HTMLAnchorElement>('.views a')) {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    navigate({ view: link.dataset.view as ViewState['view'] });
  });
}

async function render(): Promise<void> {
  renderCount += 1;
  const token = renderCount;
  const isCurrent = () => token === renderCount;
  renderTabs();
  document.body.dataset.view = state.view;
  try {
    const key = await currentDocumentKey();
    const loaded = key ? await loadDocument(key) : null;
    if (!isCurrent()) return;
    if (!loaded) {
      void renderDocumentTitle(null, isCurrent);
      viewElement.replaceChildren(
        message(key ? `No document ${key}.` : 'The graph holds no document yet.'),
      );
      return;
    }
    void renderDocumentTitle(loaded.text, isCurrent);
    document.title = `${loaded.text.title} · Dossier explorer`;
    void renderPanel(isCurrent);
    void renderPathBar(isCurrent);
    // A failure to load the entities is the view's to report.
    loaded.entities.then(
      (entities) => {
        if (isCurrent()) renderFilters([...new Set(entities.map((entity) => entity.kind))].sort());
      },
      () => undefined,
    );
    if (!viewElement.dataset.view || viewElement.dataset.view !== state.view) {
      viewElement.replaceChildren(message('Loading…'));
      viewElement.dataset.view = state.view;
    }
    if (state.view === 'graph') await renderGraph(loaded, isCurrent);
    else if (state.view === 'read') await renderReader(loaded, isCurrent);
    else await renderContested(loaded, isCurrent);
  } catch (error) {
    console.error(error);
    if (isCurrent()) {
      viewElement.replaceChildren(
        message(`The document could not be loaded: ${describeError(error)}`, 'error'),
      );
    }
  }
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;
let searchCount = 0;

function closeSearch(): void {
  searchResults.hidden = true;
  searchResults.replaceChildren();
}

function snippetWithMarks(snippet: string, highlights: { start: number; end: number }[]): Node {
  const characters = [...snippet];
  const parts: Node[] = [];
  let at = 0;
  for (const highlight of highlights) {
    parts.push(document.createTextNode(characters.slice(at, highlight.start).join('')));
    parts.push(h('mark', {}, characters.slice(highlight.start, highlight.end).join('')));
    at = highlight.end;
  }
  parts.push(document.createTextNode(characters.slice(at).join('')));
  return h('span', {}, ...parts);
}

async function runSearch(text: string): Promise<void> {
  searchCount += 1;
  const count = searchCount;
  if (!text.trim()) {
    closeSearch();
    return;
  }
  let hits: SearchHit[];
  try {
    hits = await search(text);
  } catch (error) {
    if (count !== searchCount) return;
    searchResults.hidden = false;
    searchResults.replaceChildren(
      h('li', { class: 'error', role: 'alert' }, `The search failed: ${describeError(error)}`),
    );
    return;
  }
  if (count !== searchCount) return;
  searchResults.hidden = false;
  searchResults.replaceChildren(
    ...(hits.length === 0 ? [h('li', { class: 'muted' }, 'Nothing found.')] : []),
    ...hits.map((hit) => {
      const quoted = hit.quotedClaims[0];
      const open = () => {
        closeSearch();
        if (hit.kind === 'QUOTE' && quoted) actions.readClaim(quoted);
        else if (hit.kind === 'CLAIM')
          navigate({
            selected: hit.result.id,
            view: state.view === 'contested' ? 'read' : state.view,
          });
        else navigate({ selected: hit.result.id });
      };
      const who = quoted?.speakers.map((s) => s.name).join(', ');
      return h(
        'li',
        {},
        button(
          h(
            'span',
            {},
            h('span', { class: 'badge' }, words(hit.kind)),
            ' ',
            snippetWithMarks(hit.snippet, hit.highlights),
            who ? h('span', { class: 'muted' }, ` — ${who}`) : '',
          ),
          open,
          { class: 'search-hit', 'data-kind': hit.kind },
        ),
      );
    }),
  );
}

searchInput.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => void runSearch(searchInput.value), 200);
});
searchInput.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown') {
    event.preventDefault();
    searchResults.querySelector<HTMLButtonElement>('button')?.focus();
  } else if (event.key === 'Enter') {
    clearTimeout(searchTimer);
    void runSearch(searchInput.value).then(() =>
      searchResults.querySelector<HTMLButtonElement>('button')?.focus(),
    );
  }
});
searchResults.addEventListener('keydown', (event) => {
  const buttons = [...searchResults.querySelectorAll<HTMLButtonElement>('button')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (event.key === 'ArrowDown') buttons[Math.min(at + 1, buttons.length - 1)]?.focus();
  else if (event.key === 'ArrowUp') (at <= 0 ? searchInput : buttons[at - 1])?.focus();
  else return;
  event.preventDefault();
});

document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  if (!searchResults.hidden) {
    closeSearch();
    searchInput.focus();
  } else if (state.selected) {
    navigate({ selected: null });
  } else if (state.pathFrom || state.pathTo) {
    navigate({ pathFrom: null, pathTo: null });
  }
});

void render();
