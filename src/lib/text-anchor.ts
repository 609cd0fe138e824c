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

  /** Code-point offsets of every occurrence of `needle` (overlapping ones included), in one pass. */
  occurrences(needle: string): number[] {
    const found: number[] = [];
    const text = this.codePoints.join('');
    let codePoint = 0;
    let unit = 0;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      for (; unit < at; unit++) {
        const code = text.charCodeAt(unit);
        // A low surrogate ends a code point its high surrogate already counted.
        if (code < 0xdc00 || code > 0xdfff) codePoint++;
      }
      found.push(codePoint);
    }
    return found;
  }

  endsWithAt(offset: number, before: string): boolean {
    const length = Array.from(before).length;
    return offset >= length && this.slice(offset - length, offset) === before;
  }

  startsWithAt(offset: number, after: string): boolean {
    return this.slice(offset, offset + Array.from(after).length) === after;
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

/** What a client gives to place a quote: the words, and optionally where or between what. */
export type QuoteSelector = {
  exact: string;
  start?: number;
  end?: number;
  prefix?: string;
  suffix?: string;
};

export type Located = { ok: true; start: number; end: number } | { ok: false; reason: string };

/**
 * Finds `exact` in the text. Offsets, when given, must hold it; otherwise `prefix`/`suffix` (the
 * text just before/after) pick among several occurrences; one occurrence needs neither.
 */
export function locateQuote(text: AnchoredText, selector: QuoteSelector): Located {
  const { exact, start, end, prefix, suffix } = selector;
  const length = Array.from(exact).length;
  const around = (at: number) =>
    (prefix === undefined || text.endsWithAt(at, prefix)) &&
    (suffix === undefined || text.startsWithAt(at + length, suffix));
  if (start !== undefined || end !== undefined) {
    const s = start ?? (end ?? 0) - length;
    const e = end ?? s + length;
    const problem = text.mismatch({ exact, start: s, end: e });
    if (problem) return { ok: false, reason: `does not match its offsets: ${problem}` };
    if (!around(s))
      return { ok: false, reason: 'is not between that prefix and suffix at its offsets' };
    return { ok: true, start: s, end: e };
  }
  const candidates = text.occurrences(exact).filter(around);
  if (candidates.length === 0) {
    const where = prefix || suffix ? ' with that prefix/suffix' : '';
    return { ok: false, reason: `is not in the source text${where}` };
  }
  if (candidates.length > 1) {
    const shown = `${candidates.slice(0, 10).join(', ')}${candidates.length > 10 ? ', …' : ''}`;
    return {
      ok: false,
      reason: `occurs ${candidates.length} times in the source text (at ${shown}); give start/end or prefix/suffix`,
    };
  }
  const at = candidates[0] ?? 0;
  return { ok: true, start: at, end: at + length };
}
