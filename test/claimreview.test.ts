import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimReview } from '../src/modules/claimreview/claimreview.schemas.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

let ctx: TestContext;
let editor: string;
beforeAll(async () => {
  ctx = await makeApp();
  editor = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

describe('GET /claims/{id}/claimreview', () => {
  it('publishes a reviewed claim as schema.org ClaimReview JSON-LD: what Collins thought is not rated false', async () => {
    const response = await ctx.app.inject({
      url: '/claims/collins-capitol-mob-was-iranians/claimreview',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/ld+json');
    const review = JSON.parse(response.body) as ClaimReview;
    expect(review).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://factcheck.example/claims/collins-capitol-mob-was-iranians',
      claimReviewed: expect.stringMatching(/thought .*the Iranians/),
      inLanguage: 'en',
      author: { '@type': 'Organization', name: 'Test Checkers', url: 'https://checkers.example' },
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Person', name: 'Susan Collins' },
        datePublished: '2021-01-11',
      },
      reviewRating: {
        '@type': 'Rating',
        bestRating: 5,
        worstRating: 1,
        alternateName: 'Not checkable',
        ratingExplanation: expect.stringContaining('she thought'),
      },
    });
    expect(review.reviewRating).not.toHaveProperty('ratingValue');
    expect(review.itemReviewed.appearance.map((a) => a.name)).toContain(
      "Susan Collins's op-ed about the mob that stormed the US Capitol",
    );
    expect(Date.parse(review.datePublished)).not.toBeNaN();
  });

  it('maps every status to the documented rating; an unverified claim has no review (404)', async () => {
    const rating = async (slug: string) =>
      (await send<ClaimReview>(ctx.app, 'GET', `/claims/${slug}/claimreview`)).body.reviewRating;
    expect(await rating('pompeo-iran-al-qaeda-new-home-base')).toMatchObject({
      ratingValue: 2,
      alternateName: 'Unsubstantiated',
    });
    expect(await rating('pompeo-masri-killed-in-tehran')).toMatchObject({
      ratingValue: 3,
      alternateName: 'Disputed',
    });
    const opinion = await rating('zarif-pompeo-warmongering-lies');
    expect(opinion).toMatchObject({ alternateName: 'Not checkable' });
    expect(opinion).not.toHaveProperty('ratingValue');
    // A claim refuted by evidence is published as False, rated 1.
    const created = await send<{ slug: string }>(ctx.app, 'POST', '/claims', {
      key: editor,
      body: {
        text: 'The mob that stormed the US Capitol on January 6, 2021 was Iranian.',
        claimantId: 'susan-collins',
        statedAt: '2021-01-11',
      },
    });
    expect(created.status).toBe(201);
    const refuting = await send(ctx.app, 'POST', `/claims/${created.body.slug}/evidence`, {
      key: editor,
      body: {
        stance: 'refutes',
        summary: 'The article describes a mostly white, pro-Trump mob.',
        sourceId: 'article',
        quote: { exact: 'the mostly white, pro-Trump mob' },
      },
    });
    expect(refuting.status).toBe(201);
    const verdict = await send(ctx.app, 'POST', `/claims/${created.body.slug}/status`, {
      key: editor,
      body: { status: 'refuted', note: 'The article describes a mostly white, pro-Trump mob.' },
    });
    expect(verdict.status).toBe(200);
    expect(await rating(created.body.slug)).toMatchObject({
      ratingValue: 1,
      alternateName: 'False',
    });
    const unverified = await send(
      ctx.app,
      'GET',
      '/claims/zarif-no-9-11-terrorists-from-iran/claimreview',
    );
    expect(unverified.status).toBe(404);
    expect(unverified.headers['content-type']).toContain('application/problem+json');
  });

  it('uses the date of the latest verdict', async () => {
    const key = editor;
    await send(
      ctx.app,
      'POST',
      '/claims/iran-2001-border-crossers-arrested-and-extradited/status',
      {
        key,
        body: { status: 'disputed', note: 'Reports differ.' },
      },
    );
    const review = (
      await send<ClaimReview>(
        ctx.app,
        'GET',
        '/claims/iran-2001-border-crossers-arrested-and-extradited/claimreview',
      )
    ).body;
    const history = (
      await send<{ items: { changedAt: string }[] }>(
        ctx.app,
        'GET',
        '/claims/iran-2001-border-crossers-arrested-and-extradited/history',
      )
    ).body;
    expect(review.datePublished).toBe(history.items.at(-1)?.changedAt);
  });
});

describe('GET /export/claimreview', () => {
  it('lists every reviewed claim, and no unverified one', async () => {
    const response = await ctx.app.inject({ url: '/export/claimreview' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/ld+json');
    const feed = JSON.parse(response.body) as ClaimReview[];
    const stats = (
      await send<{ claimCount: number; byStatus: Record<string, number> }>(ctx.app, 'GET', '/stats')
    ).body;
    expect(feed).toHaveLength(stats.claimCount - (stats.byStatus.unverified ?? 0));
    expect(feed.every((review) => review['@type'] === 'ClaimReview')).toBe(true);
  });
});
