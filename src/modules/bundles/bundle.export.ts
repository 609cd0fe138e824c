import { LRUCache } from 'lru-cache';
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
  reviewsByClaim,
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

/** A page of bundle records of one type (an NDJSON line carries the type in each record). */
export type ExportPage =
  | { type: 'actor'; records: ActorRecord[] }
  | { type: 'source'; records: SourceRecord[] }
  | { type: 'claim'; records: ClaimRecord[] }
  | { type: 'link'; records: LinkRecord[] }
  | { type: 'evidence'; records: EvidenceRecord[] }
  | { type: 'status'; records: StatusRecord[] };

const PAGE = 500;
/**
 * Sources carry their whole text (a few KiB each): a page of them is read and written in one go,
 * and other requests wait for it, so theirs is smaller.
 */
const SOURCE_PAGE = 50;

/** Actors and sources remembered by an export: pages name the same ones again and again. */
const REMEMBERED = 20_000;

type Named = { slug: string };

const slugOf = (map: Map<string, Named>, id: string | null) =>
  id === null ? null : (map.get(id)?.slug ?? id);

/**
 * `read`, asked only for the ids not met lately: a source's row holds its whole text, so reading it
 * again for every claim quoting it would cost more than the claim.
 */
function remembered<T extends Named>(
  read: (tx: Tx, ids: string[]) => Promise<Map<string, T>>,
): (tx: Tx, ids: Iterable<string>) => Promise<Map<string, Named>> {
  const met = new LRUCache<string, Named>({ max: REMEMBERED });
  return async (tx, ids) => {
    const found = new Map<string, Named>();
    const missing: string[] = [];
    for (const id of ids) {
      const known = met.get(id);
      if (known) found.set(id, known);
      else missing.push(id);
    }
    for (const [id, row] of await read(tx, missing)) {
      const named = { slug: row.slug };
      met.set(id, named);
      found.set(id, named);
    }
    return found;
  };
}

/**
 * The whole record in dependency order (actors, affiliations first; sources; claims with their
 * quotes; links; evidence; status history, claim by claim), ids and slugs included, references by slug. Read a
 * page at a time, so memory stays flat however large the record; only what a re-import restores
 * is written, so exporting, importing into an empty database and exporting again gives the same
 * output. Run it inside one snapshot (`store.snapshot`) so that it is consistent.
 */
export function exportRecords(tx: Tx): AsyncGenerator<ExportPage> {
  // SQLite reads are synchronous: unpaced, the whole export would run before any other request.
  return paced(recordsInOrder(tx));
}

