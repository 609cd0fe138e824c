import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/db/sqlite/store.js';
import { runStatement } from '../src/db/store.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { foundSlugs, staleSearchDocuments } from './helpers/search-documents.js';

/**
 * On SQLite the triggers only note which claims a write changed, and the store indexes them once,
 * just before it commits (migration 0022): PostgreSQL keeps its documents in the write itself.
 */
let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

const noted = (c: TestContext) =>
  (c.raw.prepare('SELECT count(*) AS n FROM search_pending').get() as { n: number }).n;
/** Matches in the index itself, through the test's own connection. */
const indexed = (c: TestContext, q: string) =>
  (
    c.raw.prepare('SELECT count(*) AS n FROM claim_search WHERE claim_search MATCH ?').get(q) as {
      n: number;
    }
  ).n;
const found = (c: TestContext, q: string) => foundSlugs(c.app, q);

describe('the search index brought up to date at each commit', () => {
  it('when a claim is posted and then edited, then nothing is left noted (search-at-commit.test.ts: it is searchable)', async () => {
    ctx = await makeApp();
    const { editor } = await makeKeys(ctx.store);
    const body = {
      text: 'The okapi is a giraffe',
      claimantId: 'mike-pompeo',
      statedAt: '2021-01-12',
    };
    const created = await send(ctx.app, 'POST', '/claims', {
      key: editor,
      body: { ...body, slug: 'okapi-claim', tags: ['congo'] },
    });
    expect(created.status).toBe(201);
    expect(noted(ctx)).toBe(0);
    const edited = await send(ctx.app, 'PATCH', '/claims/okapi-claim', {
      key: editor,
      headers: { 'if-match': String(created.headers.etag) },
      body: { tags: ['forests'] },
    });
    expect(edited.status).toBe(200);
    expect(noted(ctx)).toBe(0);
  });

  it('when a write fails, then nothing it noted is left and the index is as before', async () => {
    ctx = await makeApp();
    const before = await found(ctx, 'pompeo');
    const failed = ctx.store.write(async (tx) => {
      await runStatement(tx, sql`UPDATE claims SET text = 'Zebras only' WHERE slug = ${before[0]}`);
      throw new Error('the write gives up');
    });
    await expect(failed).rejects.toThrow('the write gives up');
    expect(noted(ctx)).toBe(0);
    expect(await found(ctx, 'zebras')).toEqual([]);
    expect(await found(ctx, 'pompeo')).toEqual(before);
  });

  it('when another process holds the write lock and nothing is left to index, then a start does not wait for it', async () => {
    ctx = await makeApp();
    const release = await ctx.writeLock.hold();
    const again = openSqliteStore(ctx.file, { busyTimeoutMs: 100 });
    try {
      await expect(again.migrate()).resolves.toBeUndefined();
    } finally {
      await again.close();
      await release();
    }
  });

  it('when claims are written by hand outside the app, then the app indexes them when it starts', async () => {
    ctx = await makeApp();
    // As the sqlite3 shell would: statements committed one by one, by no store.
    ctx.raw.exec(
      `UPDATE claims SET text = 'Quokkas everywhere' WHERE seq = (SELECT min(seq) FROM claims)`,
    );
    expect(noted(ctx)).toBe(1);
    expect(indexed(ctx, 'quokkas')).toBe(0);

    const again = openSqliteStore(ctx.file);
    try {
      await again.migrate();
    } finally {
      await again.close();
    }
    expect(noted(ctx)).toBe(0);
    expect(indexed(ctx, 'quokkas')).toBe(1);
    expect(await found(ctx, 'quokkas')).toHaveLength(1);
    expect(await staleSearchDocuments(ctx.peek)).toEqual([]);
  });
});
