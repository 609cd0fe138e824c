import { answerExample, type ExampleSet, requestExample } from '../../plugins/openapi-examples.js';
import { HOME_BASE_SLUG } from '../claims/claims.examples.js';
import { ClaimReviewReportSchema } from './claimreview.routes.js';
import { ClaimReviewSchema } from './claimreview.schemas.js';

const ARTICLE_NAME =
  "News article on Mike Pompeo's January 2021 accusation that Iran is al-Qaeda's new home base, and the replies to it";

/** Where Pompeo first said the words the article quotes. */
const SPEECH = {
  '@type': 'CreativeWork',
  name: "Mike Pompeo's remarks to the National Press Club accusing Iran of being al-Qaeda's new home base",
} as const;

/** The seeded home-base claim as this server publishes its review. */
const HOME_BASE_REVIEW = {
  '@context': 'https://schema.org',
  '@type': 'ClaimReview',
  url: `https://factcheck.example/claims/${HOME_BASE_SLUG}`,
  claimReviewed: 'Iran is al-Qaeda’s new home base.',
  inLanguage: 'en',
  datePublished: '2026-11-27T08:28:19.578Z',
  author: { '@type': 'Organization', name: 'Factcheck', url: 'https://factcheck.example' },
  itemReviewed: {
    '@type': 'Claim',
    author: { '@type': 'Person', name: 'Mike Pompeo' },
    datePublished: '2021-01-12',
    appearance: [{ '@type': 'CreativeWork', name: ARTICLE_NAME }, SPEECH],
    firstAppearance: SPEECH,
  },
  reviewRating: {
    '@type': 'Rating',
    ratingValue: 2,
    bestRating: 5,
    worstRating: 1,
    alternateName: 'Unsubstantiated',
    ratingExplanation:
      'The article says Pompeo "failed to provide any direct evidence to support his claims" and that security experts "cast doubt on Pompeo’s unsubstantiated allegations against Tehran".',
  },
} as const;

const NO_CHANGE = { created: 0, updated: 0, unchanged: 0 };

export const claimReviewExamples: ExampleSet = {
  schemas: [
    answerExample(ClaimReviewSchema, {
      ...HOME_BASE_REVIEW,
      itemReviewed: {
        ...HOME_BASE_REVIEW.itemReviewed,
        appearance: [...HOME_BASE_REVIEW.itemReviewed.appearance],
      },
    }),
    answerExample(ClaimReviewReportSchema, {
      dryRun: false,
      changed: true,
      records: 2,
      counts: {
        actors: NO_CHANGE,
        sources: NO_CHANGE,
        claims: { created: 1, updated: 0, unchanged: 0 },
        quotes: NO_CHANGE,
        links: NO_CHANGE,
        evidence: { created: 1, updated: 0, unchanged: 0 },
        statuses: NO_CHANGE,
      },
      durationMs: 12,
      reviews: 1,
      unmappedRatings: [],
    }),
  ],
  operations: {
    importClaimReviews: {
      parameters: { dryRun: false },
      body: requestExample(ClaimReviewSchema, {
        ...HOME_BASE_REVIEW,
        itemReviewed: {
          ...HOME_BASE_REVIEW.itemReviewed,
          appearance: [...HOME_BASE_REVIEW.itemReviewed.appearance],
        },
      }),
    },
    getClaimReview: { parameters: { id: HOME_BASE_SLUG } },
  },
};
