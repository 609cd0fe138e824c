import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { foundSlugs, staleSearchDocuments } from './helpers/search-documents.js';

/**
 * Each write's claims are searchable as soon as it answers, on either engine: their search entries
 * are made once, as the write commits (search-pending.sqlite.test.ts, search-pending.pg.test.ts).
 */
let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

const found = (c: TestContext, q: string) => foundSlugs(c.app, q);

describe('the search index brought up to date at each commit', () => {
  it('when a claim is posted with tags and then edited, then each answer is already searchable by every word, and no entry is stale', async () => {
    ctx = await makeApp();
    const { editor } = await makeKeys(ctx.store);
    const created = await send(ctx.app, 'POST', '/claims', {
      key: editor,
      body: {
        slug: 'okapi-claim',
        text: 'The okapi is a giraffe',
        claimantId: 'mike-pompeo',
        statedAt: '2021-01-12',
        tags: ['wildlife', 'congo'],
      },
    });
    expect(created.status).toBe(201);
    for (const word of ['okapi', 'wildlife', 'congo', 'okapi pompeo']) {
      expect(await found(ctx, word)).toEqual(['okapi-claim']);
    }
    const edited = await send(ctx.app, 'PATCH', '/claims/okapi-claim', {
      key: editor,
      headers: { 'if-match': String(created.headers.etag) },
      body: { text: 'The okapi is a forest animal', tags: ['forests'] },
    });
    expect(edited.status).toBe(200);
    expect(await found(ctx, 'giraffe')).toEqual([]);
    expect(await found(ctx, 'wildlife')).toEqual([]);
    expect(await found(ctx, 'forest forests')).toEqual(['okapi-claim']);
    expect(await staleSearchDocuments(ctx.peek)).toEqual([]);
  });
});
