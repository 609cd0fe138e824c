/**
 * Quotes are anchored in a source's text by offsets counted in Unicode code points, end exclusive
 * (W3C Web Annotation TextPositionSelector), so they mean the same thing in every language runtime.
 */
export class AnchoredText {
  private readonly codePoints: string[];

  constructor(text: string) {
    this.codePoints = Array.from(text);
  }

  get length(): number {
    return this.codePoints.length;
  }

  slice(start: number, end: number): string {
    return this.codePoints.slice(start, end).join('');
  }

  /** Why `exact` is not the text at [start, end), or null when it is. */
  mismatch(anchor: { exact: string; start: number; end: number }): string | null {
    const { exact, start, end } = anchor;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) {
      return `offsets [${start}, ${end}) are not a valid range`;
    }
    if (end > this.length) {
      return `offsets [${start}, ${end}) run past the end of the text (${this.length} code points)`;
    }
    const found = this.slice(start, end);
    if (found !== exact) {
      return `the text at [${start}, ${end}) is ${JSON.stringify(found)}, not ${JSON.stringify(exact)}`;
    }
    return null;
  }
}
