import { z } from 'zod';
import type { ClaimStatus } from '../../lib/vocabulary.js';

/**
 * How an evidence status reads as a schema.org rating, on a 1 (worst) to 5 (best) scale;
 * `not_checkable` has no place on the scale and carries its name only.
 */
export const RATINGS: Record<
  Exclude<ClaimStatus, 'unverified'>,
  { value: number | null; name: string }
> = {
  supported: { value: 5, name: 'True' },
  disputed: { value: 3, name: 'Disputed' },
  unsubstantiated: { value: 2, name: 'Unsubstantiated' },
  misleading: { value: 2, name: 'Misleading' },
  refuted: { value: 1, name: 'False' },
  not_checkable: { value: null, name: 'Not checkable' },
};

const Thing = z.object({
  '@type': z.string(),
  name: z.string().optional(),
  url: z.string().optional(),
});

export const ClaimReviewSchema = z
  .object({
    '@context': z.literal('https://schema.org'),
    '@type': z.literal('ClaimReview'),
    url: z.string().describe('The claim’s page'),
    claimReviewed: z.string(),
    inLanguage: z.string(),
    datePublished: z.string().describe('When the current verdict was given'),
    author: Thing.describe('The publisher of the review'),
    itemReviewed: z.object({
      '@type': z.literal('Claim'),
      author: z
        .object({
          '@type': z.enum(['Person', 'Organization']),
          name: z.string(),
          sameAs: z.array(z.string()).optional(),
        })
        .optional()
        .describe(
          'Who made the claim; absent when no author is named (its appearance states it, or the review it came from names no one)',
        ),
      datePublished: z.string(),
      appearance: z.array(Thing),
      firstAppearance: Thing.optional(),
    }),
    reviewRating: z.object({
      '@type': z.literal('Rating'),
      ratingValue: z.number().int().optional(),
      bestRating: z.number().int(),
      worstRating: z.number().int(),
      alternateName: z.string(),
      ratingExplanation: z.string().optional(),
    }),
  })
  .meta({ id: 'ClaimReview', description: 'A schema.org ClaimReview (JSON-LD) of one claim' });

export type ClaimReview = z.infer<typeof ClaimReviewSchema>;
