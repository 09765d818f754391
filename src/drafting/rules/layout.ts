/**
 * The page's parts from its layout: the headline first, a byline, reader comments ("Comment
 * number N." blocks), and the rest as body paragraphs. Every non-blank line ends up in exactly
 * one region, as the validator requires.
 */
import type { RegionKind } from '../../domain/vocabulary.ts';
import { type ArticleText, paragraphs, type Range } from '../text.ts';

export interface DraftRegion {
  key: string;
  kind: RegionKind;
  range: Range;
}

export interface DraftComment {
  number: number;
  regionKey: string;
  label: Range;
  text: Range;
}

export interface Byline {
  range: Range;
  authorNames: Range[];
  role: Range | null;
  publisher: Range | null;
}

export interface Layout {
  regions: DraftRegion[];
  comments: DraftComment[];
  headline: Range;
  byline: Byline | null;
}

const COMMENT_LABEL = /^Comment number ([1-9][0-9]*)\.$/;
const COMMENT_MARKER = /^(?:[•*·-]\s*)?(?:rate this|report|reply)$/i;
const ROLE_WORDS = 'correspondent|reporter|editor|writer|columnist|contributor|analyst';
const NAME = "[A-Z][\\p{L}'’-]+(?: [A-Z][\\p{L}'’-]+)+";

function byline(article: ArticleText, range: Range): Byline | null {
  const text = article.slice(range);
  const at = (index: number, length: number): Range => ({
    start: range.start + index,
    end: range.start + index + length,
  });
  const by = new RegExp(`^By (${NAME})(?:, ([^,]+))?(?:, ([^,]+))?$`, 'u').exec(text);
  if (by?.[1]) {
    const role = by[2] ? text.indexOf(by[2], by[1].length + 3) : -1;
    const publisher = by[3] ? text.lastIndexOf(by[3]) : -1;
    return {
      range,
      authorNames: [at(3, by[1].length)],
      role: by[2] && role >= 0 ? at(role, by[2].length) : null,
      publisher: by[3] && publisher >= 0 ? at(publisher, by[3].length) : null,
    };
  }
  const written = /written by ([A-Z][\p{L}'’-]+ [A-Z][\p{L}'’-]+)/u.exec(text);
  const role = new RegExp(`((?:[A-Z][a-z]+ )*(?:${ROLE_WORDS}))$`, 'iu').exec(text);
  if (!written?.[1]) return null;
  const name = written[1];
  const names: Range[] = [];
  for (
    let index = text.indexOf(name);
    index >= 0;
    index = text.indexOf(name, index + name.length)
  ) {
    names.push(at(index, name.length));
  }
  return {
    range,
    authorNames: names,
    role: role?.[1] ? at(role.index, role[1].length) : null,
    publisher: null,
  };
}

function looksLikeByline(text: string): boolean {
  return (
    /^By [A-Z]/.test(text) ||
    /written by [A-Z]/.test(text) ||
    (text.split(/\s+/).length <= 14 &&
      new RegExp(`\\b(?:${ROLE_WORDS})\\b`, 'i').test(text) &&
      !/[.!?]$/.test(text))
  );
}

export function readLayout(article: ArticleText): Layout {
  const blocks = paragraphs(article);
  const regions: DraftRegion[] = [];
  const comments: DraftComment[] = [];
  const headline = blocks[0] ?? { start: 0, end: article.text.length };
  let found: Byline | null = null;
  let body = 0;
  for (let index = 0; index < blocks.length; index += 1) {
    const block = blocks[index] as Range;
    const text = article.slice(block);
    if (index === 0) {
      regions.push({ key: 'region:headline', kind: 'headline', range: block });
      continue;
    }
    const next = blocks[index + 1];
    const label = next ? COMMENT_LABEL.exec(article.slice(next)) : null;
    if (COMMENT_MARKER.test(text) && label) continue; // taken with the comment below
    const own = COMMENT_LABEL.exec(text);
    if (own?.[1]) {
      const previous = blocks[index - 1];
      const start =
        previous && COMMENT_MARKER.test(article.slice(previous)) ? previous.start : block.start;
      let last = index;
      while (last + 1 < blocks.length) {
        const following = article.slice(blocks[last + 1] as Range);
        if (COMMENT_LABEL.test(following) || COMMENT_MARKER.test(following)) break;
        last += 1;
      }
      const number = Number(own[1]);
      const regionKey = `region:comment-${number}`;
      const end = (blocks[last] as Range).end;
      regions.push({ key: regionKey, kind: 'comment', range: { start, end } });
      if (last > index) {
        comments.push({
          number,
          regionKey,
          label: block,
          text: { start: (blocks[index + 1] as Range).start, end },
        });
      }
      index = last;
      continue;
    }
    if (!found && looksLikeByline(text)) {
      found = byline(article, block);
      if (found) {
        regions.push({ key: 'region:byline', kind: 'byline', range: block });
        continue;
      }
    }
    body += 1;
    regions.push({ key: `region:body-${body}`, kind: 'body', range: block });
  }
  // A number given to two comments would give two regions one id: keep the first.
  const seen = new Set<string>();
  return {
    regions: regions.filter((region) => !seen.has(region.key) && seen.add(region.key)),
    comments: comments.filter(
      (comment, index) => comments.findIndex((c) => c.number === comment.number) === index,
    ),
    headline,
    byline: found,
  };
}
