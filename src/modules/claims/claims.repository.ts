import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.js';
import { preparedFor } from '../../db/prepared.js';
import {
  type ClaimProvenanceRow,
  type ClaimRow,
  claimLinks,
  claimProvenance,
  claims,
  claimTags,
  type QuoteRow,
  quotes,
  type StatusHistoryRow,
  statusHistory,
} from '../../db/schema.js';
import type { Cursor } from '../../lib/cursor.js';
import { enclosingPeriods, inclusiveUpperBound } from '../../lib/dates.js';
import { isId } from '../../lib/ids.js';
import type { ClaimStatus, LinkKind } from '../../lib/vocabulary.js';
import { claimSearch, matches, relevanceScore, snippetSql } from './claim-search.js';
import type { ClaimSort } from './claims.schemas.js';

export type ClaimFilter = {
  statuses?: ClaimStatus[];
  claimantId?: string;
  sourceId?: string;
  tag?: string;
  language?: string;
  match?: string;
  statedFrom?: string;
  statedTo?: string;
  rebuttalsOf?: string;
};

export type ClaimHit = ClaimRow & { snippet: string | null; score: number | null };

export function findClaim(db: Db, idOrSlug: string): ClaimRow | null {
  const find = isId('claim', idOrSlug) ? claimById(db) : claimBySlug(db);
  return find.get({ key: idOrSlug }) ?? null;
}

const claimById = preparedFor((db) =>
  db
    .select()
    .from(claims)
    .where(eq(claims.id, sql.placeholder('key')))
    .prepare(),
);
const claimBySlug = preparedFor((db) =>
  db
    .select()
    .from(claims)
    .where(eq(claims.slug, sql.placeholder('key')))
    .prepare(),
);

export function findClaimsByIds(db: Db, ids: string[]): ClaimRow[] {
  if (ids.length === 0) return [];
  return db.select().from(claims).where(inArray(claims.id, ids)).all();
}

function filterConditions(filter: ClaimFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.statuses) conditions.push(inArray(claims.status, filter.statuses));
  if (filter.claimantId) conditions.push(eq(claims.claimantId, filter.claimantId));
  if (filter.language) conditions.push(eq(claims.language, filter.language));
  if (filter.statedFrom) {
    // A claim matches when its date, at its precision, overlaps the range.
    const periods = enclosingPeriods(filter.statedFrom);
    const from = gte(claims.statedAt, filter.statedFrom);
    conditions.push(
      periods.length > 0 ? (or(from, inArray(claims.statedAt, periods)) ?? from) : from,
    );
  }
  if (filter.statedTo) conditions.push(lte(claims.statedAt, inclusiveUpperBound(filter.statedTo)));
  if (filter.sourceId) {
    conditions.push(
      sql`${claims.id} IN (SELECT claim_id FROM quotes WHERE source_id = ${filter.sourceId} OR original_source_id = ${filter.sourceId})`,
    );
  }
  if (filter.tag) {
    conditions.push(
      sql`${claims.id} IN (SELECT claim_id FROM claim_tags WHERE tag = ${filter.tag})`,
    );
  }
  if (filter.rebuttalsOf) {
    conditions.push(
      sql`${claims.id} IN (SELECT from_claim_id FROM claim_links WHERE to_claim_id = ${filter.rebuttalsOf} AND kind = 'rebuts')`,
    );
  }
  return conditions;
}

/**
 * One page of claims in keyset order: (sort key, seq), both in the sort's direction, so a cursor
 * names a position that rows added later cannot shift.
 */
