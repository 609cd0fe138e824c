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

  /** Code-point offsets of every occurrence of `needle`, overlapping ones included. */
  occurrences(needle: string): number[] {
    const found: number[] = [];
    const text = this.codePoints.join('');
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      found.push(Array.from(text.slice(0, at)).length);
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
  if (start !== undefined || end !== undefined) {
    const s = start ?? (end ?? 0) - Array.from(exact).length;
    const e = end ?? s + Array.from(exact).length;
    const problem = text.mismatch({ exact, start: s, end: e });
    return problem
      ? { ok: false, reason: `does not match its offsets: ${problem}` }
      : { ok: true, start: s, end: e };
  }
  const candidates = text
    .occurrences(exact)
    .filter(
      (at) =>
        (prefix === undefined || text.endsWithAt(at, prefix)) &&
        (suffix === undefined || text.startsWithAt(at + Array.from(exact).length, suffix)),
    );
  if (candidates.length === 0) {
    return {
      ok: false,
      reason:
        prefix || suffix
          ? 'is not in the source text with that prefix/suffix'
          : 'is not in the source text',
    };
  }
  if (candidates.length > 1) {
    return {
      ok: false,
      reason: `occurs ${candidates.length} times in the source text (at ${candidates.join(', ')}); give start/end or prefix/suffix`,
    };
  }
  const at = candidates[0] ?? 0;
  return { ok: true, start: at, end: at + Array.from(exact).length };
}
