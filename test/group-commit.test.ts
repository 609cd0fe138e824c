import { rmSync } from 'node:fs';
import { asc } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { tagCounts } from '../src/db/schema.js';
import type { Store } from '../src/db/store.js';
import { makeStore } from './helpers/app.js';

/**
 * Writes that arrive together: each succeeds or fails on its own, whether they share a commit
 * (SQLite: group-commit.sqlite.test.ts) or each has its own (PostgreSQL: group-commit.pg.test.ts).
 */
let store: Store;
let dir: string;
let drop: () => Promise<void>;
afterEach(async () => {
  await store.close();
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

async function open() {
  ({ store, dir, drop } = await makeStore({ seed: false }));
}

const storedTags = () =>
  store.read(async (tx) =>
    (await tx.select({ tag: tagCounts.tag }).from(tagCounts).orderBy(asc(tagCounts.tag))).map(
      (row) => row.tag,
    ),
  );

describe('writes sent together', () => {
  it('when ten writes are sent at once, then all are kept', async () => {
    await open();
    const tags = Array.from({ length: 10 }, (_, i) => `tag-${i}`);
    await Promise.all(
      tags.map((tag) =>
        store.write(async (tx) => {
          await tx.insert(tagCounts).values({ tag, claimCount: 1 });
        }),
      ),
    );
    expect(await storedTags()).toEqual([...tags].sort());
  });

  it('when one of them fails, then it alone is undone and gets its error; the others are kept', async () => {
    await open();
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((tag) =>
        store.write(async (tx) => {
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
    expect(await storedTags()).toEqual(['a', 'b', 'd']);
  });
});
