import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { tagCounts } from '../src/db/schema.js';
import type { Store } from '../src/db/store.js';
import { makeStore } from './helpers/app.js';

/** Writes that arrive together share one commit; each still succeeds or fails on its own. */
let store: Store;
let dir: string;
let file: string;
const commits: string[] = [];
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open() {
  commits.length = 0;
  ({ store, dir, file } = await makeStore({
    seed: false,
    storeOptions: { onStatement: (sql) => /^COMMIT\b/i.test(sql.trim()) && commits.push(sql) },
  }));
}

const tagsIn = (path: string) => {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.prepare('SELECT tag FROM tag_counts ORDER BY tag').pluck().all() as string[];
  } finally {
    raw.close();
  }
};

describe('writes sent together', () => {
  it('when ten writes are sent at once, then all are kept, with fewer commits than writes', async () => {
    await open();
    const tags = Array.from({ length: 10 }, (_, i) => `tag-${i}`);
    commits.length = 0;
    await Promise.all(
      tags.map((tag) =>
        store.write(async (tx) => {
          await tx.insert(tagCounts).values({ tag, claimCount: 1 });
        }),
      ),
    );
    expect(tagsIn(file)).toEqual([...tags].sort());
    expect(commits.length).toBeLessThan(tags.length);
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
    expect(tagsIn(file)).toEqual(['a', 'b', 'd']);
  });

  it('when the commit itself fails, then no write of the group is answered as done, and none is kept', async () => {
    await open();
    // A deferred foreign key that is still broken at commit makes the COMMIT fail.
    const outcomes = await Promise.allSettled([
      store.write(async (tx) => {
        await tx.insert(tagCounts).values({ tag: 'kept-only-with-the-group', claimCount: 1 });
      }),
      store.write(async (tx) => {
        // Switched off by SQLite when the transaction ends.
        await tx.run(sql`PRAGMA defer_foreign_keys = ON`);
        await tx.run(sql`INSERT INTO claim_tags (claim_id, tag) VALUES ('clm_missing', 'x')`);
      }),
    ]);
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect(tagsIn(file)).toEqual([]);
  });
});
