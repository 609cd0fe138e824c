import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  isNull,
  max,
  notExists,
  or,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { dialectOf, idList } from '../../db/dialect.js';
import { afterPosition, BEFORE_EVERY_SLUG, type KeyValue, rowCompare } from '../../db/keyset.js';
import {
  type ClaimLinkRow,
  type ClaimProvenanceRow,
  type ClaimRow,
  claimLinks,
  claimProvenance,
  claimReviews,
  claims,
  claimTags,
  evidence,
  isVerdictChange,
  type QuoteRow,
  quotes,
  type StatusHistoryRow,
  statusCounts,
  statusHistory,
  tagCounts,
} from '../../db/schema.js';
import { rowsAfterSlug } from '../../db/slug-pages.js';
import { preparedFor } from '../../db/sqlite/prepared.js';
import type { Tx } from '../../db/store.js';
import type { Cursor } from '../../lib/cursor.js';
import { isId } from '../../lib/ids.js';
import { REFERENCES_NAMED, type References } from '../../lib/references.js';
import type { ClaimStatus, LinkKind } from '../../lib/vocabulary.js';
import type { QuoteValues } from './claims.rows.js';
import type { ImportedReview } from './claims.schemas.js';
import { backedVerdicts } from './verdicts.js';

/** Reads of the claims module's tables: claims, their tags, quotes, links and status history. */

export async function findClaim(tx: Tx, idOrSlug: string): Promise<ClaimRow | null> {
  const find = isId('claim', idOrSlug) ? claimById : claimBySlug;
  const [row] = await find(tx).execute({ key: idOrSlug });
  return row ?? null;
}

const claimById = preparedFor((tx) =>
  tx
    .select()
    .from(claims)
    .where(eq(claims.id, sql.placeholder('key')))
    .limit(1),
);
const claimBySlug = preparedFor((tx) =>
  tx
    .select()
    .from(claims)
    .where(eq(claims.slug, sql.placeholder('key')))
    .limit(1),
);

export async function findClaimsByIds(tx: Tx, ids: string[]): Promise<ClaimRow[]> {
  if (ids.length === 0) return [];
  return tx.select().from(claims).where(inArray(claims.id, ids));
}

export async function tagsByClaim(tx: Tx, ids: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (ids.length === 0) return result;
  for (const row of await tagsOfClaims(tx).execute(idList(ids))) {
    const tags = result.get(row.claimId);
    if (tags) tags.push(row.tag);
    else result.set(row.claimId, [row.tag]);
  }
  return result;
}

// Every page of an export reads them: prepared.
const tagsOfClaims = preparedFor((tx) =>
  tx
    .select()
    .from(claimTags)
    .where(dialectOf(tx).inIdList(claimTags.claimId))
    .orderBy(asc(claimTags.tag)),
);

export type ClaimLinks = {
  rebuts: string[];
  supports: string[];
  rebuttedBy: string[];
  supportedBy: string[];
};

export async function linksOf(tx: Tx, claimId: string): Promise<ClaimLinks> {
  const outgoing = await tx.select().from(claimLinks).where(eq(claimLinks.fromClaimId, claimId));
  const incoming = await tx.select().from(claimLinks).where(eq(claimLinks.toClaimId, claimId));
  return {
    rebuts: outgoing.filter((l) => l.kind === 'rebuts').map((l) => l.toClaimId),
    supports: outgoing.filter((l) => l.kind === 'supports').map((l) => l.toClaimId),
    rebuttedBy: incoming.filter((l) => l.kind === 'rebuts').map((l) => l.fromClaimId),
    supportedBy: incoming.filter((l) => l.kind === 'supports').map((l) => l.fromClaimId),
  };
}

export async function findLink(
  tx: Tx,
  fromClaimId: string,
  toClaimId: string,
): Promise<ClaimLinkRow | null> {
  const [row] = await linkBetween(tx).execute({ fromClaimId, toClaimId });
  return row ?? null;
}

// Once per link record of an import: prepared.
const linkBetween = preparedFor((tx) =>
  tx
    .select()
    .from(claimLinks)
    .where(
      and(
        eq(claimLinks.fromClaimId, sql.placeholder('fromClaimId')),
        eq(claimLinks.toClaimId, sql.placeholder('toClaimId')),
      ),
    )
    .limit(1),
);

export async function quotesOf(tx: Tx, claimId: string): Promise<QuoteRow[]> {
  return quotesOfClaim(tx).execute({ claimId });
}