export function listClaimRows(
  db: Db,
  filter: ClaimFilter,
  page: { sort: ClaimSort; after?: Cursor; limit: number },
): ClaimHit[] {
  const searching = filter.match !== undefined;
  const base = db
    .select({
      ...claimColumns,
      snippet: searching
        ? sql<string | null>`${snippetSql}`.as('snippet')
        : sql<null>`NULL`.as('snippet'),
      score: searching
        ? sql<number | null>`${relevanceScore}`.as('score')
        : sql<null>`NULL`.as('score'),
    })
    .from(claims);
  const conditions = filterConditions(filter);
  const inner = (
    filter.match === undefined
      ? base.where(and(...conditions))
      : base
          .innerJoin(claimSearch, eq(claimSearch.rowid, claims.seq))
          .where(and(matches(filter.match), ...conditions))
  ).as('hits');

  const key = {
    statedAt: inner.statedAt,
    createdAt: inner.createdAt,
    relevance: inner.score,
  }[page.sort.replace('-', '') as 'statedAt' | 'createdAt' | 'relevance'];
  const descending = page.sort.startsWith('-') || page.sort === 'relevance';
  const direction = descending ? sql`DESC` : sql`ASC`;
  const after = page.after
    ? sql`(${key}, ${inner.seq}) ${descending ? sql`<` : sql`>`} (${page.after.key}, ${page.after.tie})`
    : undefined;
  return db
    .select()
    .from(inner)
    .where(after)
    .orderBy(sql`${key} ${direction}`, sql`${inner.seq} ${direction}`)
    .limit(page.limit)
    .all();
}

const {
  seq,
  id,
  slug,
  text,
  language,
  claimantId,
  statedAt,
  status,
  statusNote,
  version,
  createdAt,
  updatedAt,
} = claims;
const claimColumns = {
  seq,
  id,
  slug,
  text,
  language,
  claimantId,
  statedAt,
  status,
  statusNote,
  version,
  createdAt,
  updatedAt,
};

export function tagsByClaim(db: Db, ids: string[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  if (ids.length === 0) return result;
  const rows = db
    .select()
    .from(claimTags)
    .where(inArray(claimTags.claimId, ids))
    .orderBy(asc(claimTags.tag))
    .all();
  for (const row of rows) result.set(row.claimId, [...(result.get(row.claimId) ?? []), row.tag]);
  return result;
}

/** How many claims link to each of `ids` with `kind` (e.g. rebuttal counts). */
export function incomingLinkCounts(db: Db, ids: string[], kind: LinkKind): Map<string, number> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ claimId: claimLinks.toClaimId, n: count() })
    .from(claimLinks)
    .where(and(inArray(claimLinks.toClaimId, ids), eq(claimLinks.kind, kind)))
    .groupBy(claimLinks.toClaimId)
    .all();
  return new Map(rows.map((row) => [row.claimId, row.n]));
}

export function linksOf(db: Db, claimId: string) {
  const outgoing = db.select().from(claimLinks).where(eq(claimLinks.fromClaimId, claimId)).all();
  const incoming = db.select().from(claimLinks).where(eq(claimLinks.toClaimId, claimId)).all();
  return {
    rebuts: outgoing.filter((l) => l.kind === 'rebuts').map((l) => l.toClaimId),
    supports: outgoing.filter((l) => l.kind === 'supports').map((l) => l.toClaimId),
    rebuttedBy: incoming.filter((l) => l.kind === 'rebuts').map((l) => l.fromClaimId),
    supportedBy: incoming.filter((l) => l.kind === 'supports').map((l) => l.fromClaimId),
  };
}

export function quotesOf(db: Db, claimId: string): QuoteRow[] {
  return db
    .select()
    .from(quotes)
    .where(eq(quotes.claimId, claimId))
    .orderBy(asc(quotes.position))
    .all();
}

export function historyOf(db: Db, claimId: string): StatusHistoryRow[] {
  return db
    .select()
    .from(statusHistory)
    .where(eq(statusHistory.claimId, claimId))
    .orderBy(asc(statusHistory.id))
    .all();
}

export function claimCountsByClaimant(db: Db, actorIds?: string[]): Map<string, number> {
  if (actorIds?.length === 0) return new Map();
  const rows = db
    .select({ actorId: claims.claimantId, n: count() })
    .from(claims)
    .where(actorIds ? inArray(claims.claimantId, actorIds) : undefined)
    .groupBy(claims.claimantId)
    .all();
  return new Map(rows.map((row) => [row.actorId, row.n]));
}

