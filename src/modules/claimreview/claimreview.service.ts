import type { Store, Tx } from '../../db/store.js';
import { keysetPages } from '../../lib/cursor.js';
import { paced } from '../../lib/pacer.js';
import { AppError } from '../../lib/problem.js';
import { scriptSafeJson } from '../../lib/script-safe-json.js';
import { findActor } from '../actors/actors.repository.js';
import { getClaim } from '../claims/claims.queries.js';
import { claimsAfter, lastStatusChange } from '../claims/claims.repository.js';
import type { Claim } from '../claims/claims.schemas.js';
import { sourceCitations } from '../sources/sources.repository.js';
import { type ClaimReview, RATINGS } from './claimreview.schemas.js';

export type Publisher = {
  PUBLISHER_NAME: string;
  PUBLISHER_URL?: string | undefined;
  /** Where the claims' pages live: PUBLIC_BASE_URL, or the address the server listens on. */
  PUBLIC_BASE_URL: string;
};

/** A claim as a schema.org ClaimReview; a claim still `unverified` has no review to publish (404). */
export async function claimReview(
  tx: Tx,
  idOrSlug: string,
  publisher: Publisher,
): Promise<ClaimReview> {
  return reviewOf(tx, await getClaim(tx, idOrSlug), publisher);
}

/** The ClaimReview of a claim already read (404 while it is `unverified`). */
export async function reviewOf(tx: Tx, claim: Claim, publisher: Publisher): Promise<ClaimReview> {
  if (claim.status === 'unverified') {
    throw new AppError(
      404,
      'not-reviewed',
      'Not Found',
      `Claim '${claim.slug}' is unverified: there is no review to publish yet.`,
    );
  }
  const rating = RATINGS[claim.status];
  const claimant = claim.claimant && (await findActor(tx, claim.claimant.id));
  const sourceIds = claim.quotes.flatMap((q) =>
    q.originalSource ? [q.originalSource.id, q.source.id] : [q.source.id],
  );
  const citations = await sourceCitations(tx, sourceIds);
  const creativeWork = (id: string) => {
    const citation = citations.get(id);
    return {
      '@type': 'CreativeWork',
      ...(citation?.url ? { url: citation.url } : {}),
      ...(citation?.title || citation?.description
        ? { name: citation.title ?? citation.description ?? '' }
        : {}),
    };
  };
  const appearances = [...new Set(sourceIds)].map(creativeWork);
  // Where the words were first said (a speech a news article reports), before any report of them.
  const firstSaid = claim.quotes.find((q) => q.originalSource)?.originalSource?.id;
  const firstAppearance = firstSaid === undefined ? appearances[0] : creativeWork(firstSaid);
  const lastVerdict = await lastStatusChange(tx, claim.id);
  const sameAs = (claimant?.aliases ?? []).filter((alias) => /^https?:\/\//.test(alias));
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: `${publisher.PUBLIC_BASE_URL}/claims/${claim.slug}`,
    claimReviewed: claim.text,
    inLanguage: claim.language,
    // The verdict's own time from the history; a claim always has one (its first entry).
    datePublished: lastVerdict?.changedAt ?? claim.updatedAt,
    author: {
      '@type': 'Organization',
      name: publisher.PUBLISHER_NAME,
      ...(publisher.PUBLISHER_URL ? { url: publisher.PUBLISHER_URL } : {}),
    },
    itemReviewed: {
      '@type': 'Claim',
      // A claim with no named author is its source's own statement: `appearance` names it.
      ...(claim.claimant
        ? {
            author: {
              '@type': claim.claimant.kind === 'person' ? 'Person' : 'Organization',
              name: claim.claimant.name,
              ...(sameAs.length > 0 ? { sameAs } : {}),
            },
          }
        : {}),
      datePublished: claim.statedAt,
      appearance: appearances,
      ...(firstAppearance ? { firstAppearance } : {}),
    },
    reviewRating: {
      '@type': 'Rating',
      ...(rating.value === null ? {} : { ratingValue: rating.value }),
      bestRating: 5,
      worstRating: 1,
      alternateName: rating.name,
      ...(claim.statusNote ? { ratingExplanation: claim.statusNote } : {}),
    },
  };
}

/** Every reviewed claim (status other than `unverified`) as a ClaimReview, by slug, a page at a time. */
export function claimReviewFeed(tx: Tx, publisher: Publisher): AsyncGenerator<ClaimReview> {
  // SQLite reads are synchronous: unpaced, the whole feed would run before any other request.
  return paced(reviewsBySlug(tx, publisher));
}

async function* reviewsBySlug(tx: Tx, publisher: Publisher): AsyncGenerator<ClaimReview> {
  const pages = keysetPages(200, (last: { slug: string } | null) =>
    claimsAfter(tx, last?.slug ?? null, 200),
  );
  for await (const rows of pages) {
    for (const row of rows) {
      if (row.status !== 'unverified') yield await claimReview(tx, row.id, publisher);
    }
  }
}

/**
 * The feed as text from `tx`'s snapshot: one JSON-LD array, a review a piece, each safe to embed
 * in a <script> element.
 */
export async function* claimReviewFeedText(tx: Tx, publisher: Publisher): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const review of claimReviewFeed(tx, publisher)) {
    yield `${first ? '' : ','}${scriptSafeJson(review)}`;
    first = false;
  }
  yield ']\n';
}

/** The feed for a request: the store runs a large one where it holds up other requests least. */
export function streamedClaimReviewFeed(
  store: Store,
  publisher: Publisher,
): AsyncIterable<Uint8Array> {
  return store.streamSnapshot({
    module: import.meta.url,
    name: claimReviewFeedText.name,
    arg: publisher,
  });
}
