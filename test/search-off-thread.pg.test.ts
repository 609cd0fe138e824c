import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../src/db/dialect.js';
import { toSearch } from '../src/db/search.js';
import type { ClaimFilter, PagePlan } from '../src/modules/claims/claims.pages.js';
import type { TestContext } from './helpers/app.js';
import { apiPages, pagesWithPlan, zebraApp } from './helpers/search-pages.js';

/**
 * On PostgreSQL the server finds a search's matches, in the page's own statement, while this
 * process serves other requests: no read worker (the SQLite counterpart,
 * search-off-thread.sqlite.test.ts, has one). The pages are those of the plans read in turn.
 */
let ctx: TestContext;
const sent: string[] = [];

beforeAll(async () => {
  ctx = await zebraApp({
    readCacheMb: 0,
    storeOptions: { onStatement: (sql) => sent.push(sql) },
  });
});
afterAll(() => ctx.close());

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
        const viaApi = await apiPages(ctx, `q=zebras&sort=${sort}${tag ? `&tag=${tag}` : ''}`);
        expect(sent.some((sql) => sql.includes('@@'))).toBe(true);
        const filter: ClaimFilter = { match: toSearch('zebras'), tag };
        const plan: PagePlan = sort === 'relevance' ? { driver: 'rank' } : { driver: 'sort' };
        const expected = await pagesWithPlan(ctx, filter, sort, plan);
        expect(viaApi.length).toBeGreaterThan(tag ? 50 : 150);
        expect(viaApi).toEqual(expected);
      });
    }
  }
});
