/**
 * Numbers stated as values: money with its currency and period ("$1.2bn a year", "between
 * $1.2bn and $1.8bn"), percentages and ranges of them ("50-80%"), and counts ("three years",
 * "several dozen leaders").
 */
import type { Quantity } from '../../seed/format.ts';
import type { ArticleText, Range } from '../text.ts';

export interface DraftQuantity {
  range: Range;
  value: Omit<Quantity, 'span'>;
}

const CURRENCIES: Record<string, string> = { $: 'USD', '£': 'GBP', '€': 'EUR', '¥': 'CNY' };
const SCALES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  bn: 1e9,
  billion: 1e9,
  tn: 1e12,
  trillion: 1e12,
};
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  dozen: 12,
};
const PERIODS: Record<string, string> = {
  year: 'year',
  annually: 'year',
  month: 'month',
  week: 'week',
  day: 'day',
  hour: 'hour',
};

const MONEY_AMOUNT =
  '([$£€¥])\\s?(\\d+(?:[.,]\\d+)*)\\s?(bn|billion|tn|trillion|mn|m|million|k|thousand)?\\b';
const MONEY = new RegExp(
  `(?:(between|from|more than|over|up to|as much as|about|around|nearly|almost|at least)\\s+)?${MONEY_AMOUNT}(?:\\s*(?:-|–|to|and)\\s*${MONEY_AMOUNT})?(?:\\s+(?:a|an|per|each)\\s+(year|month|week|day|hour)|\\s+(annually))?`,
  'g',
);
const PERCENT =
  /(?:(more than|over|up to|about|around|nearly|almost|at least)\s+)?(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?\s?(?:%|per ?cent\b)/g;
const COUNT = new RegExp(
  `\\b(?:(several|a few)\\s+)?(\\d+(?:,\\d{3})*|${Object.keys(NUMBER_WORDS).join('|')})\\s+(?:or\\s+(\\d+|${Object.keys(NUMBER_WORDS).join('|')})\\s+)?(years|months|weeks|days|hours|people|companies|firms|groups|countries|industries|hackers|attacks|intrusions|jobs|officials|leaders)\\b`,
  'gi',
);

function amount(digits: string, scale: string | undefined): number {
  return Number(digits.replace(/,/g, '')) * (scale ? (SCALES[scale.toLowerCase()] ?? 1) : 1);
}

function numberWord(word: string): number {
  const lower = word.toLowerCase();
  return NUMBER_WORDS[lower] ?? Number(lower.replace(/,/g, ''));
}

function singular(noun: string): string {
  const lower = noun.toLowerCase();
  if (lower.endsWith('ies')) return `${lower.slice(0, -3)}y`;
  return lower.endsWith('s') ? lower.slice(0, -1) : lower;
}

const LOWER = new Set(['more than', 'over', 'at least']);
const UPPER = new Set(['up to', 'as much as']);
const APPROXIMATE = new Set(['about', 'around', 'nearly', 'almost', 'several', 'a few']);

function bounded(
  qualifier: string | undefined,
  first: number,
  second: number | undefined,
): Pick<Quantity, 'amount' | 'lower' | 'upper' | 'approximate'> {
  if (second !== undefined) return { lower: first, upper: second };
  const lowered = qualifier?.toLowerCase();
  if (lowered && LOWER.has(lowered)) return { lower: first };
  if (lowered && UPPER.has(lowered)) return { upper: first };
  return lowered && APPROXIMATE.has(lowered)
    ? { amount: first, approximate: true }
    : { amount: first };
}

export function findQuantities(article: ArticleText, within: Range): DraftQuantity[] {
  const text = article.slice(within);
  const found: DraftQuantity[] = [];
  const add = (index: number, length: number, value: DraftQuantity['value']) => {
    const range = { start: within.start + index, end: within.start + index + length };
    if (found.some((q) => q.range.start < range.end && range.start < q.range.end)) return;
    found.push({ range, value });
  };
  for (const m of text.matchAll(MONEY)) {
    const [whole, qualifier, symbol = '$', digits = '0', scale, , secondDigits, secondScale] = m;
    const period = m[8] ?? m[9];
    const first = amount(digits, scale ?? secondScale);
    const second = secondDigits === undefined ? undefined : amount(secondDigits, secondScale);
    add(m.index, whole.length, {
      ...bounded(
        qualifier === 'between' || qualifier === 'from' ? undefined : qualifier,
        first,
        second,
      ),
      unit: CURRENCIES[symbol] ?? 'USD',
      ...(period ? { period: PERIODS[period.toLowerCase()] ?? period } : {}),
    });
  }
  for (const m of text.matchAll(PERCENT)) {
    const [whole, qualifier, first = '0', second] = m;
    add(m.index, whole.length, {
      ...bounded(qualifier, Number(first), second === undefined ? undefined : Number(second)),
      unit: 'percent',
    });
  }
  for (const m of text.matchAll(COUNT)) {
    const [whole, qualifier, first = '0', second, noun = ''] = m;
    add(m.index, whole.length, {
      ...bounded(
        qualifier,
        numberWord(first),
        second === undefined ? undefined : numberWord(second),
      ),
      unit: singular(noun),
    });
  }
  return found.sort((a, b) => a.range.start - b.range.start);
}
