import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '../src/modules/bundles/bundle.import.js';
import { get, makeApp, type TestContext } from './helpers/app.js';
import { syntheticBundle } from './helpers/bundles.js';

type Page = {
  items: { slug: string; statedAt: string; createdAt: string; tags: string[] }[];
  nextCursor: string | null;
};

let ctx: TestContext;
beforeAll(async () => {
  ctx = await makeApp({ seed: false });
  await importBundle(ctx.store, syntheticBundle(47, { extra: 'zebra zebra' }));
});
afterAll(() => ctx.close());

/** Follows nextCursor to the end; `between` runs after each page (to add rows mid-way). */
async function walk(url: string, between: (page: number) => Promise<unknown> = async () => {}) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const target: string = cursor ? `${url}${sep}cursor=${encodeURIComponent(cursor)}` : url;
    const { status, body } = await get<Page>(ctx.app, target);
    expect(status).toBe(200);
    seen.push(...body.items.map((item) => item.slug));
    cursor = body.nextCursor;
    await between(++pages);
  } while (cursor && pages < 100);
  return { seen, pages };
}

describe('cursor pagination over /claims', () => {
  for (const sort of ['statedAt', '-statedAt', 'createdAt', '-createdAt']) {
    it(`when following cursors with sort=${sort}, then every claim is visited exactly once, in order`, async () => {
      const { seen, pages } = await walk(`/claims?limit=5&sort=${sort}`);
      expect(pages).toBe(10);
      expect(seen).toHaveLength(47);
      expect(new Set(seen).size).toBe(47);
      const { body } = await get<Page>(ctx.app, `/claims?limit=100&sort=${sort}`);
      expect(seen).toEqual(body.items.map((item) => item.slug));
      const dates = body.items.map((item) => item.statedAt);
      if (sort === 'statedAt') expect(dates).toEqual([...dates].sort());
      if (sort === '-statedAt') expect(dates).toEqual([...dates].sort().reverse());
    });
  }

  // A tag's claims are walked from their own index: the same order as the whole list's.
  for (const sort of ['statedAt', '-statedAt', 'createdAt', '-createdAt']) {
    for (const range of ['', '&statedFrom=2020-02-11&statedTo=2020-04']) {
      it(`when following cursors with tag=even${range}&sort=${sort}, then each of its claims is visited once, in the whole list's order`, async () => {
        const { seen, pages } = await walk(`/claims?limit=4&tag=even${range}&sort=${sort}`);
        const { body } = await get<Page>(ctx.app, `/claims?limit=100${range}&sort=${sort}`);
        const tagged = body.items.filter((item) => item.tags.includes('even'));
        expect(seen).toEqual(tagged.map((item) => item.slug));
        expect(seen.length).toBe(range ? 12 : 24);
        expect(pages).toBe(Math.ceil(seen.length / 4));
      });
    }
  }

  it('when claims are added while paging, then each claim that matched at the start is still visited once', async () => {
    let batch = 0;
    const { seen } = await walk('/claims?limit=4&sort=statedAt&tag=even', () =>
      importBundle(ctx.store, syntheticBundle(6, { prefix: `added-${batch++}` })),
    );
    const original = seen.filter((slug) => slug.startsWith('claim-'));
    expect(original).toHaveLength(24);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('when searching with relevance order and rows are added, then every hit is visited once', async () => {
    let batch = 0;
    const { seen } = await walk('/claims?limit=3&q=zebra', () =>
      importBundle(
        ctx.store,
        syntheticBundle(3, { prefix: `zadded-${batch++}`, extra: 'zebra zebra zebra' }),
      ),
    );
    const original = seen.filter((slug) => slug.startsWith('claim-'));
    expect(original).toHaveLength(16);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('when the cursor is malformed, then 400 names the cursor', async () => {
    const { status, body, headers } = await get(ctx.app, '/claims?cursor=not-a-cursor');
    expect(status).toBe(400);
    expect(headers['content-type']).toContain('application/problem+json');
    expect(body).toMatchObject({ status: 400, errors: [{ path: 'query.cursor' }] });
  });

  it('when a cursor made for another sort is passed, then 400 says so', async () => {
    const first = await get<Page>(ctx.app, '/claims?limit=2&sort=statedAt');
    const cursor = first.body.nextCursor ?? '';
    const { status, body } = await get(ctx.app, `/claims?sort=createdAt&cursor=${cursor}`);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain("made for sort 'statedAt'");
  });
});
