import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Claim, ClaimListItem } from '../src/modules/claims/claims.schemas.js';
import { makeApp, makeKeys, ok, send, type TestContext } from './helpers/app.js';
import { bundle } from './helpers/bundles.js';
import { importedIntoEmpty } from './helpers/round-trip.js';
import { staleSearchDocuments } from './helpers/search-documents.js';

/**
 * `q` finds an imported claim by the headline of the fact-checker's review, which words the claim
 * its own way, and keeps finding it by the headline the latest import brought; the headline shows
 * in the claim's `review` and moves with exports.
 */
type Page = { items: ClaimListItem[]; nextCursor: string | null };
type Report = { changed: boolean; counts: Record<string, Record<string, number>> };

const REVIEW_URL = 'https://factcheck.example/metro-flood';
const HEADLINE = 'Recycled footage of a flooded subway misattributed to Jakarta';

/** An AFP-style ClaimReview: its headline shares no word with the claim it reviews. */
const review = (headline: Record<string, string> = { headline: HEADLINE }) => ({
  '@context': 'https://schema.org',
  '@type': 'ClaimReview',
  url: REVIEW_URL,
  ...headline,
  claimReviewed: 'This video shows water pouring into a metro station in Indonesia last week',
  datePublished: '2024-03-02',
  author: { '@type': 'Organization', name: 'AFP Fact Check', url: 'https://factcheck.example' },
  itemReviewed: {
    '@type': 'Claim',
    author: { '@type': 'Organization', name: 'Viral Clips Page' },
    datePublished: '2024-02-28',
  },
  reviewRating: { '@type': 'Rating', alternateName: 'False' },
});

