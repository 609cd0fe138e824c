import type { ClaimRow } from '../../db/schema.js';
import { type Search, snippetToHtml, toSearch } from '../../db/search.js';
import type { Tx } from '../../db/store.js';
import type { Page, PageQuery } from '../../lib/api-schemas.js';
import { decodeCursor, keysetList, keysetPage } from '../../lib/cursor.js';
import { required } from '../../lib/maps.js';
import { NotFoundError, ValidationError } from '../../lib/problem.js';
import { CLAIM_STATUSES } from '../../lib/vocabulary.js';
import { actorSummaries, findActor, topClaimants } from '../actors/actors.repository.js';
import { findSource } from '../sources/sources.repository.js';
import { type ClaimFilter, type ClaimPageRow, readClaimPage } from './claims.pages.js';
import { type ClaimDocumentRow, readClaimWhole } from './claims.reads.js';
import {
  claimsPerStatus,
  findClaim,
  findClaimsByIds,
  historyPage,
  listStatusChangeRows,
  tagsPage,
} from './claims.repository.js';
import type {
  Claim,
  ClaimListItem,
  ClaimListQuery,
  ClaimSort,
  ClaimSummary,
  LinkedClaim,
  LinkedClaimListItem,
  Stats,
  StatusChange,
  StatusChangeEntry,
  StatusChangeQuery,
} from './claims.schemas.js';
import { CLAIMANTS_LISTED } from './claims.schemas.js';

/** Claims as the API shows them: lists, one claim whole, its history, the public corrections. */

export async function requireClaim(tx: Tx, idOrSlug: string): Promise<ClaimRow> {
  const row = await findClaim(tx, idOrSlug);
  if (!row) throw new NotFoundError('claim', idOrSlug);
  return row;
}

/** Filters that narrow the list further, set by the nested routes (an actor's claims, …). */
export type ClaimScope = Pick<ClaimFilter, 'claimantId' | 'sourceId' | 'linkedTo'>;

export async function listClaims(
  tx: Tx,
  query: ClaimListQuery,
  scope: ClaimScope = {},
): Promise<Page<ClaimListItem>> {
  return claimPage(tx, query, scope, toListItem);
}

/** The claims linked to one by links of a kind (its rebuttals, its supporters), with each link's note. */
export async function listLinkedClaims(
  tx: Tx,
  query: ClaimListQuery,
  linkedTo: NonNullable<ClaimScope['linkedTo']>,
): Promise<Page<LinkedClaimListItem>> {
  return claimPage(tx, query, { linkedTo }, (row, search) => ({
    ...toListItem(row, search),
    linkNote: row.linkNote,
  }));
}

async function claimPage<T>(
  tx: Tx,
  query: ClaimListQuery,
  scope: ClaimScope,
  toItem: (row: ClaimPageRow, search?: Search) => T,
): Promise<Page<T>> {
  const sort: ClaimSort = query.sort ?? (query.q ? 'relevance' : '-statedAt');
  if (sort === 'relevance' && !query.q) {
    throw new ValidationError('Sorting by relevance needs a search.', [
      { path: 'query.sort', message: '`relevance` needs `q`' },
    ]);
  }
  const filter: ClaimFilter = {
    statuses: query.status,
    tag: query.tag,
    language: query.language,
    statedFrom: query.statedFrom,
    statedTo: query.statedTo,
    match: query.q === undefined ? undefined : toSearch(query.q),
    ...scope,
  };
  // An id or slug that names nothing matches no claim rather than failing the whole list.
  if (query.claimantId && !scope.claimantId) {
    filter.claimantId = (await findActor(tx, query.claimantId))?.id ?? query.claimantId;
  }
  if (query.sourceId && !scope.sourceId) {
    filter.sourceId = (await findSource(tx, query.sourceId))?.id ?? query.sourceId;
  }
  const asked = { ...query, sort, ...scope };
  const after = query.cursor ? decodeCursor(query.cursor, sort, asked) : undefined;
  const rows = await readClaimPage(tx, filter, { sort, after, limit: query.limit + 1 });
  return keysetPage(
    rows,
    query.limit,
    (last) => ({ sort, key: sortKey(last, sort), tie: last.seq }),
    (page) => page.map((row) => toItem(row, filter.match)),
    asked,
  );
}

function sortKey(row: ClaimPageRow, sort: ClaimSort): string | number {
  if (sort === 'relevance') return row.score ?? 0;
  return sort.endsWith('statedAt') ? row.statedAt : row.createdAt;
}

