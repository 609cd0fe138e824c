import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim, ClaimListItem } from '../src/modules/claims/claims.schemas.js';
import { makeApp, makeKeys, ok, send, type TestContext } from './helpers/app.js';

/**
 * A claim embeds at most 20 links of each kind, oldest first, beside the totals; every rebuttal
 * and supporter is in its paged list.
 */

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

type Page = { items: ClaimListItem[]; nextCursor: string | null };

const post = <T>(url: string, body: unknown) =>
  ok(send<T>(ctx.app, 'POST', url, { key, body }), 201);
const getClaim = (ref: string) => ok(send<Claim>(ctx.app, 'GET', `/claims/${ref}`));

/** A new claim of the seed's claimant, stated on a day of its own. */
const newClaim = (slug: string, day: number) =>
  post<Claim>('/claims', {
    slug,
    text: `Claim ${slug}.`,
    claimantId: 'mike-pompeo',
    statedAt: `2024-02-${String(day).padStart(2, '0')}`,
  });

/** Every claim of a paged list, page by page. */
async function everyItem(path: string, query = ''): Promise<string[]> {
  const slugs: string[] = [];
  let cursor: string | null = null;
  do {
    const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const url: string = `${path}?limit=7${query}${after}`;
    const page: Page = await ok(send<Page>(ctx.app, 'GET', url));
    expect(page.items.length).toBeLessThanOrEqual(7);
    slugs.push(...page.items.map((item) => item.slug));
    cursor = page.nextCursor;
    // A cursor that leads back into pages already read would go round for ever.
  } while (cursor && slugs.length < 100);
  return slugs;
}

describe('a claim with many links', () => {
  const rebutters: string[] = [];
  const supporters: string[] = [];

  beforeAll(async () => {
    await newClaim('much-linked', 1);
    // Rebutters linked one after another: the order of their links is the order they are made.
    for (let i = 0; i < 25; i++) {
      const slug = `rebutter-${String(i).padStart(2, '0')}`;
      await newClaim(slug, 1 + i);
      await post('/claims/much-linked/rebuttals', { claimId: slug });
      rebutters.push(slug);
    }
    for (let i = 0; i < 3; i++) {
      const slug = `supporter-${i}`;
      await newClaim(slug, 1 + i);
      await post('/claims/much-linked/supports', { claimId: slug });
      supporters.push(slug);
    }
    // One claim rebutting many: its outgoing list is bounded too.
    for (const slug of rebutters.slice(1))
      await post(`/claims/${slug}/rebuttals`, { claimId: 'rebutter-00' });
  });

  it('embeds its first 20 rebuttals, oldest link first, with the total', async () => {
    const claim = await getClaim('much-linked');
    expect(claim.rebuttalCount).toBe(25);
    expect(claim.rebuttedBy.map((c) => c.slug)).toEqual(rebutters.slice(0, 20));
    expect(claim.supporterCount).toBe(3);
    expect(claim.supportedBy.map((c) => c.slug)).toEqual(supporters);
    expect([claim.rebutsCount, claim.supportsCount]).toEqual([0, 0]);
  });

  it('embeds the first 20 claims it rebuts, with the total', async () => {
    const claim = await getClaim('rebutter-00');
    expect(claim.rebutsCount).toBe(25);
    expect(claim.rebuts.map((c) => c.slug)).toEqual(['much-linked', ...rebutters.slice(1, 20)]);
    expect(claim.rebuttalCount).toBe(0);
    const supporter = await getClaim('supporter-0');
    expect([supporter.supportsCount, supporter.supports.map((c) => c.slug)]).toEqual([
      1,
      ['much-linked'],
    ]);
  });

  it('lists every rebuttal and every supporter, paged, newest statement first', async () => {
    expect(await everyItem('/claims/much-linked/rebuttals')).toEqual([...rebutters].reverse());
    expect(await everyItem('/claims/much-linked/supports')).toEqual([...supporters].reverse());
  });

  it('lists them in every sort order, across pages, as their dates move', async () => {
    // Stated a day apart and made one after another: both orders are the order they were made.
    const path = '/claims/much-linked/rebuttals';
    expect(await everyItem(path, '&sort=statedAt')).toEqual(rebutters);
    expect(await everyItem(path, '&sort=createdAt')).toEqual(rebutters);
    expect(await everyItem(path, '&sort=-createdAt')).toEqual([...rebutters].reverse());
    expect(await everyItem('/claims/much-linked/supports', '&sort=statedAt')).toEqual(supporters);
    // Filters test the rebuttals met: a date range, a status.
    const range = '&sort=statedAt&statedFrom=2024-02-05&statedTo=2024-02-09';
    expect(await everyItem(path, range)).toEqual(rebutters.slice(4, 9));
    expect(await everyItem(path, '&status=unverified&sort=createdAt')).toEqual(rebutters);
    expect(await everyItem(path, '&status=refuted')).toEqual([]);

    const moved = 'rebutter-20';
    await ok(send(ctx.app, 'PATCH', `/claims/${moved}`, { key, body: { statedAt: '2023-12-31' } }));
    const rest = rebutters.filter((slug) => slug !== moved);
    expect(await everyItem(path, '&sort=statedAt')).toEqual([moved, ...rest]);
    expect(await everyItem(path)).toEqual([...rest].reverse().concat(moved));
    await ok(send(ctx.app, 'PATCH', `/claims/${moved}`, { key, body: { statedAt: '2024-02-21' } }));
    expect(await everyItem(path, '&sort=statedAt')).toEqual(rebutters);
  });

  it('keeps the totals and the embedded lists right as links go', async () => {
    const before = await getClaim('much-linked');
    await ok(send(ctx.app, 'DELETE', '/claims/much-linked/rebuttals/rebutter-03', { key }), 204);
    await ok(send(ctx.app, 'DELETE', '/claims/supporter-1', { key }), 204);
    const after = await getClaim('much-linked');
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.rebuttalCount).toBe(24);
    const left = rebutters.filter((slug) => slug !== 'rebutter-03');
    expect(after.rebuttedBy.map((c) => c.slug)).toEqual(left.slice(0, 20));
    expect(after.supporterCount).toBe(2);
    expect(after.supportedBy.map((c) => c.slug)).toEqual(['supporter-0', 'supporter-2']);
    // The rebutter no longer rebuts the one claim it rebutted.
    expect((await getClaim('rebutter-03')).rebutsCount).toBe(0);
    expect(await everyItem('/claims/much-linked/rebuttals')).toEqual([...left].reverse());
  });
});
