import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { MAKE_NOTED_DOCUMENTS } from '../src/db/pg/noted-search.js';
import { runStatement } from '../src/db/store.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { foundSlugs, staleSearchDocuments } from './helpers/search-documents.js';

/**
 * On PostgreSQL, within the app's writes the triggers only note which claims a write changed, in
 * a table of the connection's own, and each noted claim's document is made once as the write
 * commits (SQLite's counterpart: search-pending.sqlite.test.ts). Outside the app (psql) the
 * triggers make the document at once.
 */
let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

const found = (c: TestContext, q: string) => foundSlugs(c.app, q);

/** A connection of the test's own to the test's database, as psql would open. */
async function byHand<T>(c: TestContext, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: c.databaseEnv.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const okapi = {
  slug: 'okapi-claim',
  text: 'The okapi is a giraffe',
  claimantId: 'mike-pompeo',
  statedAt: '2021-01-12',
  tags: ['wildlife', 'congo'],
};

describe('the search documents made as each write commits', () => {
  it('when the first write on the only connection is rolled back, then the next writes are still searchable', async () => {
    ctx = await makeApp({ seed: false, storeOptions: { poolMax: 1 } });
    const failed = ctx.store.write(async (tx) => {
      await runStatement(tx, sql`UPDATE claims SET text = 'Zebras only'`);
      throw new Error('the write gives up');
    });
    await expect(failed).rejects.toThrow('the write gives up');

    const { editor } = await makeKeys(ctx.store);
    const actor = await send<{ id: string }>(ctx.app, 'POST', '/actors', {
      key: editor,
      body: { kind: 'person', name: 'Mike Pompeo', slug: 'mike-pompeo' },
    });
    expect(actor.status, JSON.stringify(actor.body)).toBe(201);
    const created = await send(ctx.app, 'POST', '/claims', { key: editor, body: okapi });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(await found(ctx, 'okapi congo')).toEqual(['okapi-claim']);
    expect(await staleSearchDocuments(ctx.peek)).toEqual([]);
  });

  it('when claims are written by hand outside the app, then their documents are made in that write', async () => {
    ctx = await makeApp();
    await byHand(ctx, (client) =>
      client.query(
        `UPDATE claims SET text = 'Quokkas everywhere' WHERE seq = (SELECT min(seq) FROM claims)`,
      ),
    );
    expect(await found(ctx, 'quokkas')).toHaveLength(1);
    expect(await staleSearchDocuments(ctx.peek)).toEqual([]);
  });

  it('when a write notes one claim among 20,000, then its document is made from that claim alone, through the id index', async () => {
    ctx = await makeApp({ seed: false });
    const plan = await byHand(ctx, async (client) => {
      await client.query(`INSERT INTO claims (id, slug, text, stated_at, created_at, updated_at)
        SELECT 'clm_bulk' || n, 'bulk-' || n, 'Claim number ' || n, '2021-01-12',
          '2021-01-12T00:00:00.000Z', '2021-01-12T00:00:00.000Z'
        FROM generate_series(1, 20000) n`);
      await client.query('ANALYZE claims');
      // As the app's write does: the triggers note the claim in the connection's own table.
      await client.query('BEGIN');
      await client.query('CREATE TEMP TABLE search_pending (claim_id text PRIMARY KEY)');
      await client.query(`INSERT INTO search_pending VALUES ('clm_bulk777')`);
      const insert = MAKE_NOTED_DOCUMENTS.slice(0, MAKE_NOTED_DOCUMENTS.indexOf(';'));
      const explained = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ANALYZE ${insert}`);
      await client.query('ROLLBACK');
      return explained.rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index Scan using claims_id_unique on claims/);
    expect(plan).not.toMatch(/Seq Scan on claims/);
    expect(plan).toMatch(/on claims c .*actual time=[\d.]+\.\.[\d.]+ rows=1 loops=1/);
  });
});