const quotesOfClaim = preparedFor((tx) =>
  tx
    .select()
    .from(quotes)
    .where(eq(quotes.claimId, sql.placeholder('claimId')))
    .orderBy(asc(quotes.position)),
);

/** A page of a claim's status history, oldest first, after the entry `afterId` if given. */
export async function historyPage(
  tx: Tx,
  claimId: string,
  afterId: number | undefined,
  limit: number,
): Promise<StatusHistoryRow[]> {
  return tx
    .select()
    .from(statusHistory)
    .where(
      and(
        eq(statusHistory.claimId, claimId),
        afterId === undefined ? undefined : gt(statusHistory.id, afterId),
      ),
    )
    .orderBy(asc(statusHistory.id))
    .limit(limit);
}

/**
 * The claim's latest status change by the time it records, or null before its first. By time, not
 * by the order entries were written: an import may bring a claim's history in any order.
 */
export async function lastStatusChange(tx: Tx, claimId: string): Promise<StatusHistoryRow | null> {
  const [row] = await tx
    .select()
    .from(statusHistory)
    .where(eq(statusHistory.claimId, claimId))
    .orderBy(desc(statusHistory.changedAt), desc(statusHistory.id))
    .limit(1);
  return row ?? null;
}

export async function hasStatusChange(
  tx: Tx,
  entry: { claimId: string; status: ClaimStatus; changedAt: string },
): Promise<boolean> {
  const [row] = await statusChangeOf(tx).execute(entry);
  return row !== undefined;
}

// Once or twice per history record of an import: prepared.
const statusChangeOf = preparedFor((tx) =>
  tx
    .select({ id: statusHistory.id })
    .from(statusHistory)
    .where(
      and(
        eq(statusHistory.claimId, sql.placeholder('claimId')),
        eq(statusHistory.status, sql.placeholder('status')),
        eq(statusHistory.changedAt, sql.placeholder('changedAt')),
      ),
    )
    .limit(1),
);

/** Claims per status, as stored: a status no claim has is absent. */
export async function claimsPerStatus(tx: Tx): Promise<Map<ClaimStatus, number>> {
  const rows = await tx.select().from(statusCounts);
  return new Map(rows.map((row) => [row.status, row.claimCount]));
}

/** The most used tags (then by tag), read in that order from their index, no sort. */
/** A page of tags, most used first (then by tag), after a position if given. */
export async function tagsPage(
  tx: Tx,
  after: Cursor | undefined,
  limit: number,
): Promise<{ tag: string; claimCount: number }[]> {
  return tx
    .select({ tag: tagCounts.tag, claimCount: tagCounts.claimCount })
    .from(tagCounts)
    .where(
      after ? afterPosition(tagCounts.claimCount, tagCounts.tag, after, 'descending') : undefined,
    )
    .orderBy(desc(tagCounts.claimCount), asc(tagCounts.tag))
    .limit(limit);
}

/** How many rows the statement has before its LIMIT (after its grouping), on every row. */
const rowsInAll = () => sql<number>`count(*) over ()`.mapWith(Number);

/** The first slugs of a referencing statement's page, with its count of rows in all. */
function asReferences(rows: { slug: string; total: number }[]): References {
  return { count: rows[0]?.total ?? 0, first: rows.map((row) => row.slug) };
}

/**
 * Claims that name the actor as claimant, or quote it as speaker: how many, and the first in slug
 * order (a refusal names the same ones on every engine and every time, and reads no more of an
 * actor's claims than it names).
 */
export async function claimsReferencingActor(
  tx: Tx,
  actorId: string,
): Promise<{ asClaimant: References; asSpeaker: References }> {
  const asClaimant = await tx
    .select({ slug: claims.slug, total: rowsInAll() })
    .from(claims)
    .where(eq(claims.claimantId, actorId))
    .orderBy(asc(claims.slug))
    .limit(REFERENCES_NAMED);
  const asSpeaker = await tx
    .select({ slug: claims.slug, total: rowsInAll() })
    .from(quotes)
    .innerJoin(claims, eq(claims.id, quotes.claimId))
    .where(eq(quotes.speakerId, actorId))
    .groupBy(claims.slug)
    .orderBy(asc(claims.slug))
    .limit(REFERENCES_NAMED);
  return { asClaimant: asReferences(asClaimant), asSpeaker: asReferences(asSpeaker) };
}

