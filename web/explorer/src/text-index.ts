/**
 * The API counts offsets in Unicode code points, JavaScript strings in UTF-16 units: this maps
 * the first to the second once per document, so that astral characters never shift a mark.
 */
export class TextIndex {
  readonly #utf16: Uint32Array;

  constructor(readonly text: string) {
    const offsets: number[] = [];
    let unit = 0;
    for (const character of text) {
      offsets.push(unit);
      unit += character.length;
    }
    offsets.push(unit);
    this.#utf16 = Uint32Array.from(offsets);
  }

  utf16(codePoint: number): number {
    const last = this.#utf16.length - 1;
    return this.#utf16[Math.max(0, Math.min(codePoint, last))] ?? 0;
  }

  slice(start: number, end: number): string {
    return this.text.slice(this.utf16(start), this.utf16(end));
  }
}
