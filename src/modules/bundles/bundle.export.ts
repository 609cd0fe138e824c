import type { Db } from '../../db/client.js';
import { keysetPages } from '../../lib/cursor.js';
import { actorSummaries, actorsInDependencyOrder } from '../actors/actors.repository.js';
import {
  claimSlugs,
  claimsAfter,
  linksAfter,
  quotesOfClaims,
  statusChangesAfter,
  tagsByClaim,
} from '../claims/claims.repository.js';
import { evidenceAfter } from '../evidence/evidence.repository.js';
import { sourceSummaries, sourcesAfter } from '../sources/sources.repository.js';
import type {
  ActorRecord,
  ClaimRecord,
  EvidenceRecord,
  LinkRecord,
  SourceRecord,
  StatusRecord,
} from './bundle.schemas.js';

/** A bundle record with its type, as an NDJSON line carries it. */
export type ExportRecord =
  | ({ type: 'actor' } & ActorRecord)
  | ({ type: 'source' } & SourceRecord)
  | ({ type: 'claim' } & ClaimRecord)
  | ({ type: 'link' } & LinkRecord)
  | ({ type: 'evidence' } & EvidenceRecord)
  | ({ type: 'status' } & StatusRecord);

const PAGE = 500;

/**
 * The whole record in dependency order (actors, affiliations first; sources; claims with their
 * quotes; links; evidence; status history), ids and slugs included, references by slug. Read a page at a time, so memory
 * stays flat however large the record; only what a re-import restores is written, so exporting,
 * importing into an empty database and exporting again gives the same output.
 */
export function* exportRecords(db: Db): Generator<ExportRecord> {
  const slugOf = (map: Map<string, { slug: string }>, id: string | null) =>
    id === null ? null : (map.get(id)?.slug ?? id);

  for (const rows of keysetPages(PAGE, (last: { depth: number; slug: string } | null) =>
    actorsInDependencyOrder(db, last, PAGE),
  )) {
    const affiliations = actorSummaries(
      db,
      rows.flatMap((row) => (row.affiliationId ? [row.affiliationId] : [])),
    );
    for (const row of rows) {
      yield {
        type: 'actor',
        id: row.id,
        slug: row.slug,
        kind: row.kind,
        name: row.name,
        description: row.description,
        aliases: row.aliases,
        affiliation: slugOf(affiliations, row.affiliationId),
      };
    }
  }

  for (const rows of keysetPages(PAGE, (last: { slug: string } | null) =>
    sourcesAfter(db, last?.slug ?? null, PAGE),
  )) {
    for (const row of rows) {
      const { id, slug, kind, title, description, url, publisher, publishedAt, text } = row;
      yield {
        type: 'source',
        id,
        slug,
        kind,
        title,
        description,
        url,
        publisher,
        publishedAt,
        text,
      };
    }
  }

  for (const rows of keysetPages(PAGE, (last: { slug: string } | null) =>
    claimsAfter(db, last?.slug ?? null, PAGE),
  )) {
    const ids = rows.map((row) => row.id);
    const tags = tagsByClaim(db, ids);
    const quotes = quotesOfClaims(db, ids);
    const claimants = actorSummaries(
      db,
      rows.map((row) => row.claimantId),
    );
    const quoted = [...quotes.values()].flat();
    const speakers = actorSummaries(
      db,
      quoted.flatMap((q) => (q.speakerId ? [q.speakerId] : [])),
    );
    const sources = sourceSummaries(
      db,
      quoted.flatMap((q) => (q.originalSourceId ? [q.sourceId, q.originalSourceId] : [q.sourceId])),
    );
    for (const row of rows) {
      yield {
        type: 'claim',
        id: row.id,
        slug: row.slug,
        text: row.text,
        language: row.language,
        claimant: slugOf(claimants, row.claimantId) ?? row.claimantId,
        statedAt: row.statedAt,
        status: row.status,
        statusNote: row.statusNote,
        tags: tags.get(row.id) ?? [],
        quotes: (quotes.get(row.id) ?? []).map((q) => ({
          source: slugOf(sources, q.sourceId) ?? q.sourceId,
          exact: q.exact,
          start: q.start,
          end: q.end,
          speaker: slugOf(speakers, q.speakerId),
          originalSource: slugOf(sources, q.originalSourceId),
        })),
      };
    }
  }

  for (const rows of keysetPages(PAGE, (last: { from: string; to: string } | null) =>
    linksAfter(db, last && [last.from, last.to], PAGE),
  )) {
    for (const row of rows) yield { type: 'link', from: row.from, kind: row.kind, to: row.to };
  }

  for (const rows of keysetPages(PAGE, (last: { slug: string } | null) =>
    evidenceAfter(db, last?.slug ?? null, PAGE),
  )) {
    const slugs = claimSlugs(
      db,
      rows.map((row) => row.claimId),
    );
    const sources = sourceSummaries(
      db,
      rows.flatMap((row) => (row.sourceId ? [row.sourceId] : [])),
    );
    for (const row of rows) {
      yield {
        type: 'evidence',
        id: row.id,
        slug: row.slug,
        claim: slugs.get(row.claimId) ?? row.claimId,
        stance: row.stance,
        summary: row.summary,
        source: slugOf(sources, row.sourceId),
        quote:
          row.quoteExact !== null && row.quoteStart !== null && row.quoteEnd !== null
            ? { exact: row.quoteExact, start: row.quoteStart, end: row.quoteEnd }
            : null,
        url: row.url,
      };
    }
  }

  for (const rows of keysetPages(
    PAGE,
    (last: { changedAt: string; claimSlug: string; id: number } | null) =>
      statusChangesAfter(
        db,
        last && { changedAt: last.changedAt, slug: last.claimSlug, id: last.id },
        PAGE,
      ),
  )) {
    for (const row of rows) {
      yield {
        type: 'status',
        claim: row.claimSlug,
        status: row.status,
        previousStatus: row.previousStatus,
        note: row.note,
        changedBy: row.changedBy,
        changedAt: row.changedAt,
      };
    }
  }
}

const COLLECTIONS = {
  actor: 'actors',
  source: 'sources',
  claim: 'claims',
  link: 'links',
  evidence: 'evidence',
  status: 'statuses',
} as const;

/** The export as NDJSON: one record a line, each with its `type`. */
export function* exportNdjson(db: Db, onRecord: () => void = () => {}): Generator<string> {
  for (const record of exportRecords(db)) {
    onRecord();
    yield `${JSON.stringify(record)}\n`;
  }
}

/** The export as one bundle document, written a record at a time. */
export function* exportBundleJson(db: Db, onRecord: () => void = () => {}): Generator<string> {
  yield '{"format":"factcheck-bundle","version":1';
  let open: string | null = null;
  let first = true;
  for (const { type, ...record } of exportRecords(db)) {
    onRecord();
    const collection = COLLECTIONS[type];
    if (collection !== open) {
      yield `${open === null ? '' : ']'},"${collection}":[`;
      open = collection;
      first = true;
    }
    yield `${first ? '' : ','}${JSON.stringify(record)}`;
    first = false;
  }
  yield `${open === null ? '' : ']'}}\n`;
}
