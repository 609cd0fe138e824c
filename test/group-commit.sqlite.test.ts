import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runStatement } from '../src/db/store.js';
import { writesTogether } from './helpers/writes-together.js';

/** On SQLite, writes that arrive together share one commit (see group-commit.test.ts). */
const w = writesTogether();

/**
 * A write whose deferred foreign key is still broken when it commits: the COMMIT fails. (Asked
 * for by the store's `deferForeignKeys`, a write would be given a commit of its own.)
 */
const brokenAtCommit = () =>
  w.store().write(async (tx) => {
    // Switched off by SQLite when the transaction ends.
    await runStatement(tx, sql`PRAGMA defer_foreign_keys = ON`);
    await runStatement(tx, sql`INSERT INTO claim_tags (claim_id, tag) VALUES ('clm_missing', 'x')`);
  });

describe('writes sent together on SQLite', () => {
  it('when ten writes are sent at once, then they share commits: fewer commits than writes', async () => {
    await w.open();
    await w.tenWrites();
    expect(await w.storedTags()).toHaveLength(10);
    expect(w.commits.length).toBeLessThan(10);
  });

  it('when the commit itself fails, then no write of the group is answered as done, and none is kept', async () => {
    await w.open();
    const outcomes = await Promise.allSettled([
      w.writeTag('kept-only-with-the-group'),
      brokenAtCommit(),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(await w.storedTags()).toEqual([]);
  });
});
