import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { nowIso } from '../../lib/dates.js';
import type { FieldError } from '../../lib/problem.js';
import { uniqueSlug } from '../../lib/slugs.js';
import { findActor, findActorByNames } from '../actors/actors.repository.js';
import {
  ImportInvalidError,
  type ImportOptions,
  type ImportReport,
  ImportSession,
} from '../bundles/import-session.js';
import {
  findClaim,
  findClaimIdByProvenanceUrl,
  provenanceOf,
} from '../claims/claims.repository.js';
import { saveProvenance } from '../claims/claims.write-repository.js';
import { findSource, findSourceByUrl } from '../sources/sources.repository.js';
import { extractReviews, type NormalizedReview, normalizeReview } from './claimreview.normalize.js';

export type ClaimReviewReport = ImportReport & {
  reviews: number;
  /** Ratings that matched no status: the claim stays `unverified`, the rating is in its note. */
  unmappedRatings: { url: string; rating: string | null }[];
};

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * Imports fact-checkers' ClaimReviews: per review, the claimant (matched by name, alias or sameAs,
 * else created), the places the claim appeared (sources, by url), the claim with the status its
 * rating maps to, the review itself as evidence, and the publisher's document as provenance.
 * All or nothing, and idempotent by the review's url.
 */
export function importClaimReviews(
  db: Db,
  document: unknown,
  options: ImportOptions = {},
): ClaimReviewReport {
  const raws = extractReviews(document);
  if (raws.length === 0) {
    const error = {
      path: 'body',
      message: 'no ClaimReview found (an object, an array, @graph or a DataFeed)',
    };
    throw new ImportInvalidError([error], 1);
  }
  const normalised = raws.map((raw, i) => normalizeReview(raw, `reviews.${i}`));
  const errors: FieldError[] = normalised.flatMap((n) => (Array.isArray(n) ? n : []));
  normalised.forEach((n, i) => {
    if (!Array.isArray(n) && !n.claimDate && !n.reviewDate) {
      errors.push({
        path: `reviews.${i}.itemReviewed.datePublished`,
        message: 'no date for the claim or the review',
      });
    }
  });
  if (errors.length > 0) throw new ImportInvalidError(errors, errors.length);
  const reviews = normalised.filter((n): n is NormalizedReview => !Array.isArray(n));

  const session = new ImportSession(db, options);
  session.begin();
  try {
    const newSlugs = new Map<string, string>();
    for (const [i, review] of reviews.entries())
      importOne(db, session, review, `reviews.${i}`, newSlugs);
    const report = session.finish();
    return {
      ...report,
      reviews: reviews.length,
      unmappedRatings: reviews
        .filter((r) => !r.rating.mapped)
        .map((r) => ({ url: r.reviewUrl, rating: r.rating.text })),
    };
  } finally {
    session.abort();
  }
}

function importOne(
  db: Db,
  session: ImportSession,
  review: NormalizedReview,
  at: string,
  newSlugs: Map<string, string>,
) {
  const taken = (kind: 'actor' | 'source') => (slug: string) =>
    (kind === 'actor' ? findActor(db, slug) : findSource(db, slug)) !== null ||
    [...newSlugs.values()].includes(slug);

  // The claimant: known by name, alias or sameAs, or made now (once per import).
  const claimant = review.claimant ?? {
    name: 'Unattributed',
    kind: 'organization' as const,
    sameAs: [],
  };
  const known = findActorByNames(db, [claimant.name, ...claimant.sameAs]);
  const key = `actor:${claimant.name.toLowerCase()}`;
  let claimantSlug = known?.slug ?? newSlugs.get(key);
  if (!claimantSlug) {
    claimantSlug = uniqueSlug(claimant.name, taken('actor'), 'actor');
    newSlugs.set(key, claimantSlug);
    session.add(
      {
        type: 'actor',
        slug: claimantSlug,
        kind: claimant.kind,
        name: claimant.name,
        aliases: claimant.sameAs,
      },
      `${at}.itemReviewed.author`,
    );
  }

  // Where the claim appeared: sources found by url, or made now.
  for (const [j, appearance] of review.appearances.entries()) {
    if (findSourceByUrl(db, appearance.url) || newSlugs.has(`source:${appearance.url}`)) continue;
    const slug = `appearance-${hash(appearance.url)}`;
    newSlugs.set(`source:${appearance.url}`, slug);
    session.add(
      { type: 'source', slug, kind: 'other', url: appearance.url, title: appearance.title },
      `${at}.itemReviewed.appearance.${j}`,
    );
  }

  const existingId = findClaimIdByProvenanceUrl(db, review.reviewUrl);
  const slug =
    (existingId ? findClaim(db, existingId)?.slug : null) ?? `review-${hash(review.reviewUrl)}`;
  const by = review.publisher.name ?? 'the publisher';
  const rating = review.rating.text ? `“${review.rating.text}”` : 'without a rating';
  session.add(
    {
      type: 'claim',
      slug,
      text: review.claimText,
      language: review.language,
      claimant: claimantSlug,
      statedAt: review.claimDate ?? review.reviewDate,
      status: review.rating.status,
      statusNote: review.rating.mapped
        ? `Rated ${rating} by ${by}: ${review.reviewUrl}`
        : `Rated ${rating} by ${by}, a rating that maps to no status: ${review.reviewUrl}`,
      tags: ['claimreview'],
    },
    at,
  );
  session.add(
    {
      type: 'evidence',
      slug: `review-${hash(review.reviewUrl)}`,
      claim: slug,
      stance:
        review.rating.status === 'supported'
          ? 'supports'
          : review.rating.status === 'refuted'
            ? 'refutes'
            : 'context',
      summary: `${by}'s fact-check, rating the claim ${rating}`,
      url: review.reviewUrl,
    },
    `${at}.url`,
  );
  session.run(() => {
    const claim = findClaim(db, slug);
    if (!claim) return;
    const stored = provenanceOf(db, claim.id);
    if (stored && JSON.stringify(stored.document) === JSON.stringify(review.original)) return;
    saveProvenance(db, {
      claimId: claim.id,
      format: 'claimreview',
      url: review.reviewUrl,
      importedAt: nowIso(),
      document: review.original,
    });
  });
}
