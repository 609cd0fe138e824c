import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSearch } from '../src/db/search.js';
import {
  type ClaimFilter,
  type PagePlan,
  type PageRequest,
  readClaimPage,
} from '../src/modules/claims/claims.pages.js';
import type { TestContext } from './helpers/app.js';
import { committedWrite } from './helpers/committed-write.js';
import { apiPages, pagesWithPlan, zebraApp } from './helpers/search-pages.js';

/**
 * On SQLite a search's matches are found by a read worker, a connection on a thread of its own (a
 * few common words rarely found together walk the whole index in one step of SQLite); the page's
 * own statements then read the claims found. Its pages must be those the index gives on the
 * page's connection, and a commit between the two snapshots must not show.
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

/** The worker's statements: the matches found (with the plan's set sizes), or ranked. */
const FOUND_BY_WORKER =
  /^SELECT \(SELECT json_group_array\(rowid\) FROM \(SELECT rowid FROM "claim_search" WHERE "claim_search" MATCH \?|^SELECT rowid, .+ FROM "claim_search" WHERE "claim_search" MATCH \?/s;

/** A ranked page's snippets: the newest matches walked until the page's claims are all met. */
const SNIPPETS_BY_WALK =
  /MATCH \? AND \+rowid IN \(SELECT value FROM json_each\(\?\)\) ORDER BY rowid DESC LIMIT \?$/;

describe('a search found off the main thread', () => {
  for (const sort of ['-statedAt', 'createdAt', 'relevance'] as const) {
    for (const tag of [undefined, 'even']) {
      it(`when a search sorted by ${sort}${tag ? ' with a tag' : ''} is read, then the worker finds its matches and the pages are those the index gives`, async () => {
        sent.length = 0;
        const viaApi = await apiPages(ctx, `q=zebras&sort=${sort}${tag ? `&tag=${tag}` : ''}`);
        // The worker was sent the search; the page's connection never walked the index itself.
        expect(sent.some((sql) => FOUND_BY_WORKER.test(sql))).toBe(true);
        const onPage = sent.filter((sql) => !FOUND_BY_WORKER.test(sql));
        expect(onPage.some((sql) => /OFFSET/.test(sql))).toBe(false);
        // Every item's snippet is checked by apiPages; a ranked page's come from one walk.
        expect(sent.some((sql) => SNIPPETS_BY_WALK.test(sql))).toBe(sort === 'relevance');
        const filter: ClaimFilter = { match: toSearch('zebras'), tag };
        const plan: PagePlan = sort === 'relevance' ? { driver: 'rank' } : { driver: 'sort' };
        const expected = await pagesWithPlan(ctx, filter, sort, plan);
        expect(viaApi.length).toBeGreaterThan(tag ? 50 : 150);
        expect(viaApi).toEqual(expected);
      });
    }
  }

  it('when a claim stops matching while a read is under way, then that read lists it as its snapshot has it', async () => {
    const search: ClaimFilter = { match: toSearch('zebras') };
    const page: PageRequest = { sort: '-statedAt', limit: 1000 };
    const [newest] = await ctx.store.read((tx) => readClaimPage(tx, search, page));
    if (!newest) throw new Error('no claim says zebras');
    const during = await ctx.store.read(async (tx) => {
      // The read's snapshot is taken by its first statement, before the change below.
      const before = await readClaimPage(tx, search, page);
      // Another connection commits: the claim no longer says the word.
      committedWrite(ctx.raw, () =>
        ctx.raw.prepare("UPDATE claims SET text = 'Horses only.' WHERE seq = ?").run(newest.seq),
      );
      return { before, after: await readClaimPage(tx, search, page) };
    });
    expect(during.before.map((row) => row.slug)).toContain(newest.slug);
    expect(during.after.map((row) => row.slug)).toEqual(during.before.map((row) => row.slug));
    const later = await ctx.store.read((tx) => readClaimPage(tx, search, page));
    expect(later.map((row) => row.slug)).not.toContain(newest.slug);
    expect(later).toHaveLength(during.before.length - 1);
  });
});