/** A claim's fields as lists show them, from a row read with `listedClaimColumns`. */
function listedFields(row: ClaimDocumentRow | ClaimPageRow): Omit<ClaimListItem, 'snippet'> {
  return {
    id: row.id,
    slug: row.slug,
    text: row.text,
    status: row.status,
    statusNote: row.statusNote,
    attribution: row.attribution,
    attributionNote: row.attributionNote,
    claimant: row.claimant,
    language: row.language,
    statedAt: row.statedAt,
    statedAtNote: row.statedAtNote,
    tags: row.tags,
    rebuttalCount: row.rebuttalCount,
    supporterCount: row.supporterCount,
    evidenceCount: row.evidenceCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

function toListItem(row: ClaimPageRow, search?: Search): ClaimListItem {
  const snippet = row.snippet === null || !search ? null : snippetToHtml(row.snippet, search);
  return { ...listedFields(row), snippet };
}

async function summariesById(tx: Tx, ids: string[]): Promise<Map<string, ClaimSummary>> {
  const rows = (await findClaimsByIds(tx, [...new Set(ids)])).sort((a, b) => a.seq - b.seq);
  const claimants = await actorSummaries(
    tx,
    rows.flatMap((row) => (row.claimantId ? [row.claimantId] : [])),
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        slug: row.slug,
        text: row.text,
        status: row.status,
        claimant: row.claimantId === null ? null : required(claimants, row.claimantId, 'actor'),
      },
    ]),
  );
}

/** Every verdict change of every claim, newest first: corrections are public. */
export async function listStatusChanges(
  tx: Tx,
  query: StatusChangeQuery,
): Promise<Page<StatusChangeEntry>> {
  const after = query.cursor ? decodeCursor(query.cursor, 'changedAt', query) : undefined;
  const rows = await listStatusChangeRows(tx, {
    since: query.since,
    before: after ? { changedAt: String(after.key), id: Number(after.tie) } : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const claims = await summariesById(
    tx,
    page.map((row) => row.claimId),
  );
  const items = page.map((row) => ({
    id: row.id,
    claim: required(claims, row.claimId, 'claim'),
    status: row.status,
    previousStatus: row.previousStatus,
    note: row.note,
    changedBy: row.changedBy,
    changedAt: row.changedAt,
  }));
  return keysetPage(
    rows,
    query.limit,
    (last) => ({ sort: 'changedAt', key: last.changedAt, tie: last.id }),
    () => items,
    query,
  );
}

/** One claim whole, in three statements (see claims.reads.ts). */
export async function getClaim(tx: Tx, idOrSlug: string): Promise<Claim> {
  const whole = await readClaimWhole(tx, idOrSlug);
  if (!whole) throw new NotFoundError('claim', idOrSlug);
  const { row, quotes: quoteRows } = whole;
  const links: Record<'rebuts' | 'supports' | 'rebuttedBy' | 'supportedBy', LinkedClaim[]> = {
    rebuts: [],
    supports: [],
    rebuttedBy: [],
    supportedBy: [],
  };
  for (const link of whole.links) {
    const list = link.outgoing
      ? link.kind === 'rebuts'
        ? links.rebuts
        : links.supports
      : link.kind === 'rebuts'
        ? links.rebuttedBy
        : links.supportedBy;
    list.push({ ...link.claim, linkNote: link.note });
  }
  return {
    ...listedFields(row),
    quotes: quoteRows,
    ...links,
    rebutsCount: row.rebutsCount,
    supportsCount: row.supportsCount,
    provenance: row.provenance,
    review: row.review,
  };
}

/** The position of a tag in the list of tags: its claim count (most first), then the tag. */
const TAGS_ORDER = 'tags';

export async function listTags(
  tx: Tx,
  query: PageQuery,
): Promise<Page<{ tag: string; claimCount: number }>> {
  return keysetList(
    query,
    { order: TAGS_ORDER },
    (after, limit) => tagsPage(tx, after, limit),
    (last) => ({ key: last.claimCount, tie: last.tag }),
  );
}

/** The position of an entry in a claim's history: its row id, in the order entries were made. */
const HISTORY_ORDER = 'history';

export async function claimHistory(
  tx: Tx,
  idOrSlug: string,
  query: PageQuery,
): Promise<Page<StatusChange>> {
  const row = await requireClaim(tx, idOrSlug);
  const page = await keysetList(
    query,
    { order: HISTORY_ORDER, filters: { claim: row.id } },
    (after, limit) => historyPage(tx, row.id, after ? Number(after.key) : undefined, limit),
    (last) => ({ key: last.id, tie: last.id }),
  );
  return {
    items: page.items.map((entry) => ({
      status: entry.status,
      previousStatus: entry.previousStatus,
      note: entry.note,
      changedBy: entry.changedBy,
      changedAt: entry.changedAt,
    })),
    nextCursor: page.nextCursor,
  };
}

/**
 * Claims per status (every status listed) and the claimants with the most claims, most first then
 * by slug: all read from stored counts, so the cost does not grow with the record.
 */
export async function claimStats(tx: Tx): Promise<Stats> {
  const perStatus = await claimsPerStatus(tx);
  return {
    claimCount: [...perStatus.values()].reduce((sum, n) => sum + n, 0),
    byStatus: Object.fromEntries(
      CLAIM_STATUSES.map((s) => [s, perStatus.get(s) ?? 0]),
    ) as Stats['byStatus'],
    byClaimant: await topClaimants(tx, CLAIMANTS_LISTED),
  };
}
