import { createHash } from 'node:crypto';
import type { Store } from '../../db/store.js';
import { nowIso } from '../../lib/dates.js';
import { pacer } from '../../lib/pacer.js';
import type { FieldError } from '../../lib/problem.js';
import { uniqueSlug } from '../../lib/slugs.js';
import { findActor, findActorByNames } from '../actors/actors.repository.js';
import { runImport } from '../bundles/bundle.import.js';
import {
  ImportInvalidError,
  type ImportOptions,
  type ImportReport,
} from '../bundles/import-report.js';
import type { ImportSession } from '../bundles/import-session.js';
import { saveProvenance } from '../claims/claims.commands.js';
import {
  findClaim,
  findClaimIdByProvenanceUrl,
  provenanceOf,
} from '../claims/claims.repository.js';
import { findSource, findSourceByUrl } from '../sources/sources.repository.js';
import { extractReviews, type NormalizedReview, normalizeReview } from './claimreview.normalize.js';

export type ClaimReviewReport = ImportReport & {
  reviews: number;
  /**
   * Ratings whose label no table knows (nor any verdict phrase in it): the status comes from the
   * numbers when they make a scale, else the claim stays `unverified`; the label is in its note.
   */
  unmappedRatings: { url: string; rating: string | null }[];
};

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * Imports fact-checkers' ClaimReviews: per review, the claimant (matched by name, alias or sameAs,
 * else created), the places the claim appeared (sources, by url), the claim with the status its
 * rating maps to, the review itself as evidence, and the publisher's document as provenance.
 * All or nothing, and idempotent by the review's url.
 */
export async function importClaimReviews(
  store: Store,
  document: unknown,
  options: ImportOptions = {},
): Promise<ClaimReviewReport> {
  const raws = extractReviews(document);
  if (raws.length === 0) {
    const error = {
      path: 'body',
      message: 'no ClaimReview found (an object, an array, @graph or a DataFeed)',
    };
    throw new ImportInvalidError([error], 1);
  }
  const normalised: ReturnType<typeof normalizeReview>[] = [];
  const pace = pacer();
  for (const [i, raw] of raws.entries()) {
    normalised.push(normalizeReview(raw, `reviews.${i}`));
    await pace();
  }
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

  const report = await runImport(store, options, async (session) => {
    // Made in this import, by what they stand for (`actor:<name>`, `source:<url>`, `slug:<slug>`).
    const newSlugs = new Map<string, string>();
    for (const [i, review] of reviews.entries()) {
      await importOne(session, review, `reviews.${i}`, newSlugs);
    }
  });
  return {
    ...report,
    reviews: reviews.length,
    unmappedRatings: reviews
      .filter((r) => r.rating.unmapped)
      .map((r) => ({ url: r.reviewUrl, rating: r.rating.text })),
  };
}

async function importOne(
  session: ImportSession,
  review: NormalizedReview,
  at: string,
  newSlugs: Map<string, string>,
) {
  const tx = session.tx;
  const taken = (kind: 'actor' | 'source') => async (slug: string) =>
    (kind === 'actor' ? await findActor(tx, slug) : await findSource(tx, slug)) !== null ||
    newSlugs.has(`slug:${slug}`);

  // The claimant: known by name, alias or sameAs, or made now (once per import); none when the
  // review names none (no placeholder actor is made up: the review is what the record knows).
  const claimantSlug = review.claimant
    ? await claimantSlugOf(session, review.claimant, at, newSlugs, taken('actor'))
    : null;

  // Where the claim appeared: sources found by url, or made now.
  for (const [j, appearance] of review.appearances.entries()) {
    if ((await findSourceByUrl(tx, appearance.url)) || newSlugs.has(`source:${appearance.url}`))
      continue;
    const slug = `appearance-${hash(appearance.url)}`;
    newSlugs.set(`source:${appearance.url}`, slug);
    newSlugs.set(`slug:${slug}`, slug);
    await session.add(
      { type: 'source', slug, kind: 'other', url: appearance.url, title: appearance.title },
      `${at}.itemReviewed.appearance.${j}`,
    );
  }

  const existingId = await findClaimIdByProvenanceUrl(tx, review.reviewUrl);
  const slug =
    (existingId ? (await findClaim(tx, existingId))?.slug : null) ??
    `review-${hash(review.reviewUrl)}`;
  const by = review.publisher.name ?? 'the publisher';
  const rating = review.rating.text ? `“${review.rating.text}”` : 'without a rating';
  await session.add(
    {
      type: 'claim',
      slug,
      text: review.claimText,
      language: review.language,
      claimant: claimantSlug,
      statedAt: review.claimDate ?? review.reviewDate,
      status: review.rating.status,
      statusNote: statusNoteOf(review, by, rating),
      tags: ['claimreview'],
      review: {
        publisher: review.publisher.name,
        label: review.rating.text,
        ratingValue: review.rating.ratingValue,
        bestRating: review.rating.bestRating,
        worstRating: review.rating.worstRating,
        score: review.rating.score,
        headline: review.headline,
      },
    },
    at,
  );
  await session.add(
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
  if (!session.writing) return;
  const claim = await findClaim(tx, slug);
  if (!claim) return;
  const stored = await provenanceOf(tx, claim.id);
  if (stored && JSON.stringify(stored.document) === JSON.stringify(review.original)) return;
  await saveProvenance(tx, {
    claimId: claim.id,
    format: 'claimreview',
    url: review.reviewUrl,
    importedAt: nowIso(),
    document: review.original,
  });
}

/** The slug of the actor the review names: found by its names, or written now. */
async function claimantSlugOf(
  session: ImportSession,
  claimant: NonNullable<NormalizedReview['claimant']>,
  at: string,
  newSlugs: Map<string, string>,
  taken: (slug: string) => Promise<boolean>,
): Promise<string> {
  const known = await findActorByNames(session.tx, [claimant.name, ...claimant.sameAs]);
  const key = `actor:${claimant.name.toLowerCase()}`;
  const found = known?.slug ?? newSlugs.get(key);
  if (found) return found;
  const slug = await uniqueSlug(claimant.name, taken, 'actor');
  newSlugs.set(key, slug);
  newSlugs.set(`slug:${slug}`, slug);
  await session.add(
    { type: 'actor', slug, kind: claimant.kind, name: claimant.name, aliases: claimant.sameAs },
    `${at}.itemReviewed.author`,
  );
  return slug;
}

/** Why the claim has its status, in the words of the review. */
function statusNoteOf(review: NormalizedReview, by: string, rating: string): string {
  const { readFrom, ratingValue, bestRating, worstRating } = review.rating;
  if (readFrom === 'scale') {
    const scale = `${ratingValue} on a scale from ${worstRating} to ${bestRating}`;
    return `Rated ${rating} (${scale}) by ${by}, read from its numbers: ${review.reviewUrl}`;
  }
  if (readFrom === null)
    return `Rated ${rating} by ${by}, a rating that maps to no status: ${review.reviewUrl}`;
  return `Rated ${rating} by ${by}: ${review.reviewUrl}`;
}
