import type { Store, Tx } from '../../db/store.js';
import { keysetPages } from '../../lib/cursor.js';
import { paced } from '../../lib/pacer.js';
import { toActorRecord } from '../actors/actors.records.js';
import { actorSummaries, actorsInDependencyOrder } from '../actors/actors.repository.js';
import type { ActorRecord } from '../actors/actors.schemas.js';
import { toClaimRecord, toLinkRecord, toStatusRecord } from '../claims/claims.records.js';
import {
  claimSlugs,
  claimsAfter,
  linksAfter,
  quotesOfClaims,
  statusChangesAfter,
  tagsByClaim,
} from '../claims/claims.repository.js';
import type { ClaimRecord, LinkRecord, StatusRecord } from '../claims/claims.schemas.js';
import { toEvidenceRecord } from '../evidence/evidence.records.js';
import { evidenceAfter } from '../evidence/evidence.repository.js';
import type { EvidenceRecord } from '../evidence/evidence.schemas.js';
import { toSourceRecord } from '../sources/sources.records.js';
import { sourceSummaries, sourcesAfter } from '../sources/sources.repository.js';
import type { SourceRecord } from '../sources/sources.schemas.js';

/** A bundle record with its type, as an NDJSON line carries it. */
export type ExportRecord =
  | ({ type: 'actor' } & ActorRecord)
  | ({ type: 'source' } & SourceRecord)
  | ({ type: 'claim' } & ClaimRecord)
  | ({ type: 'link' } & LinkRecord)
  | ({ type: 'evidence' } & EvidenceRecord)
  | ({ type: 'status' } & StatusRecord);

const PAGE = 500;

const slugOf = (map: Map<string, { slug: string }>, id: string | null) =>
  id === null ? null : (map.get(id)?.slug ?? id);

/**
 * The whole record in dependency order (actors, affiliations first; sources; claims with their
 * quotes; links; evidence; status history, claim by claim), ids and slugs included, references by slug. Read a
 * page at a time, so memory stays flat however large the record; only what a re-import restores
 * is written, so exporting, importing into an empty database and exporting again gives the same
 * output. Run it inside one snapshot (`store.snapshot`) so that it is consistent.
 */
export function exportRecords(tx: Tx): AsyncGenerator<ExportRecord> {
  // SQLite reads are synchronous: unpaced, the whole export would run before any other request.
  return paced(recordsInOrder(tx));
}

async function* recordsInOrder(tx: Tx): AsyncGenerator<ExportRecord> {
  const actorPages = keysetPages(PAGE, (last: { depth: number; slug: string } | null) =>
    actorsInDependencyOrder(tx, last, PAGE),
  );
  for await (const rows of actorPages) {
    const affiliations = await actorSummaries(
      tx,
      rows.flatMap((row) => (row.affiliationId ? [row.affiliationId] : [])),
    );
    for (const row of rows) {
      yield { type: 'actor', ...toActorRecord(row, slugOf(affiliations, row.affiliationId)) };
    }
  }

  const sourcePages = keysetPages(PAGE, (last: { slug: string } | null) =>
    sourcesAfter(tx, last?.slug ?? null, PAGE),
  );
  for await (const rows of sourcePages) {
    for (const row of rows) yield { type: 'source', ...toSourceRecord(row) };
  }

  const claimPages = keysetPages(PAGE, (last: { slug: string } | null) =>
    claimsAfter(tx, last?.slug ?? null, PAGE),
  );
  for await (const rows of claimPages) {
    const ids = rows.map((row) => row.id);
    const tags = await tagsByClaim(tx, ids);
    const quotes = await quotesOfClaims(tx, ids);
    const quoted = [...quotes.values()].flat();
    const actors = await actorSummaries(tx, [
      ...rows.map((row) => row.claimantId),
      ...quoted.flatMap((q) => (q.speakerId ? [q.speakerId] : [])),
    ]);
    const sources = await sourceSummaries(
      tx,
      quoted.flatMap((q) => (q.originalSourceId ? [q.sourceId, q.originalSourceId] : [q.sourceId])),
    );
    const refs = {
      actor: (id: string | null) => slugOf(actors, id),
      source: (id: string | null) => slugOf(sources, id),
    };
    for (const row of rows) {
      const record = toClaimRecord(row, tags.get(row.id) ?? [], quotes.get(row.id) ?? [], refs);
      yield { type: 'claim', ...record };
    }
  }

  const linkPages = keysetPages(PAGE, (last: { from: string; to: string } | null) =>
    linksAfter(tx, last && [last.from, last.to], PAGE),
  );
  for await (const rows of linkPages) {
    for (const row of rows) yield { type: 'link', ...toLinkRecord(row) };
  }

  const evidencePages = keysetPages(PAGE, (last: { slug: string } | null) =>
    evidenceAfter(tx, last?.slug ?? null, PAGE),
  );
  for await (const rows of evidencePages) {
    const claims = await claimSlugs(
      tx,
      rows.map((row) => row.claimId),
    );
    const sources = await sourceSummaries(
      tx,
      rows.flatMap((row) => (row.sourceId ? [row.sourceId] : [])),
    );
    for (const row of rows) {
      const claim = claims.get(row.claimId) ?? row.claimId;
      yield { type: 'evidence', ...toEvidenceRecord(row, claim, slugOf(sources, row.sourceId)) };
    }
  }

  const statusPages = keysetPages(
    PAGE,
    (last: { claimSlug: string; changedAt: string; id: number } | null) =>
      statusChangesAfter(
        tx,
        last && { slug: last.claimSlug, changedAt: last.changedAt, id: last.id },
        PAGE,
      ),
  );
  for await (const rows of statusPages) {
    for (const row of rows) yield { type: 'status', ...toStatusRecord(row) };
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

/** The export as NDJSON, one record a line with its `type`, read from one snapshot. */
export function exportNdjson(store: Store, onRecord: () => void = () => {}): AsyncIterable<string> {
  return store.snapshot(async function* (tx) {
    for await (const record of exportRecords(tx)) {
      onRecord();
      yield `${JSON.stringify(record)}\n`;
    }
  });
}

/** The export as one bundle document, written a record at a time from one snapshot. */
export function exportBundleJson(
  store: Store,
  onRecord: () => void = () => {},
): AsyncIterable<string> {
  return store.snapshot(async function* (tx) {
    yield '{"format":"factcheck-bundle","version":1';
    let open: string | null = null;
    let first = true;
    for await (const { type, ...record } of exportRecords(tx)) {
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
  });
}
