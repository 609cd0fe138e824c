import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../src/modules/claims/claims.schemas.js';
import type { Evidence } from '../src/modules/evidence/evidence.schemas.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { importedIntoEmpty } from './helpers/round-trip.js';

type Report = {
  reviews: number;
  changed: boolean;
  counts: Record<string, { created: number; updated: number; unchanged: number }>;
  unmappedRatings: { url: string; rating: string }[];
};

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

const post = (body: unknown, type = 'application/ld+json', query = '') =>
  ctx.app.inject({
    method: 'POST',
    url: `/import/claimreview${query}`,
    headers: { authorization: `Bearer ${key}`, 'content-type': type },
    payload: JSON.stringify(body),
  });

/** A DataFeed as a fact-checker publishes it, written for this test: quirks included. */
const feed = {
  '@context': 'http://schema.org',
  '@type': 'DataFeed',
  dataFeedElement: [
    {
      '@type': 'DataFeedItem',
      item: [
        {
          '@type': 'ClaimReview',
          url: 'https://checker.example/review/pompeo-home-base',
          claimReviewed: 'Iran is al-Qaeda&#39;s new <i>home base</i>',
          datePublished: '2021-01-14 09:30',
          author: {
            '@type': 'Organization',
            name: 'Example Checks',
            url: 'https://checker.example',
          },
          itemReviewed: {
            '@type': 'Claim',
            author: [{ '@type': 'Person', name: ['@SecPompeo', 'US Secretary of State'] }],
            datePublished: '2021-01-12',
            appearance: [{ '@type': 'CreativeWork', url: 'https://video.example/npc-remarks' }],
          },
          reviewRating: {
            '@type': 'Rating',
            ratingValue: '1',
            bestRating: '5',
            worstRating: '1',
            alternateName: 'False',
          },
        },
      ],
    },
    {
      '@type': 'DataFeedItem',
      item: [
        {
          '@type': 'ClaimReview',
          url: 'https://checker.example/review/tea-cures',
          claimReviewed: 'Tea cures everything',
          itemReviewed: {
            '@type': 'CreativeWork',
            url: 'https://social.example/p/1',
            datePublished: '2020',
            author: { '@type': 'Organization', name: 'Wellness Page' },
          },
          reviewRating: {
            '@type': 'Rating',
            ratingValue: '',
            bestRating: '2',
            worstRating: '2',
            alternateName: 'Needs context from our desk',
          },
        },
      ],
    },
  ],
};

