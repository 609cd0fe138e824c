import { rmSync } from 'node:fs';
import { asc, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { tagCounts } from '../src/db/schema.js';
import { runStatement, type Store } from '../src/db/store.js';
import { makeStore } from './helpers/app.js';

/** On SQLite, writes that arrive together share one commit (see group-commit.test.ts). */
let store: Store;
let dir: string;
let drop: () => Promise<void>;
afterEach(async () => {
  await store.close();
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

const commits: string[] = [];
async function open() {
  commits.length = 0;
  ({ store, dir, drop } = await makeStore({
    seed: false,
    storeOptions: { onStatement: (sql) => /^COMMIT\b/i.test(sql.trim()) && commits.push(sql) },
  }));
}

const tenWrites = () =>
  Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      store.write(async (tx) => {
        await tx.insert(tagCounts).values({ tag: `tag-${i}`, claimCount: 1 });
      }),
    ),
  );

/**
 * A write whose deferred foreign key is still broken when it commits: the COMMIT fails. (Asked
 * for by the store's `deferForeignKeys`, a write would be given a commit of its own.)
 */
const brokenAtCommit = () =>
  store.write(async (tx) => {
    // Switched off by SQLite when the transaction ends.
    await runStatement(tx, sql`PRAGMA defer_foreign_keys = ON`);
    await runStatement(tx, sql`INSERT INTO claim_tags (claim_id, tag) VALUES ('clm_missing', 'x')`);
  });

const keptBeside = () =>
  store.write(async (tx) => {
    await tx.insert(tagCounts).values({ tag: 'kept-beside', claimCount: 1 });
  });

const storedTags = () =>
  store.read(async (tx) =>
    (await tx.select({ tag: tagCounts.tag }).from(tagCounts).orderBy(asc(tagCounts.tag))).map(
      (row) => row.tag,
    ),
  );

describe('writes sent together on SQLite', () => {
  it('when ten writes are sent at once, then they share commits: fewer commits than writes', async () => {
    await open();
    await tenWrites();
    expect(await storedTags()).toHaveLength(10);
    expect(commits.length).toBeLessThan(10);
  });

  it('when the commit itself fails, then no write of the group is answered as done, and none is kept', async () => {
    await open();
    const outcomes = await Promise.allSettled([keptBeside(), brokenAtCommit()]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(await storedTags()).toEqual([]);
  });
});