/** Page by page: a record at a time, passing each through the generators cost more than making it. */
async function* recordsInOrder(tx: Tx): AsyncGenerator<ExportPage> {
  const actorSlugs = remembered(actorSummaries);
  const sourceSlugs = remembered(sourceSummaries);
  const actorPages = keysetPages(PAGE, (last: { depth: number; slug: string } | null) =>
    actorsInDependencyOrder(tx, last, PAGE),
  );
  for await (const rows of actorPages) {
    const affiliations = await actorSlugs(
      tx,
      rows.flatMap((row) => (row.affiliationId ? [row.affiliationId] : [])),
    );
    yield {
      type: 'actor',
      records: rows.map((row) => toActorRecord(row, slugOf(affiliations, row.affiliationId))),
    };
  }

  const sourcePages = keysetPages(SOURCE_PAGE, (last: { slug: string } | null) =>
    sourcesAfter(tx, last?.slug ?? null, SOURCE_PAGE),
  );
  for await (const rows of sourcePages) {
    yield { type: 'source', records: rows.map((row) => toSourceRecord(row)) };
  }

  const claimPages = keysetPages(PAGE, (last: { slug: string } | null) =>
    claimsAfter(tx, last?.slug ?? null, PAGE),
  );
  for await (const rows of claimPages) {
    const ids = rows.map((row) => row.id);
    const tags = await tagsByClaim(tx, ids);
    const quotes = await quotesOfClaims(tx, ids);
    const reviews = await reviewsByClaim(tx, ids);
    const quoted = [...quotes.values()].flat();
    const actors = await actorSlugs(tx, [
      ...rows.flatMap((row) => (row.claimantId ? [row.claimantId] : [])),
      ...quoted.flatMap((q) => (q.speakerId ? [q.speakerId] : [])),
    ]);
    const sources = await sourceSlugs(
      tx,
      quoted.flatMap((q) => (q.originalSourceId ? [q.sourceId, q.originalSourceId] : [q.sourceId])),
    );
    const refs = {
      actor: (id: string | null) => slugOf(actors, id),
      source: (id: string | null) => slugOf(sources, id),
    };
    yield {
      type: 'claim',
      records: rows.map((row) =>
        toClaimRecord(
          row,
          tags.get(row.id) ?? [],
          quotes.get(row.id) ?? [],
          refs,
          reviews.get(row.id),
        ),
      ),
    };
  }

  const linkPages = keysetPages(PAGE, (last: { from: string; to: string } | null) =>
    linksAfter(tx, last && [last.from, last.to], PAGE),
  );
  for await (const rows of linkPages) {
    yield { type: 'link', records: rows.map((row) => toLinkRecord(row)) };
  }

  const evidencePages = keysetPages(PAGE, (last: { slug: string } | null) =>
    evidenceAfter(tx, last?.slug ?? null, PAGE),
  );
  for await (const rows of evidencePages) {
    const claims = await claimSlugs(
      tx,
      rows.map((row) => row.claimId),
    );
    const sources = await sourceSlugs(
      tx,
      rows.flatMap((row) => (row.sourceId ? [row.sourceId] : [])),
    );
    yield {
      type: 'evidence',
      records: rows.map((row) =>
        toEvidenceRecord(
          row,
          claims.get(row.claimId) ?? row.claimId,
          slugOf(sources, row.sourceId),
        ),
      ),
    };
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
    yield { type: 'status', records: rows.map((row) => toStatusRecord(row)) };
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

export type ExportFormat = 'ndjson' | 'bundle';

/**
 * The export as text from `tx`'s snapshot, a page of records a piece: NDJSON (one record a line
 * with its `type`, each piece whole lines), or one bundle document.
 */
export async function* exportText(
  tx: Tx,
  format: ExportFormat,
  onRecord: () => void = () => {},
): AsyncGenerator<string> {
  if (format === 'ndjson') {
    for await (const { type, records } of exportRecords(tx)) {
      // `{"type":…,` then the record's own fields: the line JSON.stringify({ type, ...record })
      // gives, without copying every record to put its type first.
      const typed = `{"type":${JSON.stringify(type)}`;
      let lines = '';
      for (const record of records) {
        onRecord();
        const fields = JSON.stringify(record);
        lines += `${typed}${fields === '{}' ? '}' : `,${fields.slice(1)}`}\n`;
      }
      yield lines;
    }
    return;
  }
  yield '{"format":"factcheck-bundle","version":1';
  let open: string | null = null;
  let first = true;
  for await (const { type, records } of exportRecords(tx)) {
    let piece = '';
    const collection = COLLECTIONS[type];
    if (collection !== open) {
      piece += `${open === null ? '' : ']'},"${collection}":[`;
      open = collection;
      first = true;
    }
    for (const record of records) {
      onRecord();
      piece += `${first ? '' : ','}${JSON.stringify(record)}`;
      first = false;
    }
    yield piece;
  }
  yield `${open === null ? '' : ']'}}\n`;
}

/** The export read from one snapshot, in this thread (the command line's progress counts records). */
export function exportFromSnapshot(
  store: Store,
  format: ExportFormat,
  onRecord?: () => void,
): AsyncIterable<string> {
  return store.snapshot((tx) => exportText(tx, format, onRecord));
}

/** The export for a request: the store runs a large one where it holds up other requests least. */
export function streamedExport(store: Store, format: ExportFormat): AsyncIterable<Uint8Array> {
  return store.streamSnapshot({ module: import.meta.url, name: exportText.name, arg: format });
}
