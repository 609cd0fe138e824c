import { describe, expect, it } from 'vitest';
import { tagCounts } from '../src/db/schema.js';
import { writesTogether } from './helpers/writes-together.js';

/**
 * Writes that arrive together: each succeeds or fails on its own, whether they share a commit
 * (SQLite: group-commit.sqlite.test.ts) or each has its own (PostgreSQL: group-commit.pg.test.ts).
 */
const w = writesTogether();

describe('writes sent together', () => {
  it('when ten writes are sent at once, then all are kept', async () => {
    await w.open();
    await w.tenWrites();
    expect(await w.storedTags()).toEqual(Array.from({ length: 10 }, (_, i) => `tag-${i}`).sort());
  });

  it('when one of them fails, then it alone is undone and gets its error; the others are kept', async () => {
    await w.open();
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((tag) =>
        w.store().write(async (tx) => {
          await tx.insert(tagCounts).values({ tag, claimCount: 1 });
          if (tag === 'c') throw new Error('refused by a rule');
          return tag;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const failed = outcomes[2];
    expect(failed?.status === 'rejected' && String(failed.reason)).toContain('refused by a rule');
    expect(await w.storedTags()).toEqual(['a', 'b', 'd']);
  });
});
