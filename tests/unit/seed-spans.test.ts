import { describe, expect, it } from 'vitest';
import {
  CodePointText,
  codePointLength,
  sliceCodePoints,
  spanContains,
  spansOverlap,
} from '../../src/seed/spans.ts';

// "😀" is one code point but two UTF-16 code units: offsets after it differ between the two.
const textWithAstral = 'a😀b “c” £d\nsecond 😀 line';

describe('code-point spans', () => {
  it('slices by code point, not by UTF-16 unit', () => {
    expect(sliceCodePoints(textWithAstral, 1, 2)).toBe('😀');
    expect(sliceCodePoints(textWithAstral, 2, 3)).toBe('b');
    expect(textWithAstral.slice(2, 3)).not.toBe('b');
  });

  it('counts code points', () => {
    expect(codePointLength(textWithAstral)).toBe([...textWithAstral].length);
    expect(codePointLength('😀😀')).toBe(2);
  });

  it('finds phrases at code-point offsets', () => {
    const text = new CodePointText(textWithAstral);
    expect(text.findAll('b')).toEqual([2]);
    expect(text.find('line')).toEqual({ start: 20, end: 24, exact: 'line' });
    expect(text.find('😀', 1)?.start).toBe(18);
    expect(text.find('absent')).toBeUndefined();
    expect(text.slice(4, 7)).toBe('“c”');
  });

  it('maps offsets to lines and columns', () => {
    const text = new CodePointText(textWithAstral);
    expect(text.lineOf(0)).toBe(1);
    expect(text.positionOf(11)).toEqual({ line: 2, column: 1 });
    expect(text.positionOf(18)).toEqual({ line: 2, column: 8 });
  });

  it('tells overlap from containment, with exclusive ends', () => {
    expect(spansOverlap({ start: 0, end: 5 }, { start: 5, end: 8 })).toBe(false);
    expect(spansOverlap({ start: 0, end: 6 }, { start: 5, end: 8 })).toBe(true);
    expect(spanContains({ start: 0, end: 8 }, { start: 5, end: 8 })).toBe(true);
    expect(spanContains({ start: 0, end: 7 }, { start: 5, end: 8 })).toBe(false);
  });
});
