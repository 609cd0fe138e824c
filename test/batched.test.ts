import { describe, expect, it } from 'vitest';
import { batched } from '../src/lib/batched.js';

async function* pieces(list: string[]) {
  yield* list;
}

async function collect(source: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const piece of source) out.push(piece);
  return out;
}

describe('batched', () => {
  it('when many small pieces stream, then the same text comes in pieces of at least the size (the last may be less)', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `{"n":${i}}\n`);
    const out = await collect(batched(pieces(lines), 100));
    expect(out.join('')).toBe(lines.join(''));
    expect(out.length).toBeLessThan(lines.length / 5);
    for (const piece of out.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(100);
  });

  it('when nothing streams, then nothing is yielded', async () => {
    expect(await collect(batched(pieces([]), 100))).toEqual([]);
  });
});
