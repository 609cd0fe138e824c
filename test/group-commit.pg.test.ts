import { rmSync } from 'node:fs';
import { asc, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { tagCounts } from '../src/db/schema.js';
import { runStatement, type Store } from '../src/db/store.js';
import { makeStore } from './helpers/app.js';

/** On PostgreSQL, each write commits on its own, in turn (see group-commit.test.ts). */
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

/** A write whose deferred foreign key is still broken when it commits: the COMMIT fails. */
const brokenAtCommit = () =>
  store.write(
    (tx) =>
      runStatement(tx, sql`INSERT INTO claim_tags (claim_id, tag) VALUES ('clm_missing', 'x')`),
    { deferForeignKeys: true },
  );

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

describe('writes sent together on PostgreSQL', () => {
  it('when ten writes are sent at once, then each commits on its own', async () => {
    await open();
    await tenWrites();
    expect(await storedTags()).toHaveLength(10);
    expect(commits).toHaveLength(10);
  });

  it('when the commit of one fails, then that one alone is refused and the other is kept', async () => {
    await open();
    const outcomes = await Promise.allSettled([keptBeside(), brokenAtCommit()]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(await storedTags()).toEqual(['kept-beside']);
  });
});