/** Quotes per source: anchored in its text, or naming it as where the words were first said. */
export function quoteCountsBySource(db: Db, sourceIds: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  if (sourceIds.length === 0) return counts;
  for (const column of [quotes.sourceId, quotes.originalSourceId]) {
    const rows = db
      .select({ sourceId: column, n: count() })
      .from(quotes)
      .where(inArray(column, sourceIds))
      .groupBy(column)
      .all();
    for (const row of rows)
      if (row.sourceId) counts.set(row.sourceId, (counts.get(row.sourceId) ?? 0) + row.n);
  }
  return counts;
}

export function statusCounts(db: Db): Map<ClaimStatus, number> {
  const rows = db
    .select({ status: claims.status, n: count() })
    .from(claims)
    .groupBy(claims.status)
    .all();
  return new Map(rows.map((row) => [row.status, row.n]));
}

export function tagCounts(db: Db): { tag: string; claimCount: number }[] {
  return db
    .select({ tag: claimTags.tag, claimCount: count() })
    .from(claimTags)
    .groupBy(claimTags.tag)
    .orderBy(sql`count(*) DESC`, asc(claimTags.tag))
    .all();
}

/** Claims that name the actor as claimant, or quote it as speaker (slugs). */
export function claimsReferencingActor(
  db: Db,
  actorId: string,
): { asClaimant: string[]; asSpeaker: string[] } {
  const asClaimant = db
    .select({ slug: claims.slug })
    .from(claims)
    .where(eq(claims.claimantId, actorId))
    .all();
  const asSpeaker = db
    .selectDistinct({ slug: claims.slug })
    .from(quotes)
    .innerJoin(claims, eq(claims.id, quotes.claimId))
    .where(eq(quotes.speakerId, actorId))
    .all();
  return { asClaimant: asClaimant.map((r) => r.slug), asSpeaker: asSpeaker.map((r) => r.slug) };
}

/** Claims with quotes in the source, or first said there (slugs). */
export function claimsReferencingSource(db: Db, sourceId: string): string[] {
  return db
    .selectDistinct({ slug: claims.slug })
    .from(quotes)
    .innerJoin(claims, eq(claims.id, quotes.claimId))
    .where(or(eq(quotes.sourceId, sourceId), eq(quotes.originalSourceId, sourceId)))
    .all()
    .map((r) => r.slug);
}

/** Every quote anchored in the source's text, with its claim's slug (to re-check a new text). */
export function quotesInSource(db: Db, sourceId: string) {
  return db
    .select({
      claimSlug: claims.slug,
      position: quotes.position,
      exact: quotes.exact,
      start: quotes.start,
      end: quotes.end,
    })
    .from(quotes)
    .innerJoin(claims, eq(claims.id, quotes.claimId))
    .where(eq(quotes.sourceId, sourceId))
    .all();
}

/**
 * Verdict changes of every claim, newest first (by time, then entry), before such a position; a
 * claim's automatic first entry (`unverified`, no previous status) is no verdict and is left out.
 */
export function listStatusChangeRows(
  db: Db,
  filter: { since?: string; before?: { changedAt: string; id: number }; limit: number },
): StatusHistoryRow[] {
  const conditions: SQL[] = [
    sql`NOT (${statusHistory.previousStatus} IS NULL AND ${statusHistory.status} = 'unverified')`,
  ];
  if (filter.since) conditions.push(gte(statusHistory.changedAt, filter.since));
  if (filter.before) {
    conditions.push(
      sql`(${statusHistory.changedAt}, ${statusHistory.id}) < (${filter.before.changedAt}, ${filter.before.id})`,
    );
  }
  return db
    .select()
    .from(statusHistory)
    .where(and(...conditions))
    .orderBy(desc(statusHistory.changedAt), desc(statusHistory.id))
    .limit(filter.limit)
    .all();
}

