import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, send, type TestContext } from './helpers/app.js';
import {
  foundSlugs,
  postClaimsOneByOne,
  searchSegments,
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

/** The segment count once the merging has stopped changing it (at most 5 s). */
async function settledSegments(c: TestContext): Promise<number> {
  let last = searchSegments(c);
  for (let waited = 0; waited < 5000; waited += 200) {
    await sleep(200);
    const now = searchSegments(c);
    if (now === last && waited >= 400) return now;
    last = now;
  }
  return last;
}

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
    expect(await settledSegments(ctx)).toBeLessThanOrEqual(4);
    expect(await foundSlugs(ctx.app, 'okapi')).toHaveLength(20);
    const all = await send<{ items: unknown[] }>(ctx.app, 'GET', '/claims?q=okapi&limit=100');
    expect(all.body.items).toHaveLength(40);
    expect(await staleSearchDocuments(ctx.peek)).toEqual([]);
  });
});
