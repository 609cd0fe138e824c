import { describe, expect, it } from 'vitest';
import {
  cleanText,
  extractReviews,
  lenientDate,
  type NormalizedReview,
  normalizeReview,
  readReviewRating,
} from '../src/modules/claimreview/claimreview.normalize.js';

/** Documents written for these tests, each with a quirk real fact-checkers' pages show. */
const review = (extra: Record<string, unknown> = {}) => ({
  '@type': 'ClaimReview',
  url: 'https://checker.example/reviews/1',
  claimReviewed: 'The moon is made of cheese',
  reviewRating: {
    '@type': 'Rating',
    ratingValue: 1,
    bestRating: 5,
    worstRating: 1,
    alternateName: 'False',
  },
  ...extra,
});

const normal = (raw: Record<string, unknown>) =>
  normalizeReview(raw, 'reviews.0') as NormalizedReview;

describe('finding ClaimReviews in what publishers emit', () => {
  it('reads one object, an array, a page @graph and a DataFeed', () => {
    expect(extractReviews(review())).toHaveLength(1);
    expect(extractReviews([review(), review()])).toHaveLength(2);
    expect(
      extractReviews({
        '@context': 'http://schema.org',
        '@graph': [{ '@type': 'WebPage' }, review()],
      }),
    ).toHaveLength(1);
    const feed = {
      '@context': 'https://schema.org',
      '@type': 'DataFeed',
      dataFeedElement: [
        { '@type': 'DataFeedItem', item: [review()] },
        { '@type': 'DataFeedItem', item: [review()] },
      ],
    };
    expect(extractReviews(feed)).toHaveLength(2);
    expect(extractReviews({ '@type': ['ClaimReview'], url: 'x' })).toHaveLength(1);
  });

  it('reads the Fact Check Tools API’s flattened claims too', () => {
    const [found] = extractReviews({
      text: 'A claim in Urdu would go here',
      claimant: 'Social media users',
      claimDate: '2021-03-01T00:00:00Z',
      claimReview: [
        {
          publisher: { name: 'Checker', site: 'checker.example' },
          url: 'https://checker.example/r/7',
          title: 'Fact check: the claim',
          reviewDate: '2021-03-02T00:00:00Z',
          textualRating: 'False',
          languageCode: 'ur',
        },
      ],
    });
    const n = normalizeReview(found ?? {}, 'reviews.0') as NormalizedReview;
    expect(n).toMatchObject({
      reviewUrl: 'https://checker.example/r/7',
      language: 'ur',
      claimant: { name: 'Social media users' },
      claimDate: '2021-03-01T00:00:00Z',
      rating: { status: 'refuted', readFrom: 'label', unmapped: false },
    });
  });
});

