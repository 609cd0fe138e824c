import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

/** Imports index the claims they write in one go at the end; everything must stay searchable. */
let ctx: TestContext;
let key: string;

beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(async () => ctx.close());

const doc = (text: string, quote = 'Al-Qaeda has a new home base') => ({
  format: 'factcheck-bundle',
  version: 1,
  claims: [
    {
      slug: 'indexed-at-the-end',
      text,
      claimant: 'mike-pompeo',
      statedAt: '2021-01-12',
      tags: ['airships'],
      quotes: [
        { source: 'article', exact: quote, start: 802, end: 802 + Array.from(quote).length },
      ],
    },
  ],
});

async function found(q: string): Promise<string[]> {
  const page = await send<{ items: { slug: string }[] }>(ctx.app, 'GET', `/claims?q=${q}`);
  return page.body.items.map((item) => item.slug);
}

describe('search after imports', () => {
  it('when an import creates, then changes a claim, then its text, quote and tags are searchable as they stand', async () => {
    const created = await send(ctx.app, 'POST', '/import', { key, body: doc('A zeppelin claim') });
    expect(created.status).toBe(200);
    expect(await found('zeppelin')).toEqual(['indexed-at-the-end']);
    expect(await found('airships')).toEqual(['indexed-at-the-end']);

    const changed = await send(ctx.app, 'POST', '/import', { key, body: doc('A dirigible claim') });
    expect(changed.status).toBe(200);
    expect(await found('dirigible')).toEqual(['indexed-at-the-end']);
    expect(await found('zeppelin')).toEqual([]);
    expect(await found('islamic')).not.toContain('indexed-at-the-end');

    const requoted = await send(ctx.app, 'POST', '/import', {
      key,
      body: doc(
        'A dirigible claim',
        'Al-Qaeda has a new home base: it is the Islamic Republic of Iran',
      ),
    });
    expect(requoted.status).toBe(200);
    expect(await found('islamic')).toContain('indexed-at-the-end');
  });

  it('when an import is refused, then the API’s own writes are still indexed as they happen', async () => {
    const refused = await send(ctx.app, 'POST', '/import', {
      key,
      body: { ...doc('A blimp claim'), claims: [{ ...doc('x').claims[0], claimant: 'nobody' }] },
    });
    expect(refused.status).toBe(422);
    const created = await send(ctx.app, 'POST', '/claims', {
      key,
      body: { text: 'A hot-air balloon claim', claimantId: 'mike-pompeo', statedAt: '2021' },
    });
    expect(created.status).toBe(201);
    expect(await found('balloon')).toHaveLength(1);
    const patched = await send(ctx.app, 'PATCH', '/claims/a-hot-air-balloon-claim', {
      key,
      body: { text: 'A gondola claim' },
    });
    expect(patched.status).toBe(200);
    expect(await found('gondola')).toHaveLength(1);
    expect(await found('balloon')).toEqual([]);
  });
});
