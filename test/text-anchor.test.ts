import { describe, expect, it } from 'vitest';
import { AnchoredText, locateQuote } from '../src/lib/text-anchor.js';

describe('AnchoredText (code-point offsets, end exclusive)', () => {
  it('counts a character outside the BMP as one position, not two UTF-16 units', () => {
    const text = new AnchoredText('🙂 Iran “home base”');
    expect(text.length).toBe(18);
    expect(text.slice(2, 6)).toBe('Iran');
    expect(text.mismatch({ exact: 'Iran', start: 2, end: 6 })).toBeNull();
    expect(text.mismatch({ exact: '“home base”', start: 7, end: 18 })).toBeNull();
  });

  it('says what stands at offsets that do not hold the quote', () => {
    const text = new AnchoredText('al-Qaeda has a new home base');
    expect(text.mismatch({ exact: 'home base', start: 18, end: 27 })).toBe(
      'the text at [18, 27) is " home bas", not "home base"',
    );
    expect(text.mismatch({ exact: 'x', start: 5, end: 5 })).toMatch(/not a valid range/);
    expect(text.mismatch({ exact: 'base!', start: 24, end: 29 })).toMatch(/run past the end/);
  });
});

describe('locateQuote', () => {
  it('counts code points in one pass, caps the offsets it lists, and checks prefix/suffix against offsets', () => {
    const big = new AnchoredText(`🙂${'a'.repeat(200_000)}`);
    const many = locateQuote(big, { exact: 'a' });
    expect(many.ok).toBe(false);
    if (!many.ok)
      expect(many.reason).toMatch(/^occurs 200000 times in the source text \(at 1, 2, .*, 10, …\)/);
    const text = new AnchoredText('🙂 we win, we win');
    expect(locateQuote(text, { exact: 'we win', suffix: ',' })).toEqual({
      ok: true,
      start: 2,
      end: 8,
    });
    expect(locateQuote(text, { exact: 'we win', start: 10, prefix: 'zz' })).toMatchObject({
      ok: false,
    });
    expect(locateQuote(text, { exact: 'we win', start: 10, prefix: ', ' })).toEqual({
      ok: true,
      start: 10,
      end: 16,
    });
  });
});
