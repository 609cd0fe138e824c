import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runStatement } from '../src/db/store.js';
import { writesTogether } from './helpers/writes-together.js';

/** On PostgreSQL, each write commits on its own, in turn (see group-commit.test.ts). */
const w = writesTogether();

/** A write whose deferred foreign key is still broken when it commits: the COMMIT fails. */
const brokenAtCommit = () =>
  w
    .store()
    .write(
      (tx) =>
        runStatement(tx, sql`INSERT INTO claim_tags (claim_id, tag) VALUES ('clm_missing', 'x')`),
      { deferForeignKeys: true },
    );

describe('writes sent together on PostgreSQL', () => {
  it('when ten writes are sent at once, then each commits on its own', async () => {
    await w.open();
    await w.tenWrites();
    expect(await w.storedTags()).toHaveLength(10);
    expect(w.commits).toHaveLength(10);
  });

  it('when the commit of one fails, then that one alone is refused and the other is kept', async () => {
    await w.open();
    const outcomes = await Promise.allSettled([w.writeTag('kept-beside'), brokenAtCommit()]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(await w.storedTags()).toEqual(['kept-beside']);
  });
});
