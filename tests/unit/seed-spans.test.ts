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

  it('slices and maps offsets the same with or without characters beyond the BMP', () => {
    for (const source of [textWithAstral, 'plain text\nsecond line']) {
      const text = new CodePointText(source);
      const characters = [...source];
      for (const [start, end] of [
        [-4, -1],
        [5, 99],
        [1.5, 4],
      ] as const) {
        expect(text.slice(start, end)).toBe(characters.slice(start, end).join(''));
      }
      for (let start = 0; start <= characters.length + 1; start += 1) {
        for (let end = 0; end <= characters.length + 1; end += 1) {
          expect(text.slice(start, end)).toBe(characters.slice(start, end).join(''));
        }
      }
      let utf16Index = 0;
      characters.forEach((character, offset) => {
        expect(text.fromUtf16(utf16Index)).toBe(offset);
        if (character.length === 2) expect(text.fromUtf16(utf16Index + 1)).toBeUndefined();
        utf16Index += character.length;
      });
      expect(text.fromUtf16(source.length)).toBe(characters.length);
      expect(text.fromUtf16(source.length + 1)).toBeUndefined();
      expect(text.fromUtf16(-1)).toBeUndefined();
    }
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
