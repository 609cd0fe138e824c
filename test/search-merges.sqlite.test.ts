import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, send, type TestContext } from './helpers/app.js';
import {
  foundSlugs,
  postClaimsOneByOne,
  settledSearchSegments,
  staleSearchDocuments,
} from './helpers/search-documents.js';

/**
 * SQLite's search index is merged between writes, in bounded steps of their own, never inside a
 * write (src/db/sqlite/search-merges.ts). (PostgreSQL's GIN index has no segments to merge: its
 * counterpart is search-merges.pg.test.ts.)
 */
let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

describe('the search index merged between writes', () => {
  it('when FTS5 is asked, then it merges nothing inside a write', async () => {
    ctx = await makeApp();
    const config = ctx.raw
      .prepare(`SELECT v FROM claim_search_config WHERE k = 'automerge'`)
      .pluck()
      .get();
    expect(config).toBe(0);
  });

  it('when claims are written one write at a time, then the index ends in few segments and finds every claim', async () => {
    ctx = await makeApp();
    await postClaimsOneByOne(ctx, 'Okapi sighting', 40);
    // Forty writes made forty segments. Left to FTS5 with its merging off, eleven would stay (it
    // merges sixteen at once when a level holds that many); merged four at a time, few are left.
    expect(await settledSearchSegments(ctx)).toBeLessThanOrEqual(4);
    expect(await foundSlugs(ctx.app, 'okapi')).toHaveLength(20);
    const all = await send<{ items: unknown[] }>(ctx.app, 'GET', '/claims?q=okapi&limit=100');
    expect(all.body.items).toHaveLength(40);
    expect(await staleSearchDocuments(ctx.peek)).toEqual([]);
  });
});
