import type { Tx } from '../../db/store.js';
import type { WriteContext } from '../../lib/api-schemas.js';
import { CountChanges, type CountKind } from '../../lib/count-changes.js';
import type { ClaimStatus, LinkKind } from '../../lib/vocabulary.js';
import { addToClaimCount as addToActorClaimCount } from '../actors/actors.repository.js';
import { addToQuoteCount } from '../sources/sources.repository.js';
import type { ClaimLinks } from './claims.repository.js';
import { addToClaimCount, addToKeyedCount, type QuoteValues } from './claims.rows.js';

/**
 * The stored counts that claims move (their claimants' claims, claims per status and per tag,
 * their quotes' sources' quotes, the links of each kind at both ends of their links): how each write changes
 * them is worked out here once, and every command writing claims, tags, quotes or links calls this
 * in its own transaction, so that reads never count rows.
 */

/** What of a claim the stored counts count; a part left out is one the write leaves as it is. */
export type CountedClaim = {
  /** Null: no author is named, no actor counts the claim. */
  claimantId: string | null;
  status: ClaimStatus;
  language: string;
  tags?: string[];
  quotes?: QuoteValues[];
  /** Its links: given when it is removed, which removes its links with it. */
  links?: ClaimLinks;
};

export async function countNewClaim(tx: Tx, ctx: WriteContext, claim: CountedClaim): Promise<void> {
  await saveCountChanges(tx, ctx, counted(new CountChanges(), claim, 1));
}

/** A claim changed: what it counted before goes, what it counts now comes (equal parts cancel). */
export async function countClaimChange(
  tx: Tx,
  ctx: WriteContext,
  before: CountedClaim,
  after: CountedClaim,
): Promise<void> {
  const changes = counted(counted(new CountChanges(), before, -1), after, 1);
  await saveCountChanges(tx, ctx, changes);
}

export async function countRemovedClaim(
  tx: Tx,
  ctx: WriteContext,
  claim: CountedClaim,
): Promise<void> {
  await saveCountChanges(tx, ctx, counted(new CountChanges(), claim, -1));
}

/** A quote added to a claim's others. */
export async function countNewQuote(tx: Tx, ctx: WriteContext, quote: QuoteValues): Promise<void> {
  await saveCountChanges(tx, ctx, countedQuote(new CountChanges(), quote, 1));
}

/** A link made (`before` null), removed (`after` null) or given another kind. */
export async function countLinkChange(
  tx: Tx,
  ctx: WriteContext,
  link: { fromClaimId: string; toClaimId: string },
  before: LinkKind | null,
  after: LinkKind | null,
): Promise<void> {
  const changes = new CountChanges();
  if (before) countedLink(changes, link.fromClaimId, link.toClaimId, before, -1);
  if (after) countedLink(changes, link.fromClaimId, link.toClaimId, after, 1);
  await saveCountChanges(tx, ctx, changes);
}

/** A link counts at both its ends: among the claim's rebuttals (say) and the rebutter's rebuts. */
function countedLink(
  changes: CountChanges,
  from: string,
  to: string,
  kind: LinkKind,
  sign: 1 | -1,
): CountChanges {
  changes.add(kind === 'rebuts' ? 'rebutsByClaim' : 'supportsByClaim', from, sign);
  return changes.add(kind === 'rebuts' ? 'rebuttalsByClaim' : 'supportersByClaim', to, sign);
}

function counted(changes: CountChanges, claim: CountedClaim, sign: 1 | -1): CountChanges {
  if (claim.claimantId !== null) changes.add('claimsByClaimant', claim.claimantId, sign);
  changes.add('claimsByStatus', claim.status, sign);
  changes.add('claimsByLanguage', claim.language, sign);
  for (const tag of new Set(claim.tags)) changes.add('claimsByTag', tag, sign);
  for (const quote of claim.quotes ?? []) countedQuote(changes, quote, sign);
  // Only the other ends' counts: the claim's own go with its row.
  const links = claim.links;
  for (const target of links?.rebuts ?? []) changes.add('rebuttalsByClaim', target, sign);
  for (const target of links?.supports ?? []) changes.add('supportersByClaim', target, sign);
  for (const rebutter of links?.rebuttedBy ?? []) changes.add('rebutsByClaim', rebutter, sign);
  for (const supporter of links?.supportedBy ?? []) changes.add('supportsByClaim', supporter, sign);
  return changes;
}

/** A quote counts for the source it is anchored in and for the one it was first said in. */
function countedQuote(changes: CountChanges, quote: QuoteValues, sign: 1 | -1): CountChanges {
  changes.add('quotesBySource', quote.sourceId, sign);
  if (quote.originalSourceId) changes.add('quotesBySource', quote.originalSourceId, sign);
  return changes;
}

/**
 * Applies the changes now, or gives them to the import that gathers them for its end. A change
 * with no row to keep it is a broken invariant, not a count to drop: it fails the write.
 */
export async function saveCountChanges(
  tx: Tx,
  ctx: WriteContext,
  changes: CountChanges,
): Promise<void> {
  if (ctx.counts) return ctx.counts.record(changes);
  for (const { kind, key, delta } of changes) {
    const rows = await COUNTERS[kind](tx, key, delta);
    if (rows !== 1) throw new Error(`no row keeps the ${kind} count of ${key}`);
  }
}

const COUNTERS: Record<CountKind, (tx: Tx, key: string, delta: number) => Promise<number>> = {
  claimsByClaimant: addToActorClaimCount,
  claimsByStatus: (tx, key, delta) => addToKeyedCount(tx, 'claimsByStatus', key, delta),
  claimsByTag: (tx, key, delta) => addToKeyedCount(tx, 'claimsByTag', key, delta),
  claimsByLanguage: (tx, key, delta) => addToKeyedCount(tx, 'claimsByLanguage', key, delta),
  quotesBySource: addToQuoteCount,
  rebuttalsByClaim: (tx, key, delta) => addToClaimCount(tx, key, 'rebuttalCount', delta),
  supportersByClaim: (tx, key, delta) => addToClaimCount(tx, key, 'supporterCount', delta),
  rebutsByClaim: (tx, key, delta) => addToClaimCount(tx, key, 'rebutsCount', delta),
  supportsByClaim: (tx, key, delta) => addToClaimCount(tx, key, 'supportsCount', delta),
  evidenceByClaim: (tx, key, delta) => addToClaimCount(tx, key, 'evidenceCount', delta),
};
