import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '../src/modules/bundles/bundle.import.js';
import { type ClaimFilter, type Driver, planOf } from '../src/modules/claims/claims.pages.js';
import type { ClaimSort } from '../src/modules/claims/claims.schemas.js';
import { makeApp, type TestContext } from './helpers/app.js';
import { bundle } from './helpers/bundles.js';
import { pagesWithPlan } from './helpers/search-pages.js';

/**
 * A list filtered by several sets that each have an index in the sort's order (one status, a
 * language, a tag) walks the smallest of them, by their stored counts, testing the others on the
 * claims it meets: the fewer claims the page's walk meets that other filters refuse.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await makeApp({ seed: false });
  await importBundle(
    ctx.store,
    bundle({
      actors: [{ slug: 'tester', kind: 'person', name: 'Tess Tester', aliases: [] }],
      claims: Array.from({ length: 400 }, (_, i) => ({
        slug: `claim-${i}`,
        text: `Claim number ${i}.`,
        claimant: 'tester',
        // 50 in German, 350 in English; 40 disputed, 360 unverified.
        language: i % 8 === 0 ? 'de' : 'en',
        statedAt: `2020-0${1 + (i % 9)}-1${i % 3}`,
        ...(i % 10 === 1
          ? { status: 'disputed' as const, statusNote: 'Contested.' }
          : { status: 'unverified' as const }),
        tags: [],
        quotes: [],
      })),
    }),
  );
});
afterAll(() => ctx.close());

const chosen = (filter: ClaimFilter, sort: ClaimSort) =>
  ctx.store.read(async (tx) => (await planOf(tx, filter, sort)).driver);

describe('the set a list walks', () => {
  const cases: [string, ClaimFilter, Driver][] = [
    ['the status is rarer than the language', { statuses: ['disputed'], language: 'en' }, 'status'],
    [
      'the language is rarer than the status',
      { statuses: ['unverified'], language: 'de' },
      'language',
    ],
  ];
  for (const [when, filter, driver] of cases) {
    for (const sort of ['-statedAt', 'createdAt'] as const) {
      it(`when ${when}, sorted by ${sort}, then its index is walked and every plan gives the same pages`, async () => {
        expect(await chosen(filter, sort)).toBe(driver);
        const walked = await pagesWithPlan(ctx, filter, sort, { driver });
        expect(walked.length).toBeGreaterThan(20);
        for (const other of ['status', 'language', 'sort'] as const) {
          expect(await pagesWithPlan(ctx, filter, sort, { driver: other }), other).toEqual(walked);
        }
        const expected = await ctx.peek.values<string>(
          `SELECT slug FROM claims WHERE status = ? AND language = ? ORDER BY ${sort === 'createdAt' ? 'created_at ASC, seq ASC' : 'stated_at DESC, seq DESC'}`,
          filter.statuses?.[0],
          filter.language,
        );
        expect(walked).toEqual(expected);
      });
    }
  }

  it('when claims change language, then the stored counts follow and so does the set walked', async () => {
    const filter: ClaimFilter = { statuses: ['disputed'], language: 'de' };
    // 40 disputed claims against 50 in German: the status is walked.
    expect(await chosen(filter, '-statedAt')).toBe('status');
    // 30 of the German claims (every other one but the disputed) are now in English: 20 are left.
    const moved = Array.from({ length: 400 }, (_, i) => i)
      .filter((i) => i % 8 === 0 && i % 10 !== 1)
      .slice(0, 30);
    await importBundle(
      ctx.store,
      bundle({
        actors: [{ slug: 'tester', kind: 'person', name: 'Tess Tester', aliases: [] }],
        claims: moved.map((i) => ({
          slug: `claim-${i}`,
          text: `Claim number ${i}.`,
          claimant: 'tester',
          language: 'en',
          statedAt: `2020-0${1 + (i % 9)}-1${i % 3}`,
          status: 'unverified' as const,
          tags: [],
          quotes: [],
        })),
      }),
    );
    expect(
      await ctx.peek.values('SELECT claim_count FROM language_counts ORDER BY language'),
    ).toEqual([20, 380]);
    expect(await chosen(filter, '-statedAt')).toBe('language');
  });
});