/** Whole rows after a slug, for exports that page through every claim. */
export function claimsAfter(db: Db, afterSlug: string | null, limit: number): ClaimRow[] {
  return db
    .select()
    .from(claims)
    .where(afterSlug === null ? undefined : gt(claims.slug, afterSlug))
    .orderBy(asc(claims.slug))
    .limit(limit)
    .all();
}

export function quotesOfClaims(db: Db, claimIds: string[]): Map<string, QuoteRow[]> {
  const result = new Map<string, QuoteRow[]>();
  if (claimIds.length === 0) return result;
  const rows = db
    .select()
    .from(quotes)
    .where(inArray(quotes.claimId, claimIds))
    .orderBy(asc(quotes.claimId), asc(quotes.position))
    .all();
  for (const row of rows) result.set(row.claimId, [...(result.get(row.claimId) ?? []), row]);
  return result;
}

/** Links by (from slug, to slug), after such a position: an order that survives new ids. */
export function linksAfter(db: Db, after: [string, string] | null, limit: number) {
  const from = alias(claims, 'from_claim');
  const to = alias(claims, 'to_claim');
  return db
    .select({ from: from.slug, to: to.slug, kind: claimLinks.kind })
    .from(claimLinks)
    .innerJoin(from, eq(from.id, claimLinks.fromClaimId))
    .innerJoin(to, eq(to.id, claimLinks.toClaimId))
    .where(
      after === null ? undefined : sql`(${from.slug}, ${to.slug}) > (${after[0]}, ${after[1]})`,
    )
    .orderBy(asc(from.slug), asc(to.slug))
    .limit(limit)
    .all();
}

/**
 * Status history by (time, claim slug, id), after such a position: the same order however the
 * entries were written.
 */
export function statusChangesAfter(
  db: Db,
  after: { changedAt: string; slug: string; id: number } | null,
  limit: number,
): (StatusHistoryRow & { claimSlug: string })[] {
  return db
    .select({ ...getTableColumns(statusHistory), claimSlug: claims.slug })
    .from(statusHistory)
    .innerJoin(claims, eq(claims.id, statusHistory.claimId))
    .where(
      after === null
        ? undefined
        : sql`(${statusHistory.changedAt}, ${claims.slug}, ${statusHistory.id}) > (${after.changedAt}, ${after.slug}, ${after.id})`,
    )
    .orderBy(asc(statusHistory.changedAt), asc(claims.slug), asc(statusHistory.id))
    .limit(limit)
    .all();
}

/** Slugs keyed by id. */
export function claimSlugs(db: Db, ids: Iterable<string>): Map<string, string> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = db
    .select({ id: claims.id, slug: claims.slug })
    .from(claims)
    .where(inArray(claims.id, unique))
    .all();
  return new Map(rows.map((row) => [row.id, row.slug]));
}

/** Claims whose verdict lacks the evidence it rests on (see lib/verdicts), by slug. */
export function claimsWithUnbackedVerdicts(
  db: Db,
  limit = 1000,
): { slug: string; status: string }[] {
  return db.$client
    .prepare(
      `SELECT slug, status FROM claims c
       WHERE (c.status = 'supported' AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.claim_id = c.id AND e.stance = 'supports'))
          OR (c.status = 'refuted' AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.claim_id = c.id AND e.stance = 'refutes'))
       ORDER BY slug LIMIT ?`,
    )
    .all(limit) as { slug: string; status: string }[];
}

export function provenanceOf(db: Db, claimId: string): ClaimProvenanceRow | null {
  return (
    db.select().from(claimProvenance).where(eq(claimProvenance.claimId, claimId)).get() ?? null
  );
}

export function findClaimIdByProvenanceUrl(db: Db, url: string): string | null {
  return (
    db
      .select({ claimId: claimProvenance.claimId })
      .from(claimProvenance)
      .where(eq(claimProvenance.url, url))
      .get()?.claimId ?? null
  );
}
