import { describe, expect, it } from 'vitest';
import { AnchoredText } from '../src/lib/text-anchor.js';

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
