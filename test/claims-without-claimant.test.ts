import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/modules/actors/actors.schemas.js';
import type { ClaimReview } from '../src/modules/claimreview/claimreview.schemas.js';
import type { Claim, ClaimListItem } from '../src/modules/claims/claims.schemas.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { importedIntoEmpty } from './helpers/round-trip.js';

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

// The article's own statement of fact: the article names no author.
const FLIGHT =
  'Multiple al-Qaeda militants and family members of Osama Bin Laden fled to Iran after the US invaded Afghanistan in 2001.';
const flightClaim = (slug: string) => ({
  slug,
  text: 'Al-Qaeda militants and members of Osama Bin Laden’s family fled to Iran after the US invaded Afghanistan in 2001.',
  claimantId: null,
  statedAt: '2021-01',
  quotes: [{ sourceId: 'article', exact: FLIGHT }],
});
type Problem = { status: number; code: string; errors: { path: string; message: string }[] };

describe('a claim whose source names no author', () => {
  it('when created with claimantId null and a quote, then it has no claimant and its source shows who states it', async () => {
    const created = await send<Claim>(ctx.app, 'POST', '/claims', {
      key,
      body: flightClaim('article-2001-flight-to-iran'),
    });
    expect(created.status).toBe(201);
    expect(created.body.claimant).toBeNull();
    expect(created.body.quotes.map((q) => [q.source.slug, q.exact])).toEqual([['article', FLIGHT]]);

    const listed = await send<{ items: ClaimListItem[] }>(
      ctx.app,
      'GET',
      '/claims?q=bin laden fled',
    );
    const item = listed.body.items.find((c) => c.slug === 'article-2001-flight-to-iran');
    expect(item?.claimant).toBeNull();
    // No actor counts it, and /stats lists only actors.
    const stats = await send<{ byClaimant: { claimant: { slug: string } | null }[] }>(
      ctx.app,
      'GET',
      '/stats',
    );
    expect(stats.body.byClaimant.every((row) => row.claimant !== null)).toBe(true);
  });

  it('when created with claimantId null and no quote, then 422 names claimantId and nothing is written', async () => {
    const { quotes: _, ...unquoted } = flightClaim('unquoted-authorless-claim');
    const refused = await send<Problem>(ctx.app, 'POST', '/claims', { key, body: unquoted });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { path: 'body.claimantId', message: 'is null and the claim has no quote' },
    ]);
    expect((await send(ctx.app, 'GET', '/claims/unquoted-authorless-claim')).status).toBe(404);
  });

  it('when created without claimantId at all, then 400: null must be said, not forgotten', async () => {
    const { claimantId: _, ...forgotten } = flightClaim('forgotten-claimant');
    const refused = await send<Problem>(ctx.app, 'POST', '/claims', { key, body: forgotten });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('claimantId');
  });

  it('when a claim loses its claimant, then the actor’s count drops; losing its quotes too is refused', async () => {
    const actor = async () =>
      (await send<Actor & { claimCount: number }>(ctx.app, 'GET', '/actors/trita-parsi')).body;
    const countBefore = (await actor()).claimCount;
    const slug = 'parsi-pompeo-comments-very-unconvincing';
    const unset = await send<Claim>(ctx.app, 'PATCH', `/claims/${slug}`, {
      key,
      body: { claimantId: null },
    });
    expect(unset.status).toBe(200);
    expect(unset.body.claimant).toBeNull();
    expect((await actor()).claimCount).toBe(countBefore - 1);

    const quotesBefore = (await send<Claim>(ctx.app, 'GET', `/claims/${slug}`)).body.quotes;
    expect(quotesBefore.length).toBeGreaterThan(0);
    const unquoted = await send<Problem>(ctx.app, 'PATCH', `/claims/${slug}`, {
      key,
      body: { quotes: [] },
    });
    expect(unquoted.status).toBe(422);
    expect(unquoted.body.errors[0]?.path).toBe('body.claimantId');
    expect((await send<Claim>(ctx.app, 'GET', `/claims/${slug}`)).body.quotes).toEqual(
      quotesBefore,
    );

    const back = await send<Claim>(ctx.app, 'PATCH', `/claims/${slug}`, {
      key,
      body: { claimantId: 'trita-parsi' },
    });
    expect(back.body.claimant?.slug).toBe('trita-parsi');
    expect((await actor()).claimCount).toBe(countBefore);
  });

  it('when it has a verdict, then its ClaimReview names no author and its page says its source states it', async () => {
    const verdict = await send<Claim>(
      ctx.app,
      'POST',
      '/claims/article-2001-flight-to-iran/status',
      {
        key,
        body: { status: 'not_checkable', note: 'Background the article states without a source.' },
      },
    );
    expect(verdict.status).toBe(200);
    const review = await send<ClaimReview>(
      ctx.app,
      'GET',
      '/claims/article-2001-flight-to-iran/claimreview',
    );
    expect(review.status).toBe(200);
    expect(review.body.itemReviewed.author).toBeUndefined();
    expect(review.body.itemReviewed.appearance.length).toBe(1);

    const page = await ctx.app.inject({
      url: '/claims/article-2001-flight-to-iran',
      headers: { accept: 'text/html' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Stated by .*article.*, no author named/);
    expect(page.body).not.toContain('Claimed by');
  });

  it('when a bundle gives claimant null, then it imports with a quote, is refused without, and moves whole', async () => {
    const bundle = (quotes: unknown[]) => ({
      format: 'factcheck-bundle',
      version: 1,
      claims: [
        {
          slug: 'article-near-daily-sanctions',
          text: 'In its final days the Trump administration imposed sanctions almost daily, many on Iran.',
          claimant: null,
          statedAt: '2021-01',
          quotes,
        },
      ],
    });
    const refused = await send<Problem>(ctx.app, 'POST', '/import', { key, body: bundle([]) });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e) => e.path)).toContain('claims.0.claimant');
    const exact =
      'In its final days, the Trump administration has imposed sanctions on a near-daily basis, many targeted at Iran.';
    const imported = await send(ctx.app, 'POST', '/import', {
      key,
      body: bundle([{ source: 'article', exact, start: 3902, end: 4013 }]),
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const stored = await send<Claim>(ctx.app, 'GET', '/claims/article-near-daily-sanctions');
    expect(stored.body.claimant).toBeNull();

    const exported = (await ctx.app.inject({ url: '/export' })).body;
    expect(exported).toContain('"claimant":null');
    const moved = await importedIntoEmpty(exported);
    expect(moved.status).toBe(200);
    expect(moved.exportedAgain).toBe(exported);
    expect(moved.changedAgain).toBe(false);
  });
});
