import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../src/db/dialect.js';
import { toSearch } from '../src/db/search.js';
import { importBundle } from '../src/modules/bundles/bundle.import.js';
import {
  type ClaimFilter,
  type PagePlan,
  type PageRequest,
  readClaimPage,
} from '../src/modules/claims/claims.pages.js';
import type { ClaimSort } from '../src/modules/claims/claims.schemas.js';
import { makeApp, type TestContext } from './helpers/app.js';
import { syntheticBundle } from './helpers/bundles.js';

/**
 * On PostgreSQL the server finds a search's matches, in the page's own statement, while this
 * process serves other requests: no read worker (the SQLite counterpart,
 * search-off-thread.sqlite.test.ts, has one). The pages are those of the plans read in turn.
 */
let ctx: TestContext;
const sent: string[] = [];

beforeAll(async () => {
  ctx = await makeApp({
    seed: false,
    readCacheMb: 0,
    storeOptions: { onStatement: (sql) => sent.push(sql) },
  });
  await importBundle(ctx.store, syntheticBundle(600, { extra: 'zebras' }));
});
afterAll(() => ctx.close());

/** Every page of a search through the API, by its cursors. */
async function apiPages(query: string): Promise<string[]> {
  const slugs: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/claims?${query}&limit=9${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await ctx.app.inject({ url });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as {
      items: { slug: string; snippet: string | null }[];
      nextCursor: string | null;
    };
    for (const item of page.items) {
      expect(item.snippet, item.slug).toContain('<mark>zebras</mark>');
      slugs.push(item.slug);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return slugs;
}

/** Every page read with the plan given. */
async function pagesInThread(filter: ClaimFilter, sort: ClaimSort, plan: PagePlan) {
  const slugs: string[] = [];
  let page: PageRequest = { sort, limit: 9 };
  for (;;) {
    const rows = await ctx.store.read((tx) =>
      readClaimPage(tx, filter, { ...page, limit: page.limit + 1 }, plan),
    );
    slugs.push(...rows.slice(0, page.limit).map((row) => row.slug));
    const last = rows[page.limit - 1];
    if (rows.length <= page.limit || !last) return slugs;
    const key =
      sort === 'relevance'
        ? (last.score ?? 0)
        : sort.endsWith('statedAt')
          ? last.statedAt
          : last.createdAt;
    page = { ...page, after: { sort, key, tie: last.seq } };
  }
}

describe('a search found by the server', () => {
  it('when a search is read on PostgreSQL, then no worker is involved', async () => {
    await ctx.store.read(async (tx) => {
      expect(dialectOf(tx).search.offThread).toBeUndefined();
    });
  });

  for (const sort of ['-statedAt', 'createdAt', 'relevance'] as const) {
    for (const tag of [undefined, 'even']) {
      it(`when a search sorted by ${sort}${tag ? ' with a tag' : ''} is read, then the page's statement finds its matches and the pages are those the index gives`, async () => {
        sent.length = 0;
        const viaApi = await apiPages(`q=zebras&sort=${sort}${tag ? `&tag=${tag}` : ''}`);
        expect(sent.some((sql) => sql.includes('@@'))).toBe(true);
        const filter: ClaimFilter = { match: toSearch('zebras'), tag };
        const plan: PagePlan = sort === 'relevance' ? { driver: 'rank' } : { driver: 'sort' };
        const expected = await pagesInThread(filter, sort, plan);
        expect(viaApi.length).toBeGreaterThan(tag ? 50 : 150);
        expect(viaApi).toEqual(expected);
      });
    }
  }
});
