import { describe, expect, it } from 'vitest';
import { sharedRead } from '../src/lib/shared-read.js';

/** A read whose answers the test releases one at a time, counting how many were sent. */
function controlledRead() {
  const pending: Array<{ resolve: (value: number) => void; reject: (error: Error) => void }> = [];
  let sent = 0;
  const read = () =>
    new Promise<number>((resolve, reject) => {
      sent++;
      pending.push({ resolve, reject });
    });
  return {
    read,
    get sent() {
      return sent;
    },
    answer: (value: number) => pending.shift()?.resolve(value),
    fail: (message: string) => pending.shift()?.reject(new Error(message)),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('sharedRead', () => {
  it('sends a read at once for a caller when none is under way', async () => {
    const source = controlledRead();
    const mark = sharedRead(source.read);
    const first = mark();
    expect(source.sent).toBe(1);
    source.answer(7);
    await expect(first).resolves.toBe(7);
  });

  it('gives callers who asked during a read the next read, one for all of them', async () => {
    const source = controlledRead();
    const mark = sharedRead(source.read);
    const early = mark();
    const late = [mark(), mark(), mark()];
    expect(source.sent).toBe(1);
    // The first read answers with what was true before the late callers asked: not for them.
    source.answer(1);
    await expect(early).resolves.toBe(1);
    await tick();
    expect(source.sent).toBe(2);
    source.answer(2);
    await expect(Promise.all(late)).resolves.toEqual([2, 2, 2]);
    // Nobody waiting: no more reads.
    await tick();
    expect(source.sent).toBe(2);
  });

  it('fails only the callers of the read that failed, and reads again for the next', async () => {
    const source = controlledRead();
    const mark = sharedRead(source.read);
    const failing = mark();
    const next = mark();
    source.fail('connection lost');
    await expect(failing).rejects.toThrow('connection lost');
    await tick();
    source.answer(3);
    await expect(next).resolves.toBe(3);
    const after = mark();
    expect(source.sent).toBe(3);
    source.answer(4);
    await expect(after).resolves.toBe(4);
  });
});
