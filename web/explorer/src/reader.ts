import type { Claim, DocumentText, EntitySummary, Mention, Offsets, Region } from './api.ts';
import { claimLine, h, words } from './dom.ts';
import type { TextIndex } from './text-index.ts';

const ARTICLE_REGIONS = new Set(['HEADLINE', 'CAPTION', 'BYLINE', 'BODY', 'PULL_QUOTE']);
const COMMENT_REGION = 'COMMENT';

export interface ReaderInput {
  doc: DocumentText;
  index: TextIndex;
  mentions: Mention[];
  claims: Claim[];
  entities: Map<string, EntitySummary>;
  showEntity: (id: string) => boolean;
  showClaim: (claim: Claim) => boolean;
  /** Which parts to show: the article, the reader comments, or both. */
  showArticle: boolean;
  showComments: boolean;
}

interface Mark extends Offsets {
  id: string;
}

/** A stretch of text in the page, by code points, and the DOM text node that shows it. */
interface Leaf {
  node: Text;
  start: number;
  end: number;
}

/** The article as read: regions in page order, mentions and quoted words marked in place. */
export class Reader {
  readonly element: HTMLElement;
  readonly #leaves: Leaf[] = [];
  readonly #index: TextIndex;

  constructor(input: ReaderInput) {
    this.#index = input.index;
    const mentions = input.mentions
      .filter((mention) => input.showEntity(mention.entity.id))
      .map((mention) => ({ ...mention.span, id: mention.entity.id }));
    const evidence = input.claims
      .filter((claim) => input.showClaim(claim))
      .flatMap((claim) =>
        claim.attributions.flatMap((attribution) =>
          attribution.evidence.map((span) => ({ start: span.start, end: span.end, id: claim.id })),
        ),
      );
    const titles = new Map<string, string>();
    for (const claim of input.claims) titles.set(claim.id, claimLine(claim));
    for (const entity of input.entities.values()) {
      titles.set(entity.id, `${entity.name} · ${words(entity.kind)}`);
    }
    const regions = [...input.doc.regions].sort((a, b) => a.start - b.start);
    const render = (region: Region) =>
      this.#region(region, mentions, evidence, titles, input.entities);
    const article = h(
      'article',
      { class: 'article', 'aria-label': 'The article' },
      ...regions.filter((region) => ARTICLE_REGIONS.has(region.kind)).map(render),
    );
    const commentRegions = regions.filter((region) => region.kind === COMMENT_REGION);
    const comments = h(
      'section',
      { class: 'comments', 'aria-label': 'Reader comments' },
      h('h2', {}, `Reader comments (${commentRegions.length})`),
      h(
        'p',
        { class: 'note' },
        'Readers under the article, each an anonymous source of its own, apart from the reporting.',
      ),
      ...commentRegions.map((region) => {
        const comment = input.doc.comments.find(
          (candidate) => candidate.text.start >= region.start && candidate.text.end <= region.end,
        );
        return h(
          'div',
          { class: 'comment' },
          h(
            'div',
            { class: 'comment-author' },
            comment ? `${comment.number}. ${comment.name}` : '',
          ),
          render(region),
        );
      }),
    );
    const chrome = regions.filter(
      (region) => !ARTICLE_REGIONS.has(region.kind) && region.kind !== COMMENT_REGION,
    );
    this.element = h(
      'div',
      { class: 'reader' },
      h(
        'p',
        { class: 'legend' },
        h('span', { class: 'mention' }, 'Marked names'),
        ' refer to entities; ',
        h('span', { class: 'quote' }, 'underlined words'),
        ' are what someone is reported to say. Select one (click, or Tab then Enter) to see it.',
      ),
      input.showArticle && article,
      input.showComments && commentRegions.length > 0 && comments,
      chrome.length > 0 &&
        h(
          'details',
          { class: 'chrome' },
          h('summary', {}, `Page navigation and promotions (${chrome.length} parts, not marked)`),
          ...chrome.map((region) =>
            h('p', { class: 'region' }, this.#index.slice(region.start, region.end)),
          ),
        ),
    );
  }

  #region(
    region: Region,
    mentions: Mark[],
    evidence: Mark[],
    titles: Map<string, string>,
    entities: Map<string, EntitySummary>,
  ): HTMLElement {
    const inside = (mark: Mark) => mark.end > region.start && mark.start < region.end;
    const regionMentions = mentions.filter(inside);
    const regionEvidence = evidence.filter(inside);
    const cuts = new Set([region.start, region.end]);
    for (const mark of [...regionMentions, ...regionEvidence]) {
      cuts.add(Math.max(mark.start, region.start));
      cuts.add(Math.min(mark.end, region.end));
    }
    const bounds = [...cuts].sort((a, b) => a - b);
    const tag =
      region.kind === 'HEADLINE' ? 'h1' : region.kind === 'PULL_QUOTE' ? 'blockquote' : 'p';
    const block = h(tag, { class: `region region-${region.kind.toLowerCase()}` });
    let quote: HTMLElement | null = null;
    let quoteKey = '';
    let mention: HTMLElement | null = null;
    let mentionId = '';
    for (let i = 0; i + 1 < bounds.length; i += 1) {
      const start = bounds[i] ?? 0;
      const end = bounds[i + 1] ?? start;
      const covers = (mark: Mark) => mark.start <= start && mark.end >= end;
      const claimIds = [...new Set(regionEvidence.filter(covers).map((mark) => mark.id))];
      // Nested mentions ("Bill Clinton" in "President Bill Clinton's National Security Council"):
      // the innermost one is marked.
      const innermost = regionMentions
        .filter(covers)
        .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
      const key = claimIds.join(' ');
      if (key !== quoteKey) {
        quoteKey = key;
        mention = null;
        mentionId = '';
        quote = key
          ? h('span', {
              class: 'quote',
              'data-claims': key,
              tabindex: '0',
              role: 'button',
              title: claimIds.map((id) => titles.get(id) ?? '').join('\n'),
            })
          : null;
        if (quote) block.append(quote);
      }
      const parent = quote ?? block;
      const id = innermost?.id ?? '';
      if (id !== mentionId) {
        mentionId = id;
        const kind = entities.get(id)?.kind.toLowerCase() ?? 'unknown';
        mention = id
          ? h('span', {
              class: `mention kind-${kind}`,
              'data-entity': id,
              tabindex: '0',
              role: 'button',
              title: titles.get(id) ?? '',
            })
          : null;
        if (mention) parent.append(mention);
      }
      const node = document.createTextNode(this.#index.slice(start, end));
      (mention ?? parent).append(node);
      this.#leaves.push({ node, start, end });
    }
    return block;
  }

  /** DOM ranges over the words at these offsets, for the CSS highlights of a selection. */
  ranges(spans: readonly Offsets[]): Range[] {
    const ranges: Range[] = [];
    for (const span of spans) {
      const first = this.#leaves.find((leaf) => leaf.end > span.start && leaf.start < span.end);
      const last = this.#leaves.findLast((leaf) => leaf.end > span.start && leaf.start < span.end);
      if (!first || !last) continue;
      const range = document.createRange();
      const offsetIn = (leaf: Leaf, codePoint: number) =>
        this.#index.utf16(Math.min(Math.max(codePoint, leaf.start), leaf.end)) -
        this.#index.utf16(leaf.start);
      range.setStart(first.node, offsetIn(first, span.start));
      range.setEnd(last.node, offsetIn(last, span.end));
      ranges.push(range);
    }
    return ranges;
  }

  /** Marks the selection's words: a claim's quoted words, or an entity's mentions. */
  select(id: string | null): HTMLElement | null {
    for (const element of this.element.querySelectorAll('.is-selected')) {
      element.classList.remove('is-selected');
    }
    if (!id) return null;
    const marked = [
      ...this.element.querySelectorAll<HTMLElement>(
        `[data-entity="${CSS.escape(id)}"], [data-claims~="${CSS.escape(id)}"]`,
      ),
    ];
    for (const element of marked) element.classList.add('is-selected');
    return marked[0] ?? null;
  }
}