describe('POST /import/claimreview', () => {
  it('turns each review into a claim with its claimant, appearances, status, evidence and provenance', async () => {
    const response = await post(feed);
    expect(response.statusCode, response.body).toBe(200);
    const report = JSON.parse(response.body) as Report;
    expect(report).toMatchObject({
      reviews: 2,
      changed: true,
      counts: { claims: { created: 2 }, evidence: { created: 2 } },
    });
    expect(report.unmappedRatings).toEqual([
      { url: 'https://checker.example/review/tea-cures', rating: 'Needs context from our desk' },
    ]);

    const claims = JSON.parse(
      (await ctx.app.inject('/claims?tag=claimreview&sort=statedAt')).body,
    ) as { items: { slug: string }[] };
    const [tea, homeBase] = claims.items;
    const claim = JSON.parse((await ctx.app.inject(`/claims/${homeBase?.slug}`)).body) as Claim;
    expect(claim).toMatchObject({
      text: "Iran is al-Qaeda's new home base",
      status: 'refuted',
      statedAt: '2021-01-12',
      language: 'en',
      // Matched by alias: the seed knows Pompeo as @SecPompeo.
      claimant: { slug: 'mike-pompeo' },
      provenance: { format: 'claimreview', url: 'https://checker.example/review/pompeo-home-base' },
    });
    const evidence = JSON.parse(
      (await ctx.app.inject(`/claims/${homeBase?.slug}/evidence`)).body,
    ) as { items: Evidence[] };
    expect(evidence.items[0]).toMatchObject({
      stance: 'refutes',
      url: 'https://checker.example/review/pompeo-home-base',
    });
    const sources = JSON.parse((await ctx.app.inject('/sources?q=video.example')).body) as {
      items: { url: string }[];
    };
    expect(sources.items.map((s) => s.url)).toEqual(['https://video.example/npc-remarks']);

    const unmapped = JSON.parse((await ctx.app.inject(`/claims/${tea?.slug}`)).body) as Claim;
    expect(unmapped).toMatchObject({ status: 'unverified', claimant: { name: 'Wellness Page' } });
    expect(unmapped.statusNote).toContain('Needs context from our desk');
  });

  it('changes nothing when the same reviews come again, as application/json too', async () => {
    const report = JSON.parse((await post(feed, 'application/json')).body) as Report;
    expect(report.changed).toBe(false);
    expect(report.counts.claims).toEqual({ created: 0, updated: 0, unchanged: 2 });
  });

  it('refuses reviews without their essentials (422 naming them) and writes nothing', async () => {
    const before = JSON.parse((await ctx.app.inject('/stats')).body) as { claimCount: number };
    const response = await post([
      {
        '@type': 'ClaimReview',
        url: 'https://checker.example/review/ok',
        claimReviewed: 'Fine',
        datePublished: '2024-01-01',
      },
      { '@type': 'ClaimReview', claimReviewed: 'No url' },
      { '@type': 'ClaimReview', url: 'https://checker.example/review/no-text' },
    ]);
    expect(response.statusCode).toBe(422);
    const problem = JSON.parse(response.body) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['reviews.1.url', 'reviews.2.claimReviewed']),
    );
    const after = JSON.parse((await ctx.app.inject('/stats')).body) as { claimCount: number };
    expect(after.claimCount).toBe(before.claimCount);
    expect((await post({ '@type': 'WebPage' })).statusCode).toBe(422);
  });

  it('keeps a review that names no one who made the claim without a claimant, inventing no actor, and moves it whole', async () => {
    const anonymous = {
      '@type': 'ClaimReview',
      url: 'https://checker.example/review/viral-image',
      claimReviewed: 'A photo shows a flooded airport in 2024',
      datePublished: '2024-03-02',
      author: { '@type': 'Organization', name: 'Example Checks' },
      itemReviewed: {
        '@type': 'Claim',
        datePublished: '2024-03-01',
        appearance: [{ '@type': 'CreativeWork', url: 'https://social.example/p/2' }],
      },
      reviewRating: { '@type': 'Rating', alternateName: 'False' },
    };
    const response = await post(anonymous);

    expect(response.statusCode, response.body).toBe(200);
    expect((JSON.parse(response.body) as Report).counts.actors).toMatchObject({ created: 0 });
    const placeholder = await send<{ items: unknown[] }>(ctx.app, 'GET', '/actors?q=unattributed');
    expect(placeholder.body.items).toEqual([]);
    const found = await send<{ items: Claim[] }>(ctx.app, 'GET', '/claims?q=flooded airport');
    const [claim] = found.body.items;
    expect(claim).toMatchObject({ claimant: null, status: 'refuted' });
    const slug = claim?.slug ?? '';
    const page = await ctx.app.inject({ url: `/claims/${slug}`, headers: { accept: 'text/html' } });
    expect(page.body).toContain('No author named in Example Checks’s review');
    // Still a reviewed claim: edited like any other, and refused for a claim nobody reviewed.
    const stored = await send<Claim>(ctx.app, 'GET', `/claims/${slug}`);
    const edited = await send<Claim>(ctx.app, 'PATCH', `/claims/${slug}`, {
      key,
      headers: { 'if-match': String(stored.headers.etag) },
      body: { statedAtNote: 'The post is undated; the review dates it.' },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const unreviewed = await send<{ errors: { path: string }[] }>(ctx.app, 'POST', '/claims', {
      key,
      body: { text: 'Nobody said this.', claimantId: null, statedAt: '2024', quotes: [] },
    });
    expect(unreviewed.status).toBe(422);

    const moved = await importedIntoEmpty((await ctx.app.inject({ url: '/export' })).body);
    expect(moved.status).toBe(200);
    expect(moved.changedAgain).toBe(false);
  });
});