let ctx: TestContext;
let key: string;
beforeEach(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterEach(() => ctx.close());

const importReview = (body: unknown) =>
  ok(send<Report>(ctx.app, 'POST', '/import/claimreview', { key, body }));
const search = (q: string, more = '') =>
  ok(send<Page>(ctx.app, 'GET', `/claims?limit=100&q=${encodeURIComponent(q)}${more}`));
const found = async (q: string) => (await search(q)).items.map((item) => item.slug);
const claimOf = (slug: string) => ok(send<Claim>(ctx.app, 'GET', `/claims/${slug}`));

/** The slug of the one claim imported from the review. */
const importedSlug = async () => {
  const page = await ok(send<Page>(ctx.app, 'GET', '/claims?tag=claimreview'));
  expect(page.items).toHaveLength(1);
  return page.items[0]?.slug ?? '';
};

describe('a search by review headline', () => {
  it('when a review’s headline words the claim differently, then a word of the headline finds it, marked in a snippet of the headline', async () => {
    await importReview(review());
    const slug = await importedSlug();

    const page = await search('jakarta');
    expect(page.items.map((item) => item.slug)).toEqual([slug]);
    expect(page.items[0]?.snippet).toBe(
      'Recycled footage of a flooded subway misattributed to <mark>Jakarta</mark>',
    );
    // Every word must match, each in any field: one of the headline, one of the text.
    expect(await found('subway indonesia')).toEqual([slug]);
    expect(await found('jakarta tokyo')).toEqual([]);
    // A word of the text gives a snippet of the text, as before.
    const byText = await search('metro');
    expect(byText.items[0]?.snippet).toContain('into a <mark>metro</mark> station');

    const claim = await claimOf(slug);
    expect(claim.review).toEqual({
      publisher: 'AFP Fact Check',
      label: 'False',
      ratingValue: null,
      bestRating: null,
      worstRating: null,
      score: 0,
      headline: HEADLINE,
    });
    expect(await staleSearchDocuments(ctx.peek)).toEqual([]);
  });

  it('when a review has a name and no headline, then its name is the headline', async () => {
    await importReview(review({ name: 'Clip of a flooded Jakarta subway is years old' }));
    const slug = await importedSlug();
    expect((await claimOf(slug)).review?.headline).toBe(
      'Clip of a flooded Jakarta subway is years old',
    );
    expect(await found('years jakarta')).toEqual([slug]);
  });

  it('when the claim says a word and another only has it in its headline, then by relevance the claim that says it comes first', async () => {
    const says = await ok(
      send<Claim>(ctx.app, 'POST', '/claims', {
        key,
        body: { text: 'Jakarta is sinking.', claimantId: 'mike-pompeo', statedAt: '2024-01-02' },
      }),
      201,
    );
    // Recorded later: among equal scores it would come first.
    await importReview(review());
    const page = await search('jakarta', '&sort=relevance');
    expect(page.items.map((item) => item.slug)).toEqual([says.slug, await importedSlug()]);
  });
});

describe('the search after a review is imported again', () => {
  it('when the review comes again with another headline, then the new headline finds the claim and the old one no longer does', async () => {
    await importReview(review());
    const slug = await importedSlug();
    const again = await importReview(review());
    expect(again.changed).toBe(false);

    const retitled = await importReview(
      review({ headline: 'Monsoon video from Bangkok shared with a false caption' }),
    );
    expect(retitled.changed).toBe(true);
    expect(retitled.counts.claims).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(await found('jakarta')).toEqual([]);
    const page = await search('bangkok');
    expect(page.items.map((item) => item.slug)).toEqual([slug]);
    expect(page.items[0]?.snippet).toBe(
      'Monsoon video from <mark>Bangkok</mark> shared with a false caption',
    );
    expect((await claimOf(slug)).review?.headline).toBe(
      'Monsoon video from Bangkok shared with a false caption',
    );
    expect(await staleSearchDocuments(ctx.peek)).toEqual([]);
  });
});

describe('headlines in bundles', () => {
  const exported = async () => (await ctx.app.inject({ url: '/export' })).body;
  const reviewed = (review: Record<string, unknown>) =>
    bundle({
      claims: [
        {
          slug: 'metro-flood',
          text: 'This video shows water pouring into a metro station in Indonesia last week',
          claimant: 'mike-pompeo',
          statedAt: '2024-02-28',
          review: {
            publisher: 'AFP Fact Check',
            label: 'False',
            ratingValue: null,
            bestRating: null,
            worstRating: null,
            score: 0,
            ...review,
          },
        },
      ],
    });

  it('when a reviewed claim is exported and imported into an empty database, then its headline comes along and finds it there', async () => {
    await importReview(review());
    const before = await exported();
    expect(before).toContain(`"headline":"${HEADLINE}"`);

    const moved = await importedIntoEmpty(before);
    expect(moved).toEqual({ status: 200, exportedAgain: before, changedAgain: false });

    const fresh = await makeApp({ seed: false });
    try {
      const freshKey = (await makeKeys(fresh.store)).editor;
      const imported = await send(fresh.app, 'POST', '/import', {
        key: freshKey,
        body: JSON.parse(before),
      });
      expect(imported.status).toBe(200);
      const page = await ok(send<Page>(fresh.app, 'GET', '/claims?q=jakarta'));
      expect(page.items.map((item) => item.snippet)).toEqual([
        'Recycled footage of a flooded subway misattributed to <mark>Jakarta</mark>',
      ]);
    } finally {
      await fresh.close();
    }
  });

  it('when a bundle’s review has no headline, then the claim shows none, the export writes none and importing it again changes nothing', async () => {
    const first = await ok(send<Report>(ctx.app, 'POST', '/import', { key, body: reviewed({}) }));
    expect(first.changed).toBe(true);
    expect((await claimOf('metro-flood')).review?.headline).toBeNull();
    const written = await exported();
    expect(written).toContain('"review":{"publisher":"AFP Fact Check","label":"False"');
    expect(written).not.toContain('"headline"');
    const again = await ok(send<Report>(ctx.app, 'POST', '/import', { key, body: reviewed({}) }));
    expect(again.changed).toBe(false);
  });

  it('when a bundle brings a review’s headline, then it finds the claim until a review without one replaces it', async () => {
    await ok(
      send<Report>(ctx.app, 'POST', '/import', { key, body: reviewed({ headline: HEADLINE }) }),
    );
    expect(await found('jakarta')).toEqual(['metro-flood']);
    expect((await claimOf('metro-flood')).review?.headline).toBe(HEADLINE);

    const replaced = await ok(
      send<Report>(ctx.app, 'POST', '/import', { key, body: reviewed({}) }),
    );
    expect(replaced.changed).toBe(true);
    expect(await found('jakarta')).toEqual([]);
    expect((await claimOf('metro-flood')).review?.headline).toBeNull();
    expect(await staleSearchDocuments(ctx.peek)).toEqual([]);
  });
});