/** Claims with quotes in the source, or first said there: how many, and the first by slug. */
export async function claimsReferencingSource(tx: Tx, sourceId: string): Promise<References> {
  const rows = await tx
    .select({ slug: claims.slug, total: rowsInAll() })
    .from(quotes)
    .innerJoin(claims, eq(claims.id, quotes.claimId))
    .where(or(eq(quotes.sourceId, sourceId), eq(quotes.originalSourceId, sourceId)))
    .groupBy(claims.slug)
    .orderBy(asc(claims.slug))
    .limit(REFERENCES_NAMED);
  return asReferences(rows);
}

export type QuoteInSource = {
  claimSlug: string;
  position: number;
  exact: string;
  start: number;
  end: number;
};

/** Every quote anchored in the source's text, with its claim's slug (to re-check a new text). */
export async function quotesInSource(tx: Tx, sourceId: string): Promise<QuoteInSource[]> {
  return tx
    .select({
      claimSlug: claims.slug,
      position: quotes.position,
      exact: quotes.exact,
      start: quotes.start,
      end: quotes.end,
    })
    .from(quotes)
    .innerJoin(claims, eq(claims.id, quotes.claimId))
    .where(eq(quotes.sourceId, sourceId));
}

/**
 * Verdict changes of every claim, newest first (by time, then entry), before such a position; a
 * claim's automatic first entry (`unverified`, no previous status) is no verdict and is left out.
 */
export async function listStatusChangeRows(
  tx: Tx,
  filter: StatusChangeFilter,
): Promise<StatusHistoryRow[]> {
  return statusChangeRowsQuery(tx, filter);
}

type StatusChangeFilter = {
  since?: string;
  before?: { changedAt: string; id: number };
  limit: number;
};

/** The statement of listStatusChangeRows, to look at its query plan. */
export function statusChangeRowsQuery(tx: Tx, filter: StatusChangeFilter) {
  const conditions = [sql`(${isVerdictChange})`];
  if (filter.since) conditions.push(gte(statusHistory.changedAt, filter.since));
  if (filter.before) {
    conditions.push(
      rowCompare(
        '<',
        [statusHistory.changedAt, statusHistory.id],
        [filter.before.changedAt, filter.before.id],
      ),
    );
  }
  return tx
    .select()
    .from(statusHistory)
    .where(and(...conditions))
    .orderBy(desc(statusHistory.changedAt), desc(statusHistory.id))
    .limit(filter.limit);
}

/** Whole rows after a slug (null: from the first), for exports that page through every claim. */
export const claimsAfter = rowsAfterSlug(claims);

export async function quotesOfClaims(tx: Tx, claimIds: string[]): Promise<Map<string, QuoteRow[]>> {
  const result = new Map<string, QuoteRow[]>();
  if (claimIds.length === 0) return result;
  for (const row of await quotesOfIds(tx).execute(idList(claimIds))) {
    const quoted = result.get(row.claimId);
    if (quoted) quoted.push(row);
    else result.set(row.claimId, [row]);
  }
  return result;
}

// Every page of an export reads them: prepared.
const quotesOfIds = preparedFor((tx) =>
  tx
    .select()
    .from(quotes)
    .where(dialectOf(tx).inIdList(quotes.claimId))
    .orderBy(asc(quotes.claimId), asc(quotes.position)),
);

const TO_CLAIM = 'to_claim';

/** Links by (from slug, to slug), after such a position: an order that survives new ids. */
export async function linksAfter(
  tx: Tx,
  after: [string, string] | null,
  limit: number,
): Promise<{ from: string; to: string; kind: LinkKind; note: string | null }[]> {
  const [from, to] = after ?? [BEFORE_EVERY_SLUG, BEFORE_EVERY_SLUG];
  return linksPage(tx).execute({ from, to, limit });
}

const linksPage = preparedFor((tx) =>
  linksAfterQuery(tx, [sql.placeholder('from'), sql.placeholder('to')], sql.placeholder('limit')),
);

/**
 * CROSS JOIN keeps the claims outermost, walked in slug order from the position: a page costs its
 * own links, where a join free to start from the links would sort every link for each page. The
 * bound on the slug alone lets the walk start at the position (PostgreSQL does not derive it from
 * the row comparison across two tables, and would walk every claim before it on every page).
 */
