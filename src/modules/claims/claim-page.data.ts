import type { Tx } from '../../db/store.js';
import type { Page } from '../../lib/api-schemas.js';
import type { ClaimReview } from '../claimreview/claimreview.schemas.js';
import { type Publisher, reviewOf } from '../claimreview/claimreview.service.js';
import { listClaimEvidence } from '../evidence/evidence.queries.js';
import type { Evidence } from '../evidence/evidence.schemas.js';
import { sourceCitations } from '../sources/sources.repository.js';
import { claimHistory, getClaim } from './claims.queries.js';
import type { Claim, StatusChange } from './claims.schemas.js';

/**
 * A page shows this many evidence items and history entries at most (the largest page the API
 * gives): a claim with more links to the rest in JSON rather than growing without bound.
 */
export const PAGE_LIST_LIMIT = 100;

/** Everything a claim's page shows, read in one transaction so that its parts agree. */
export type ClaimPageData = {
  claim: Claim;
  /** The claim's ClaimReview, exactly as GET /claims/{id}/claimreview answers; null if unverified. */
  review: ClaimReview | null;
  evidence: Page<Evidence>;
  history: Page<StatusChange>;
  /** The web address of each source the page names, where it has one. */
  sourceUrls: Map<string, string>;
  publisherName: string;
};

export async function readClaimPageData(
  tx: Tx,
  idOrSlug: string,
  publisher: Publisher,
): Promise<ClaimPageData> {
  const claim = await getClaim(tx, idOrSlug);
  const page = { limit: PAGE_LIST_LIMIT };
  const evidence = await listClaimEvidence(tx, claim.id, page);
  const history = await claimHistory(tx, claim.id, page);
  const review = claim.status === 'unverified' ? null : await reviewOf(tx, claim, publisher);
  const sourceIds = [
    ...claim.quotes.flatMap((q) => [
      q.source.id,
      ...(q.originalSource ? [q.originalSource.id] : []),
    ]),
    ...evidence.items.flatMap((item) => (item.source ? [item.source.id] : [])),
  ];
  const sourceUrls = new Map<string, string>();
  for (const [id, citation] of await sourceCitations(tx, sourceIds)) {
    if (citation.url) sourceUrls.set(id, citation.url);
  }
  return { claim, review, evidence, history, sourceUrls, publisherName: publisher.PUBLISHER_NAME };
}
