import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, send, type TestContext } from './helpers/app.js';
import { postClaimsOneByOne, staleSearchDocuments } from './helpers/search-documents.js';

/**
 * PostgreSQL's counterpart of search-merges.sqlite.test.ts: its GIN index has no segments for the
 * store to merge; claims written one write at a time are each found, their documents exact.
 */
let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

describe('the search index after writes one at a time', () => {
  it('when claims are written one write at a time, then every claim is found', async () => {
    ctx = await makeApp();
    await postClaimsOneByOne(ctx, 'Okapi sighting', 40);
    const all = await send<{ items: unknown[] }>(ctx.app, 'GET', '/claims?q=okapi&limit=100');
    expect(all.body.items).toHaveLength(40);
    expect(await staleSearchDocuments(ctx.peek)).toEqual([]);
  });
});