export function linksAfterQuery(
  tx: Tx,
  after: [KeyValue<string>, KeyValue<string>],
  limit: KeyValue<number>,
) {
  const from = alias(claims, 'from_claim');
  const to = alias(claims, TO_CLAIM);
  return (
    tx
      .select({
        from: from.slug,
        to: sql<string>`${to.slug}`,
        kind: claimLinks.kind,
        note: claimLinks.note,
      })
      .from(from)
      .crossJoin(claimLinks)
      // Joined as written SQL: PostgreSQL's dialect names a joined alias of a SQLite table by its
      // alias alone (the FROM above is rendered whole by both).
      .innerJoin(sql`${claims} AS ${sql.identifier(TO_CLAIM)}`, eq(to.id, claimLinks.toClaimId))
      .where(
        and(
          eq(claimLinks.fromClaimId, from.id),
          gte(from.slug, after[0]),
          rowCompare('>', [from.slug, to.slug], after),
        ),
      )
      .orderBy(asc(from.slug), asc(to.slug))
      .limit(limit)
  );
}

/**
 * Status history by (claim slug, time, id), after such a position: the same order however the
 * entries were written and whatever ids they got.
 */
export async function statusChangesAfter(
  tx: Tx,
  after: { slug: string; changedAt: string; id: number } | null,
  limit: number,
): Promise<(StatusHistoryRow & { claimSlug: string })[]> {
  return statusChangesPage(tx).execute({
    ...(after ?? { slug: BEFORE_EVERY_SLUG, changedAt: '', id: 0 }),
    limit,
  });
}

const statusChangesPage = preparedFor((tx) =>
  statusChangesAfterQuery(
    tx,
    {
      slug: sql.placeholder('slug'),
      changedAt: sql.placeholder('changedAt'),
      id: sql.placeholder('id'),
    },
    sql.placeholder('limit'),
  ),
);

/**
 * CROSS JOIN keeps the claims outermost, walked in slug order from the position, each claim's few
 * changes read from its index: a page costs its own rows, where ordering by time first would sort
 * the whole history for each page. The bound on the slug alone starts the walk at the position.
 */
export function statusChangesAfterQuery(
  tx: Tx,
  after: { slug: KeyValue<string>; changedAt: KeyValue<string>; id: KeyValue<number> },
  limit: KeyValue<number>,
) {
  return tx
    .select({ ...getTableColumns(statusHistory), claimSlug: claims.slug })
    .from(claims)
    .crossJoin(statusHistory)
    .where(
      and(
        eq(statusHistory.claimId, claims.id),
        gte(claims.slug, after.slug),
        rowCompare(
          '>',
          [claims.slug, statusHistory.changedAt, statusHistory.id],
          [after.slug, after.changedAt, after.id],
        ),
      ),
    )
    .orderBy(asc(claims.slug), asc(statusHistory.changedAt), asc(statusHistory.id))
    .limit(limit);
}

/** Slugs keyed by id. */
export async function claimSlugs(tx: Tx, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await slugsOf(tx).execute(idList(unique));
  return new Map(rows.map((row) => [row.id, row.slug]));
}

const slugsOf = preparedFor((tx) =>
  tx
    .select({ id: claims.id, slug: claims.slug })
    .from(claims)
    .where(dialectOf(tx).inIdList(claims.id)),
);

/** Claims whose verdict lacks the evidence it rests on (see verdicts.ts), by slug. */
export async function claimsWithUnbackedVerdicts(
  tx: Tx,
  limit = 1000,
): Promise<{ slug: string; status: ClaimStatus }[]> {
  const unbacked = backedVerdicts().map(([status, stance]) =>
    and(
      eq(claims.status, status),
      notExists(
        tx
          .select({ id: evidence.id })
          .from(evidence)
          .where(and(eq(evidence.claimId, claims.id), eq(evidence.stance, stance))),
      ),
    ),
  );
  if (unbacked.length === 0) return [];
  return tx
    .select({ slug: claims.slug, status: claims.status })
    .from(claims)
    .where(or(...unbacked))
    .orderBy(asc(claims.slug))
    .limit(limit);
}

export async function provenanceOf(tx: Tx, claimId: string): Promise<ClaimProvenanceRow | null> {
  const [row] = await tx
    .select()
    .from(claimProvenance)
    .where(eq(claimProvenance.claimId, claimId))
    .limit(1);
  return row ?? null;
}

