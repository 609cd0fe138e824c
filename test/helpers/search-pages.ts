import { expect } from 'vitest';
import { importBundle } from '../../src/modules/bundles/bundle.import.js';
import {
  type ClaimFilter,
  type PagePlan,
  type PageRequest,
  readClaimPage,
} from '../../src/modules/claims/claims.pages.js';
import type { ClaimSort } from '../../src/modules/claims/claims.schemas.js';
import { makeApp, type TestContext } from './app.js';
import { syntheticBundle } from './bundles.js';

/** The pages of a search for `zebras`, read through the API or with a plan given. */

/** An app over 600 synthetic claims, every third saying `zebras` (the searches' fixture). */
export async function zebraApp(options: Parameters<typeof makeApp>[0] = {}): Promise<TestContext> {
  const ctx = await makeApp({ seed: false, ...options });
  await importBundle(ctx.store, syntheticBundle(600, { extra: 'zebras' }));
  return ctx;
}

/** Every page of a search through the API, by its cursors. */
export async function apiPages(ctx: TestContext, query: string): Promise<string[]> {
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

/** Every page read on the page's own connection with the plan given (no read worker involved). */
export async function pagesWithPlan(
  ctx: TestContext,
  filter: ClaimFilter,
  sort: ClaimSort,
  plan: PagePlan,
) {
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
