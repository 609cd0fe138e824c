import { describe, expect, it } from 'vitest';
import { isId, newId, randomBase36 } from '../src/lib/ids.js';

describe('ids', () => {
  it('when ids are made one after another, then they sort in the order they were made, each unique', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => newId('claim', 1_795_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^clm_[0-9a-z]{21}$/.test(id) && isId('claim', id))).toBe(true);
  });

  it('when ids are made in the same millisecond, then they still differ', () => {
    const ids = Array.from({ length: 10_000 }, () => newId('quote', 1_795_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('when random characters are drawn, then every base-36 digit comes up about as often', () => {
    const counts = new Map<string, number>();
    for (const char of randomBase36(360_000)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(36);
    for (const n of counts.values()) expect(Math.abs(n - 10_000)).toBeLessThan(600);
  });
});
