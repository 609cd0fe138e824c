import type { ClaimRow, QuoteRow, StatusHistoryRow } from '../../db/schema.js';
import type { LinkKind } from '../../lib/vocabulary.js';
import type { ClaimUpsert, LinkValues } from './claims.commands.js';
import type { QuoteValues, StatusEntry } from './claims.rows.js';
import type {
  ClaimRecord,
  ImportedReview,
  LinkRecord,
  QuoteRecord,
  ReviewRecord,
  StatusRecord,
} from './claims.schemas.js';

/**
 * Claims, quotes, links and status entries as bundle records, both ways: the export writes what
 * these give, and the import turns records back into the values the commands take, so a bundle
 * exported, imported into an empty database and exported again comes out the same.
 */

// --- Export: row (+ the slugs it refers to) → record ----------------------------------------

/** The slug of a record a claim refers to, by id (the id itself when no slug is known). */
export type SlugRefs = {
  actor: (id: string | null) => string | null;
  source: (id: string | null) => string | null;
};

/** What a quote record is made of: a stored quote, or the values an import would store. */
export type QuoteFields = Pick<
  QuoteRow,
  'sourceId' | 'exact' | 'start' | 'end' | 'speakerId' | 'originalSourceId' | 'wording'
>;

export function toQuoteRecord(row: QuoteFields, refs: SlugRefs): QuoteRecord {
  return {
    source: refs.source(row.sourceId) ?? row.sourceId,
    exact: row.exact,
    start: row.start,
    end: row.end,
    speaker: refs.actor(row.speakerId),
    originalSource: refs.source(row.originalSourceId),
    // Only a paraphrase says so: exports of verbatim quotes, the default, stay as they were.
    ...(row.wording === 'verbatim' ? {} : { wording: row.wording }),
  };
}

/**
 * `tags` sorted, `quotes` in their order, as the repository reads them; `review` only for a claim
 * that has one, so that exports of records without imported reviews stay as they were.
 */
export function toClaimRecord(
  row: ClaimRow,
  tags: string[],
  quotes: QuoteFields[],
  refs: SlugRefs,
  review: ImportedReview | null = null,
): ClaimRecord {
  return {
    id: row.id,
    slug: row.slug,
    text: row.text,
    language: row.language,
    claimant: refs.actor(row.claimantId) ?? row.claimantId,
    statedAt: row.statedAt,
    // Only a date worked out says how: exports of other claims stay as they were.
    ...(row.statedAtNote === null ? {} : { statedAtNote: row.statedAtNote }),
    status: row.status,
    statusNote: row.statusNote,
    // Only an inferred claimant says so: exports of stated ones, the default, stay as they were.
    ...(row.attribution === 'stated' ? {} : { attribution: row.attribution }),
    ...(row.attributionNote === null ? {} : { attributionNote: row.attributionNote }),
    tags,
    quotes: quotes.map((quote) => toQuoteRecord(quote, refs)),
    ...(review ? { review: toReviewRecord(review) } : {}),
  };
}

/** `headline` only for a review that has one: exports of reviews without stay as they were. */
function toReviewRecord({ headline, ...rating }: ImportedReview): ReviewRecord {
  return { ...rating, ...(headline === null ? {} : { headline }) };
}

/**
 * A link between two claims, named by their slugs; `note` only for a link that has one, so that
 * exports of links without notes stay as they were.
 */
export function toLinkRecord(row: {
  from: string;
  to: string;
  kind: LinkKind;
  note: string | null;
}): LinkRecord {
  return { from: row.from, kind: row.kind, to: row.to, ...(row.note ? { note: row.note } : {}) };
}

export function toStatusRecord(row: StatusHistoryRow & { claimSlug: string }): StatusRecord {
  return {
    claim: row.claimSlug,
    status: row.status,
    previousStatus: row.previousStatus,
    note: row.note,
    // Who recorded it is not carried over: an import is attributed to the key that imports it.
    changedAt: row.changedAt,
  };
}

// --- Import: record (+ the ids its references resolved to) → command input -------------------

export function quoteValuesOf(
  record: QuoteRecord,
  ids: { sourceId: string; speakerId: string | null; originalSourceId: string | null },
): QuoteValues {
  return {
    sourceId: ids.sourceId,
    exact: record.exact,
    start: record.start,
    end: record.end,
    speakerId: ids.speakerId,
    originalSourceId: ids.originalSourceId,
    wording: record.wording ?? 'verbatim',
  };
}

/** `quotes`: the record's quotes through quoteValuesOf, in order. */
export function claimUpsertOf(
  record: ClaimRecord,
  ids: { id: string; claimantId: string | null; quotes: QuoteValues[] },
): ClaimUpsert {
  return {
    values: {
      id: ids.id,
      slug: record.slug,
      text: record.text,
      language: record.language,
      claimantId: ids.claimantId,
      statedAt: record.statedAt,
      // Absent stays absent: a stored claim then keeps its verdict.
      ...(record.status === undefined ? {} : { status: record.status }),
      ...(record.statusNote === undefined ? {} : { statusNote: record.statusNote }),
      // Absent is the default, as the export leaves it out.
      attribution: record.attribution ?? 'stated',
      attributionNote: record.attributionNote ?? null,
      statedAtNote: record.statedAtNote ?? null,
    },
    tags: [...new Set(record.tags)].sort(),
    quotes: ids.quotes,
    // Absent stays absent: a stored claim then keeps its review.
    ...(record.review === undefined ? {} : { review: reviewOfRecord(record.review) }),
  };
}

export function linkValuesOf(
  record: LinkRecord,
  ids: { fromClaimId: string; toClaimId: string },
): LinkValues {
  return {
    fromClaimId: ids.fromClaimId,
    toClaimId: ids.toClaimId,
    kind: record.kind,
    // Absent stays absent: a stored link then keeps its note.
    ...(record.note === undefined ? {} : { note: record.note }),
  };
}

/**
 * The entry for appendImportedStatus; its time is `record.changedAt`, kept as data. Its author is
 * not taken from the record: the command names the key that imports it.
 */
export function statusEntryOf(
  record: StatusRecord,
  claimId: string,
): Omit<StatusEntry, 'changedBy'> {
  return {
    claimId,
    status: record.status,
    previousStatus: record.previousStatus ?? null,
    note: record.note ?? null,
  };
}

/**
 * A record's review as the commands keep it: an absent headline is none. Fields in the order the
 * repository reads them (reviewColumns), for a stored review is compared with it as JSON.
 */
function reviewOfRecord(review: ReviewRecord | null): ImportedReview | null {
  if (review === null) return null;
  return {
    publisher: review.publisher,
    label: review.label,
    ratingValue: review.ratingValue,
    bestRating: review.bestRating,
    worstRating: review.worstRating,
    score: review.score,
    headline: review.headline ?? null,
  };
}
