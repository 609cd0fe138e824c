import type { ClaimRow } from '../../db/schema.js';
import { type Search, snippetToHtml, toSearch } from '../../db/sqlite/search.js';
import type { Tx } from '../../db/store.js';
import type { Page } from '../../lib/api-schemas.js';
import { decodeCursor, keysetPage } from '../../lib/cursor.js';
import { optional, required } from '../../lib/maps.js';
import { NotFoundError, ValidationError } from '../../lib/problem.js';
import { CLAIM_STATUSES } from '../../lib/vocabulary.js';
import { actorSummaries, findActor } from '../actors/actors.repository.js';
import { evidenceCounts } from '../evidence/evidence.repository.js';
import { findSource, sourceSummaries } from '../sources/sources.repository.js';
import {
  type ClaimFilter,
  type ClaimHit,
  claimCountsByClaimant,
  findClaim,
  findClaimsByIds,
  historyOf,
  incomingLinkCounts,
  linksOf,
  listClaimRows,
  listStatusChangeRows,
  provenanceOf,
  quotesOf,
  statusCounts,
  tagsByClaim,
} from './claims.repository.js';
import type {
  Claim,
  ClaimListItem,
  ClaimListQuery,
  ClaimSort,
  ClaimSummary,
  Stats,
  StatusChange,
  StatusChangeEntry,
  StatusChangeQuery,
} from './claims.schemas.js';

/** Claims as the API shows them: lists, one claim whole, its history, the public corrections. */

export async function requireClaim(tx: Tx, idOrSlug: string): Promise<ClaimRow> {
  const row = await findClaim(tx, idOrSlug);
  if (!row) throw new NotFoundError('claim', idOrSlug);
  return row;
}

/** Filters that narrow the list further, set by the nested routes (an actor's claims, …). */
export type ClaimScope = Pick<ClaimFilter, 'claimantId' | 'sourceId' | 'rebuttalsOf'>;

export async function listClaims(
  tx: Tx,
  query: ClaimListQuery,
  scope: ClaimScope = {},
): Promise<Page<ClaimListItem>> {
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
  const after = query.cursor ? decodeCursor(query.cursor, sort) : undefined;
  const rows = await listClaimRows(tx, filter, { sort, after, limit: query.limit + 1 });
  const items = await toListItems(tx, rows.slice(0, query.limit), filter.match);
  return keysetPage(
    rows,
    query.limit,
    (last) => ({ sort, key: sortKey(last, sort), tie: last.seq }),
    () => items,
  );
}

function sortKey(row: ClaimHit, sort: ClaimSort): string | number {
  if (sort === 'relevance') return row.score ?? 0;
  return sort.endsWith('statedAt') ? row.statedAt : row.createdAt;
}

async function toListItems(tx: Tx, rows: ClaimHit[], search?: Search): Promise<ClaimListItem[]> {
  const ids = rows.map((row) => row.id);
  const claimants = await actorSummaries(
    tx,
    rows.map((row) => row.claimantId),
  );
  const tags = await tagsByClaim(tx, ids);
  const rebuttals = await incomingLinkCounts(tx, ids, 'rebuts');
  const evidence = await evidenceCounts(tx, ids);
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    text: row.text,
    status: row.status,
    claimant: required(claimants, row.claimantId, 'actor'),
    language: row.language,
    statedAt: row.statedAt,
    tags: tags.get(row.id) ?? [],
    rebuttalCount: rebuttals.get(row.id) ?? 0,
    evidenceCount: evidence.get(row.id) ?? 0,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    snippet: row.snippet === null || !search ? null : snippetToHtml(row.snippet, search),
  }));
}

async function toSummaries(tx: Tx, ids: string[]): Promise<ClaimSummary[]> {
  return [...(await summariesById(tx, ids)).values()];
}

async function summariesById(tx: Tx, ids: string[]): Promise<Map<string, ClaimSummary>> {
  const rows = (await findClaimsByIds(tx, [...new Set(ids)])).sort((a, b) => a.seq - b.seq);
  const claimants = await actorSummaries(
    tx,
    rows.map((row) => row.claimantId),
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        slug: row.slug,
        text: row.text,
        status: row.status,
        claimant: required(claimants, row.claimantId, 'actor'),
      },
    ]),
  );
}

/** Every verdict change of every claim, newest first: corrections are public. */
export async function listStatusChanges(
  tx: Tx,
  query: StatusChangeQuery,
): Promise<Page<StatusChangeEntry>> {
  const after = query.cursor ? decodeCursor(query.cursor, 'changedAt') : undefined;
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
  );
}

export async function getClaim(tx: Tx, idOrSlug: string): Promise<Claim> {
  const row = await requireClaim(tx, idOrSlug);
  const [item] = await toListItems(tx, [{ ...row, snippet: null, score: null }]);
  if (!item) throw new Error(`claim ${row.id} could not be read`);
  const quoteRows = await quotesOf(tx, row.id);
  const sources = await sourceSummaries(
    tx,
    quoteRows.flatMap((q) =>
      q.originalSourceId ? [q.sourceId, q.originalSourceId] : [q.sourceId],
    ),
  );
  const speakers = await actorSummaries(
    tx,
    quoteRows.flatMap((q) => (q.speakerId ? [q.speakerId] : [])),
  );
  const links = await linksOf(tx, row.id);
  const { snippet: _snippet, ...listed } = item;
  return {
    ...listed,
    statusNote: row.statusNote,
    quotes: quoteRows.map((q) => ({
      id: q.id,
      exact: q.exact,
      start: q.start,
      end: q.end,
      source: required(sources, q.sourceId, 'source'),
      speaker: optional(speakers, q.speakerId),
      originalSource: optional(sources, q.originalSourceId),
    })),
    rebuts: await toSummaries(tx, links.rebuts),
    rebuttedBy: await toSummaries(tx, links.rebuttedBy),
    supports: await toSummaries(tx, links.supports),
    supportedBy: await toSummaries(tx, links.supportedBy),
    version: row.version,
    provenance: await provenanceOrNull(tx, row.id),
  };
}

async function provenanceOrNull(tx: Tx, claimId: string): Promise<Claim['provenance']> {
  const row = await provenanceOf(tx, claimId);
  return row
    ? { format: row.format, url: row.url, importedAt: row.importedAt, document: row.document }
    : null;
}

export async function claimHistory(tx: Tx, idOrSlug: string): Promise<StatusChange[]> {
  const row = await requireClaim(tx, idOrSlug);
  return (await historyOf(tx, row.id)).map((entry) => ({
    status: entry.status,
    previousStatus: entry.previousStatus,
    note: entry.note,
    changedBy: entry.changedBy,
    changedAt: entry.changedAt,
  }));
}

/** Claims per status (every status listed) and per claimant, most first. */
export async function claimStats(tx: Tx): Promise<Stats> {
  const perStatus = await statusCounts(tx);
  const perClaimant = await claimCountsByClaimant(tx);
  const claimants = await actorSummaries(tx, perClaimant.keys());
  return {
    claimCount: [...perStatus.values()].reduce((sum, n) => sum + n, 0),
    byStatus: Object.fromEntries(
      CLAIM_STATUSES.map((s) => [s, perStatus.get(s) ?? 0]),
    ) as Stats['byStatus'],
    byClaimant: [...perClaimant]
      .map(([actorId, claimCount]) => ({
        claimant: required(claimants, actorId, 'actor'),
        claimCount,
      }))
      .sort(
        (a, b) => b.claimCount - a.claimCount || a.claimant.slug.localeCompare(b.claimant.slug),
      ),
  };
}
