/**
 * Quotes are anchored in a source's text by offsets counted in Unicode code points, end exclusive
 * (W3C Web Annotation TextPositionSelector), so they mean the same thing in every language runtime.
 *
 * Every operation here is linear in the text plus the quote: the code-point ↔ UTF-16 mapping is
 * made once per text, and strings are compared as UTF-16 slices at code-point boundaries (which is
 * the same as comparing code points), never by re-splitting the text.
 */
export class AnchoredText {
  readonly length: number;
  /** UTF-16 index of each code point (and of the end); null when the two counts agree. */
  private readonly units: Uint32Array | null;

  constructor(readonly text: string) {
    if (!/[\ud800-\udfff]/.test(text)) {
      this.length = text.length;
      this.units = null;
      return;
    }
    const units = new Uint32Array(text.length + 1);
    let codePoint = 0;
    for (let unit = 0; unit < text.length; unit++) {
      if (!isBoundary(text, unit)) continue;
      units[codePoint++] = unit;
    }
    units[codePoint] = text.length;
    this.length = codePoint;
    this.units = units.subarray(0, codePoint + 1);
  }

  /** The UTF-16 index of a code-point offset, clamped to the text. */
  private unitAt(offset: number): number {
    const at = Math.min(Math.max(offset, 0), this.length);
    return this.units === null ? at : (this.units[at] ?? this.text.length);
  }

  slice(start: number, end: number): string {
    const from = start < 0 ? this.length + start : start;
    const to = end < 0 ? this.length + end : end;
    return from >= to ? '' : this.text.slice(this.unitAt(from), this.unitAt(to));
  }

  /** Code-point offsets of every occurrence of `needle` (overlapping ones included), in one pass. */
  occurrences(needle: string): number[] {
    return this.between('', needle, '');
  }

  /**
   * Code-point offsets of every occurrence of `exact` that has `prefix` just before it and
   * `suffix` just after (overlapping ones included): one linear search for the three together.
   */
  between(prefix: string, exact: string, suffix: string): number[] {
    const found: number[] = [];
    if (exact === '') return found;
    const { text } = this;
    const needle = prefix + exact + suffix;
    let codePoint = 0;
    let unit = 0;
    for (const at of matches(text, needle)) {
      const start = at + prefix.length;
      const end = start + exact.length;
      // A match that splits a surrogate pair is not a match of code points.
      if (![at, start, end, end + suffix.length].every((u) => isBoundary(text, u))) continue;
      for (; unit < start; unit++) if (isBoundary(text, unit)) codePoint++;
      found.push(codePoint);
    }
    return found;
  }

  endsWithAt(offset: number, before: string): boolean {
    if (offset < 0 || offset > this.length) return false;
    const end = this.unitAt(offset);
    const start = end - before.length;
    return start >= 0 && isBoundary(this.text, start) && this.text.startsWith(before, start);
  }

  startsWithAt(offset: number, after: string): boolean {
    if (offset < 0 || offset > this.length) return after === '';
    const start = this.unitAt(offset);
    const end = start + after.length;
    return (
      end <= this.text.length && isBoundary(this.text, end) && this.text.startsWith(after, start)
    );
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

/** Whether a UTF-16 index is between two code points (not inside a surrogate pair). */
function isBoundary(text: string, unit: number): boolean {
  if (unit <= 0 || unit >= text.length) return true;
  const code = text.charCodeAt(unit);
  const before = text.charCodeAt(unit - 1);
  return !(code >= 0xdc00 && code <= 0xdfff && before >= 0xd800 && before <= 0xdbff);
}

/**
 * UTF-16 indexes of every occurrence of `needle` in `text`, overlapping ones included (Knuth–
 * Morris–Pratt: linear even where `indexOf` from each match would be quadratic, as for 'aaa…').
 */
function* matches(text: string, needle: string): Generator<number> {
  const m = needle.length;
  const fallback = new Int32Array(m + 1);
  fallback[0] = -1;
  for (let i = 1, k = -1; i <= m; i++) {
    while (k >= 0 && needle.charCodeAt(k) !== needle.charCodeAt(i - 1)) k = fallback[k] ?? -1;
    fallback[i] = ++k;
  }
  for (let i = 0, k = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    while (k >= 0 && needle.charCodeAt(k) !== code) k = fallback[k] ?? -1;
    k++;
    if (k === m) {
      yield i - m + 1;
      k = fallback[m] ?? 0;
    }
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
  if (start !== undefined || end !== undefined) {
    const s = start ?? (end ?? 0) - length;
    const e = end ?? s + length;
    const problem = text.mismatch({ exact, start: s, end: e });
    if (problem) return { ok: false, reason: `does not match its offsets: ${problem}` };
    const around =
      (prefix === undefined || text.endsWithAt(s, prefix)) &&
      (suffix === undefined || text.startsWithAt(e, suffix));
    if (!around)
      return { ok: false, reason: 'is not between that prefix and suffix at its offsets' };
    return { ok: true, start: s, end: e };
  }
  const candidates = text.between(prefix ?? '', exact, suffix ?? '');
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