describe('normalising a review', () => {
  it('takes a Claim with author, date and appearances, an author given as an array, a name as an array', () => {
    const n = normal(
      review({
        itemReviewed: {
          '@type': 'Claim',
          author: [
            {
              '@type': 'Person',
              name: ['Jane Mayor', 'Mayor of Somewhere'],
              sameAs: 'https://en.wikipedia.org/wiki/Jane_Mayor',
            },
          ],
          datePublished: '2020-06-24 00:03',
          appearance: [{ '@type': 'CreativeWork', url: 'https://video.example/v/1' }],
          firstAppearance: {
            '@type': 'CreativeWork',
            url: 'https://archive.example/abc',
            headline: 'First post',
          },
        },
      }),
    );
    expect(n.claimant).toEqual({
      name: 'Jane Mayor',
      kind: 'person',
      sameAs: ['https://en.wikipedia.org/wiki/Jane_Mayor'],
    });
    expect(n.claimDate).toBe('2020-06-24T00:03Z');
    expect(n.appearances).toEqual([
      { url: 'https://video.example/v/1', title: null },
      { url: 'https://archive.example/abc', title: 'First post' },
    ]);
  });

  it('takes an older CreativeWork as the place the claim appeared', () => {
    const n = normal(
      review({
        itemReviewed: {
          '@type': 'CreativeWork',
          url: 'https://social.example/p/9',
          author: { '@type': 'Organization', name: 'multiple sources' },
        },
      }),
    );
    expect(n.appearances).toEqual([{ url: 'https://social.example/p/9', title: null }]);
    expect(n.claimant).toMatchObject({ name: 'multiple sources', kind: 'organization' });
  });

  it('cleans HTML and entities, and detects the language when inLanguage is absent', () => {
    const n = normal(
      review({
        claimReviewed:
          'V&iacute;deo mostra <b>casa</b> que o ex-presidente est&aacute; alugando em S&atilde;o Paulo',
      }),
    );
    expect(n.claimText).toBe('Vídeo mostra casa que o ex-presidente está alugando em São Paulo');
    expect(n.language).toBe('pt');
    expect(
      normal(review({ claimReviewed: '美國要求各國制裁俄羅斯，私下卻大買俄羅斯石油' })).language,
    ).toBe('zh');
    expect(normal(review({ inLanguage: 'de-DE' })).language).toBe('de-DE');
  });

  it('names what is missing: no claim text, no review url', () => {
    expect(normalizeReview({ '@type': 'ClaimReview' }, 'reviews.3')).toEqual([
      { path: 'reviews.3.claimReviewed', message: expect.stringContaining('no claim text') },
      { path: 'reviews.3.url', message: 'no review url' },
    ]);
  });
});

/** A rating of a review by a publisher with no table of its own. */
const readRating = (rating: unknown) =>
  readReviewRating(rating, { name: null, url: null }, 'https://checker.example/review/1');

describe('ratings', () => {
  it.each([
    [{ ratingValue: '1', bestRating: '5', worstRating: '1', alternateName: 'False' }, 'refuted'],
    [{ ratingValue: 5, bestRating: 5, worstRating: 1 }, 'supported'],
    [{ ratingValue: 2, bestRating: 6, worstRating: 1, alternateName: 'Incorrect' }, 'refuted'],
    [{ ratingValue: '', bestRating: '2', worstRating: '2', alternateName: 'False' }, 'refuted'],
    [{ bestRating: '', alternateName: 'Mostly False' }, 'misleading'],
    [{ alternateName: 'Half True' }, 'misleading'],
    [{ alternateName: 'Pants on Fire!' }, 'refuted'],
    [{ alternateName: 'Unproven' }, 'unsubstantiated'],
    [{ alternateName: 'Falso' }, 'refuted'],
    [{ alternateName: 'Faux' }, 'refuted'],
    [{ alternateName: '錯誤' }, 'refuted'],
    [{ alternateName: 'Misleading' }, 'misleading'],
    [{ alternateName: 'FALSO: As imagens foram retiradas de outro vídeo.' }, 'refuted'],
    [{ alternateName: 'Sie hat diesen Satz nie gesagt. «Völliger Unsinn», heißt es.' }, 'refuted'],
  ])('%o → %s', (rating, status) => {
    expect(readRating(rating)).toMatchObject({ status, unmapped: false });
  });

  it('keeps an unknown rating unmapped, with its text', () => {
    expect(readRating({ alternateName: 'Needs a closer look by our desk' })).toEqual({
      status: 'unverified',
      score: null,
      text: 'Needs a closer look by our desk',
      ratingValue: null,
      bestRating: null,
      worstRating: null,
      readFrom: null,
      unmapped: true,
    });
  });
});

describe('helpers', () => {
  it('reads dates leniently and text plainly', () => {
    expect(lenientDate('2020-06-24 00:03')).toBe('2020-06-24T00:03Z');
    expect(lenientDate('2019-04-10T12:09:05+05:30')).toBe('2019-04-10T12:09:05+05:30');
    expect(lenientDate('')).toBeNull();
    expect(cleanText(['Line, FB', 'ignored'])).toBe('Line, FB');
    expect(cleanText('It&#039;s &quot;fine&quot;')).toBe('It\'s "fine"');
  });
});