/** A review's rating as the API shows it, fields in its order: compared as JSON, so kept so. */
export const reviewColumns = {
  publisher: claimReviews.publisher,
  label: claimReviews.label,
  ratingValue: claimReviews.ratingValue,
  bestRating: claimReviews.bestRating,
  worstRating: claimReviews.worstRating,
  score: claimReviews.score,
  headline: claimReviews.headline,
};

/** The rating an imported claim's review gave it; null for others. */
export async function reviewOf(tx: Tx, claimId: string): Promise<ImportedReview | null> {
  return (await reviewsByClaim(tx, [claimId])).get(claimId) ?? null;
}

/** The reviews' ratings of the claims named, by claim id (claims without one are absent). */
export async function reviewsByClaim(tx: Tx, ids: string[]): Promise<Map<string, ImportedReview>> {
  const result = new Map<string, ImportedReview>();
  if (ids.length === 0) return result;
  for (const { claimId, ...review } of await reviewsOfClaims(tx).execute(idList(ids)))
    result.set(claimId, review);
  return result;
}

// Every page of an export reads them: prepared.
const reviewsOfClaims = preparedFor((tx) =>
  tx
    .select({ claimId: claimReviews.claimId, ...reviewColumns })
    .from(claimReviews)
    .where(dialectOf(tx).inIdList(claimReviews.claimId)),
);

export async function findClaimIdByProvenanceUrl(tx: Tx, url: string): Promise<string | null> {
  const [row] = await tx
    .select({ claimId: claimProvenance.claimId })
    .from(claimProvenance)
    .where(eq(claimProvenance.url, url))
    .limit(1);
  return row?.claimId ?? null;
}

/** The id of the claim an id or slug names, or null: a lookup that reads no more than the index. */
export async function claimIdOf(tx: Tx, idOrSlug: string): Promise<string | null> {
  const find = isId('claim', idOrSlug) ? claimIdById : claimIdBySlug;
  const [row] = await find(tx).execute({ key: idOrSlug });
  return row?.id ?? null;
}

const claimIdById = preparedFor((tx) =>
  tx
    .select({ id: claims.id })
    .from(claims)
    .where(eq(claims.id, sql.placeholder('key')))
    .limit(1),
);
const claimIdBySlug = preparedFor((tx) =>
  tx
    .select({ id: claims.id })
    .from(claims)
    .where(eq(claims.slug, sql.placeholder('key')))
    .limit(1),
);

/**
 * The row stored under `id` and the id of another row holding `slug`, in one lookup: what an
 * upsert needs to know whether it creates, changes, or collides with another claim's slug.
 */
export async function claimAndSlugHolder(
  tx: Tx,
  id: string,
  slug: string,
): Promise<{ stored: ClaimRow | null; slugHolder: string | null }> {
  const rows = await claimByIdOrSlug(tx).execute({ id, slug });
  return {
    stored: rows.find((row) => row.id === id) ?? null,
    slugHolder: rows.find((row) => row.slug === slug && row.id !== id)?.id ?? null,
  };
}

const claimByIdOrSlug = preparedFor((tx) =>
  tx
    .select()
    .from(claims)
    .where(or(eq(claims.id, sql.placeholder('id')), eq(claims.slug, sql.placeholder('slug')))),
);

/** Whether the claim has a quote equal to this one (same source, words, offsets, people, wording). */
export async function hasQuote(tx: Tx, claimId: string, quote: QuoteValues): Promise<boolean> {
  const [row] = await tx
    .select({ id: quotes.id })
    .from(quotes)
    .where(
      and(
        eq(quotes.claimId, claimId),
        eq(quotes.sourceId, quote.sourceId),
        eq(quotes.start, quote.start),
        eq(quotes.end, quote.end),
        eq(quotes.exact, quote.exact),
        quote.speakerId ? eq(quotes.speakerId, quote.speakerId) : isNull(quotes.speakerId),
        quote.originalSourceId
          ? eq(quotes.originalSourceId, quote.originalSourceId)
          : isNull(quotes.originalSourceId),
        eq(quotes.wording, quote.wording ?? 'verbatim'),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** The position of the claim's last quote, or -1 when it has none. */
export async function lastQuotePosition(tx: Tx, claimId: string): Promise<number> {
  const [row] = await tx
    .select({ last: max(quotes.position) })
    .from(quotes)
    .where(eq(quotes.claimId, claimId));
  return row?.last ?? -1;
}
