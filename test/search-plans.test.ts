import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSearch } from '../src/db/search.js';
import {
  type ClaimFilter,
  type PagePlan,
  type PageRequest,
  readClaimPage,
} from '../src/modules/claims/claims.pages.js';
import type { ClaimSort } from '../src/modules/claims/claims.schemas.js';
import type { TestContext } from './helpers/app.js';
import { zebraApp } from './helpers/search-pages.js';

/**
 * A search is paged one of three ways, chosen by how many claims it matches (see claims.pages.ts):
 * a common one walks the date order testing each claim, a rarer one fetches its matches and sorts
 * them, relevance ranks the newest candidates. Walking and fetching must give the same pages.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await zebraApp();
});
afterAll(() => ctx.close());

async function allPages(filter: ClaimFilter, sort: ClaimSort, plan: PagePlan) {
  const slugs: string[] = [];
  const seen: Awaited<ReturnType<typeof readClaimPage>> = [];
  let page: PageRequest = { sort, limit: 7 };
  for (;;) {
    const rows = await ctx.store.read((tx) =>
      readClaimPage(tx, filter, { ...page, limit: page.limit + 1 }, plan),
    );
    seen.push(...rows.slice(0, page.limit));
    slugs.push(...rows.slice(0, page.limit).map((row) => row.slug));
    const last = rows[page.limit - 1];
    if (rows.length <= page.limit || !last) return { slugs, rows: seen };
    const key = sort.endsWith('statedAt')
      ? last.statedAt
      : sort.endsWith('createdAt')
        ? last.createdAt
        : (last.score ?? 0);
    page = { ...page, after: { sort, key, tie: last.seq } };
  }
}

/** Pages as the API reads them: the plan chosen from the sets' sizes. */
async function allPagesChosen(filter: ClaimFilter, sort: ClaimSort): Promise<string[]> {
  const slugs: string[] = [];
  let page: PageRequest = { sort, limit: 9 };
  for (;;) {
    const rows = await ctx.store.read((tx) =>
      readClaimPage(tx, filter, { ...page, limit: page.limit + 1 }),
    );
    slugs.push(...rows.slice(0, page.limit).map((row) => row.slug));
    const last = rows[page.limit - 1];
    if (rows.length <= page.limit || !last) return slugs;
    page = { ...page, after: { sort, key: last.statedAt, tie: last.seq } };
  }
}

const expectedOrder = (sort: ClaimSort, extra: string) =>
  ctx.peek.values<string>(
    `SELECT slug FROM claims WHERE text LIKE ? ORDER BY ${sort.endsWith('createdAt') ? 'created_at' : 'stated_at'} ${sort.startsWith('-') ? 'DESC' : 'ASC'}, seq ${sort.startsWith('-') ? 'DESC' : 'ASC'}`,
    `%${extra}%`,
  );

describe('search plans', () => {
  for (const sort of ['-statedAt', 'statedAt', '-createdAt', 'createdAt'] as const) {
    it(`when a search sorted by ${sort} is walked or fetched, then both visit every match once, in the sort's order`, async () => {
      const filter = { match: toSearch('zebras') };
      const walked = await allPages(filter, sort, { driver: 'sort' });
      const fetched = await allPages(filter, sort, { driver: 'matches' });
      expect(walked.slugs).toHaveLength(200);
      expect(walked.slugs).toEqual(await expectedOrder(sort, 'zebras'));
      expect(fetched.slugs).toEqual(walked.slugs);
    });
  }

  it('when a search with a tag and statuses is walked or fetched by any of its sets, then every plan gives the same pages', async () => {
    const filter = {
      match: toSearch('zebras'),
      tag: 'even',
      statuses: ['unverified' as const, 'refuted' as const],
    };
    const walked = await allPages(filter, '-statedAt', { driver: 'sort' });
    expect(walked.slugs.length).toBeGreaterThan(50);
    for (const driver of ['matches', 'tag', 'statuses'] as const) {
      expect((await allPages(filter, '-statedAt', { driver })).slugs).toEqual(walked.slugs);
    }
    // One status: its index is walked.
    const one = { ...filter, statuses: ['unverified' as const] };
    expect((await allPages(one, '-statedAt', { driver: 'status' })).slugs).toEqual(walked.slugs);
  });

  it('when a tag with a date range is walked from its own index or tested on another walk, then every sort gives the same pages', async () => {
    const filter = { tag: 'even', language: 'en', statedFrom: '2020-02', statedTo: '2020-04-11' };
    for (const sort of ['-statedAt', 'statedAt', '-createdAt', 'createdAt'] as const) {
      const walked = await allPages(filter, sort, { driver: 'sort' });
      expect(walked.slugs.length).toBeGreaterThan(50);
      for (const driver of ['tag', 'language'] as const) {
        expect((await allPages(filter, sort, { driver })).slugs, driver).toEqual(walked.slugs);
      }
    }
  });

  it('when no plan is given, then it is chosen from the sets’ sizes and the pages are the same', async () => {
    const filter = { match: toSearch('zebras'), tag: 'even' };
    const chosen = await allPagesChosen(filter, '-statedAt');
    expect(chosen).toEqual((await allPages(filter, '-statedAt', { driver: 'sort' })).slugs);
  });

  it('when relevance ranks 50 candidates, then only the 50 newest matches are ranked, best first, each once, with snippets', async () => {
    const filter = { match: toSearch('zebras') };
    const seqs = await ctx.peek.values<number>(
      "SELECT seq FROM claims WHERE text LIKE '%zebras%' ORDER BY seq DESC",
    );
    const floor = seqs[49] ?? 0;
    const ranked = await allPages(filter, 'relevance', { driver: 'rank', candidates: 50 });
    expect(ranked.slugs).toHaveLength(50);
    expect(new Set(ranked.slugs).size).toBe(50);
    const scores = ranked.rows.map((row) => row.score ?? 0);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(ranked.rows.every((row) => row.seq >= floor && row.snippet?.includes('zebras'))).toBe(
      true,
    );
  });
});
