import type { Db } from '../../db/client.js';
import type { ClaimRow } from '../../db/schema.js';
import type { Page } from '../../lib/api-schemas.js';
import { decodeCursor, keysetPage } from '../../lib/cursor.js';
import { optional, required } from '../../lib/maps.js';
import { NotFoundError, ValidationError } from '../../lib/problem.js';
import { CLAIM_STATUSES } from '../../lib/vocabulary.js';
import { actorSummaries, findActor } from '../actors/actors.repository.js';
import { evidenceCounts } from '../evidence/evidence.repository.js';
import { findSource, sourceSummaries } from '../sources/sources.repository.js';
import { snippetToHtml, toMatchExpression } from './claim-search.js';
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

export function requireClaim(db: Db, idOrSlug: string): ClaimRow {
  const row = findClaim(db, idOrSlug);
  if (!row) throw new NotFoundError('claim', idOrSlug);
  return row;
}

/** Filters that narrow the list further, set by the nested routes (an actor's claims, …). */
type Scope = Pick<ClaimFilter, 'claimantId' | 'sourceId' | 'rebuttalsOf'>;

export function listClaims(db: Db, query: ClaimListQuery, scope: Scope = {}): Page<ClaimListItem> {
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
    match: query.q === undefined ? undefined : toMatchExpression(query.q),
    ...scope,
  };
  // An id or slug that names nothing matches no claim rather than failing the whole list.
  if (query.claimantId && !scope.claimantId) {
    filter.claimantId = findActor(db, query.claimantId)?.id ?? query.claimantId;
  }
  if (query.sourceId && !scope.sourceId) {
    filter.sourceId = findSource(db, query.sourceId)?.id ?? query.sourceId;
  }
  const after = query.cursor ? decodeCursor(query.cursor, sort) : undefined;
  const rows = listClaimRows(db, filter, { sort, after, limit: query.limit + 1 });
  return keysetPage(
    rows,
    query.limit,
    (last) => ({ sort, key: sortKey(last, sort), tie: last.seq }),
    (page) => toListItems(db, page),
  );
}

function sortKey(row: ClaimHit, sort: ClaimSort): string | number {
  if (sort === 'relevance') return row.score ?? 0;
  return sort.endsWith('statedAt') ? row.statedAt : row.createdAt;
}

function toListItems(db: Db, rows: ClaimHit[]): ClaimListItem[] {
  const ids = rows.map((row) => row.id);
  const claimants = actorSummaries(
    db,
    rows.map((row) => row.claimantId),
  );
  const tags = tagsByClaim(db, ids);
  const rebuttals = incomingLinkCounts(db, ids, 'rebuts');
  const evidence = evidenceCounts(db, ids);
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
    snippet: row.snippet === null ? null : snippetToHtml(row.snippet),
  }));
}

function toSummaries(db: Db, ids: string[]): ClaimSummary[] {
  return [...summariesById(db, ids).values()];
}

function summariesById(db: Db, ids: string[]): Map<string, ClaimSummary> {
  const rows = findClaimsByIds(db, [...new Set(ids)]).sort((a, b) => a.seq - b.seq);
  const claimants = actorSummaries(
    db,
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
export function listStatusChanges(db: Db, query: StatusChangeQuery): Page<StatusChangeEntry> {
  const after = query.cursor ? decodeCursor(query.cursor, 'changedAt') : undefined;
  const rows = listStatusChangeRows(db, {
    since: query.since,
    before: after ? { changedAt: String(after.key), id: Number(after.tie) } : undefined,
    limit: query.limit + 1,
  });
  return keysetPage(
    rows,
    query.limit,
    (last) => ({ sort: 'changedAt', key: last.changedAt, tie: last.id }),
    (page) => {
      const claims = summariesById(
        db,
        page.map((row) => row.claimId),
      );
      return page.map((row) => ({
        id: row.id,
        claim: required(claims, row.claimId, 'claim'),
        status: row.status,
        previousStatus: row.previousStatus,
        note: row.note,
        changedBy: row.changedBy,
        changedAt: row.changedAt,
      }));
    },
  );
}

export function getClaim(db: Db, idOrSlug: string): Claim {
  const row = requireClaim(db, idOrSlug);
  const [item] = toListItems(db, [{ ...row, snippet: null, score: null }]);
  if (!item) throw new Error(`claim ${row.id} could not be read`);
  const quoteRows = quotesOf(db, row.id);
  const sources = sourceSummaries(
    db,
    quoteRows.flatMap((q) =>
      q.originalSourceId ? [q.sourceId, q.originalSourceId] : [q.sourceId],
    ),
  );
  const speakers = actorSummaries(
    db,
    quoteRows.flatMap((q) => (q.speakerId ? [q.speakerId] : [])),
  );
  const links = linksOf(db, row.id);
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
    rebuts: toSummaries(db, links.rebuts),
    rebuttedBy: toSummaries(db, links.rebuttedBy),
    supports: toSummaries(db, links.supports),
    supportedBy: toSummaries(db, links.supportedBy),
    version: row.version,
    provenance: provenanceOrNull(db, row.id),
  };
}

function provenanceOrNull(db: Db, claimId: string): Claim['provenance'] {
  const row = provenanceOf(db, claimId);
  return row
    ? { format: row.format, url: row.url, importedAt: row.importedAt, document: row.document }
    : null;
}

export function claimHistory(db: Db, idOrSlug: string): StatusChange[] {
  const row = requireClaim(db, idOrSlug);
  return historyOf(db, row.id).map((entry) => ({
    status: entry.status,
    previousStatus: entry.previousStatus,
    note: entry.note,
    changedBy: entry.changedBy,
    changedAt: entry.changedAt,
  }));
}

/** Claims per status (every status listed) and per claimant, most first. */
export function claimStats(db: Db): Stats {
  const perStatus = statusCounts(db);
  const perClaimant = claimCountsByClaimant(db);
  const claimants = actorSummaries(db, perClaimant.keys());
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
