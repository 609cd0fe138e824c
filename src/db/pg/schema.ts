import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
} from 'drizzle-orm/pg-core';
import {
  ACTOR_KINDS,
  AUDIT_ACTIONS,
  AUDIT_ENTITY_TYPES,
  CLAIM_ATTRIBUTIONS,
  CLAIM_STATUSES,
  EVIDENCE_STANCES,
  KEY_ROLES,
  LINK_KINDS,
  QUOTE_WORDINGS,
  SOURCE_KINDS,
} from '../../lib/vocabulary.js';

/*
 * The record on PostgreSQL: the tables, columns, constraints and named indexes of the SQLite
 * schema (src/db/schema.ts, where each is explained), which test/schema-parity.test.ts holds it
 * to. Types are PostgreSQL's own where they differ: row keys are identities, JSON is `json` (kept
 * as written, so that an export is the same byte for byte) or `jsonb`. Dates stay ISO text: a
 * claim's date may be only a year or a month, and text sorts them as SQLite does.
 */

const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`);

const timestamps = {
  version: integer('version').notNull().default(1),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
};

const storedCount = (column: string) => integer(column).notNull().default(0);
const notNegative = (column: string) => sql.raw(`${column} >= 0`);
/** A row key: 64 bits as in SQLite, read as a JS number (far below 2^53 in any record). */
const rowKey = (column: string) => bigint(column, { mode: 'number' });

export const actors = pgTable(
  'actors',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    kind: text('kind', { enum: ACTOR_KINDS }).notNull(),
    name: text('name').notNull(),
    description: text('description'),
    aliases: jsonb('aliases').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    affiliationId: text('affiliation_id').references((): AnyPgColumn => actors.id),
    claimCount: storedCount('claim_count'),
    ...timestamps,
  },
  (t) => [
    check('actors_kind_check', oneOf('kind', ACTOR_KINDS)),
    check('actors_claim_count_check', notNegative('claim_count')),
    index('actors_kind_slug_idx').on(t.kind, t.slug),
    index('actors_name_idx').on(t.name),
    index('actors_affiliation_id_idx').on(t.affiliationId),
    index('actors_claim_count_idx')
      .on(t.claimCount.desc().nullsFirst(), t.slug)
      .where(sql`claim_count > 0`),
  ],
);

export const sources = pgTable(
  'sources',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
    title: text('title'),
    description: text('description'),
    url: text('url').unique(),
    publisher: text('publisher'),
    publishedAt: text('published_at'),
    text: text('text'),
    quoteCount: storedCount('quote_count'),
    ...timestamps,
    /** How `publishedAt` was worked out, when the source does not give the date as such. */
    publishedAtNote: text('published_at_note'),
  },
  (t) => [
    check('sources_kind_check', oneOf('kind', SOURCE_KINDS)),
    check('sources_quote_count_check', notNegative('quote_count')),
    index('sources_kind_slug_idx').on(t.kind, t.slug),
  ],
);

export const claims = pgTable(
  'claims',
  {
    seq: rowKey('seq').primaryKey().generatedByDefaultAsIdentity(),
    id: text('id').notNull().unique(),
    slug: text('slug').notNull().unique(),
    text: text('text').notNull(),
    language: text('language').notNull().default('en'),
    /** Null when no author is named: the claim is its quotes' source's own statement. */
    claimantId: text('claimant_id').references(() => actors.id),
    statedAt: text('stated_at').notNull(),
    status: text('status', { enum: CLAIM_STATUSES }).notNull().default('unverified'),
    statusNote: text('status_note'),
    rebuttalCount: storedCount('rebuttal_count'),
    supporterCount: storedCount('supporter_count'),
    rebutsCount: storedCount('rebuts_count'),
    supportsCount: storedCount('supports_count'),
    evidenceCount: storedCount('evidence_count'),
    ...timestamps,
    attribution: text('attribution', { enum: CLAIM_ATTRIBUTIONS }).notNull().default('stated'),
    /** Why the claimant is inferred, when it is. */
    attributionNote: text('attribution_note'),
    /** How `statedAt` was worked out, when the source does not give the date as such. */
    statedAtNote: text('stated_at_note'),
  },
  (t) => [
    check('claims_status_check', oneOf('status', CLAIM_STATUSES)),
    check('claims_attribution_check', oneOf('attribution', CLAIM_ATTRIBUTIONS)),
    check('claims_rebuttal_count_check', notNegative('rebuttal_count')),
    check('claims_supporter_count_check', notNegative('supporter_count')),
    check('claims_rebuts_count_check', notNegative('rebuts_count')),
    check('claims_supports_count_check', notNegative('supports_count')),
    check('claims_evidence_count_check', notNegative('evidence_count')),
    index('claims_stated_at_idx').on(t.statedAt, t.seq),
    index('claims_created_at_idx').on(t.createdAt, t.seq),
    index('claims_claimant_stated_at_idx').on(t.claimantId, t.statedAt, t.seq),
    index('claims_claimant_created_at_idx').on(t.claimantId, t.createdAt, t.seq),
    // A status's walk tests the language from its index, and a language's the status: the claim is
    // read only when both hold (a page of one language and status reads a fraction of the rows).
    index('claims_status_stated_at_idx').on(t.status, t.statedAt, t.seq, t.language),
    index('claims_status_created_at_idx').on(t.status, t.createdAt, t.seq, t.language),
    index('claims_language_stated_at_idx').on(t.language, t.statedAt, t.seq, t.status),
    index('claims_language_created_at_idx').on(t.language, t.createdAt, t.seq, t.status),
  ],
);

export const claimTags = pgTable(
  'claim_tags',
  {
    claimId: text('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    claimSeq: rowKey('claim_seq').notNull().default(0),
    statedAt: text('stated_at').notNull().default(''),
    createdAt: text('created_at').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.claimId, t.tag] }),
    index('claim_tags_stated_at_idx').on(t.tag, t.statedAt, t.claimSeq),
    index('claim_tags_created_at_idx').on(t.tag, t.createdAt, t.claimSeq),
  ],
);

export const tagCounts = pgTable(
  'tag_counts',
  {
    tag: text('tag').primaryKey(),
    claimCount: integer('claim_count').notNull(),
  },
  (t) => [
    check('tag_counts_claim_count_check', notNegative('claim_count')),
    index('tag_counts_claim_count_idx').on(t.claimCount.desc().nullsFirst(), t.tag),
  ],
);

export const languageCounts = pgTable(
  'language_counts',
  {
    language: text('language').primaryKey(),
    claimCount: integer('claim_count').notNull(),
  },
  () => [check('language_counts_claim_count_check', notNegative('claim_count'))],
);

export const statusCounts = pgTable(
  'status_counts',
  {
    status: text('status', { enum: CLAIM_STATUSES }).primaryKey(),
    claimCount: integer('claim_count').notNull().default(0),
  },
  () => [
    check('status_counts_status_check', oneOf('status', CLAIM_STATUSES)),
    check('status_counts_claim_count_check', notNegative('claim_count')),
  ],
);

export const quotes = pgTable(
  'quotes',
  {
    id: text('id').primaryKey(),
    claimId: text('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    sourceId: text('source_id')
      .notNull()
      .references(() => sources.id),
    exact: text('exact').notNull(),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
    speakerId: text('speaker_id').references(() => actors.id),
    originalSourceId: text('original_source_id').references(() => sources.id),
    wording: text('wording', { enum: QUOTE_WORDINGS }).notNull().default('verbatim'),
  },
  (t) => [
    check('quotes_offsets_check', sql`start >= 0 AND "end" > start`),
    check('quotes_wording_check', oneOf('wording', QUOTE_WORDINGS)),
    unique('quotes_claim_id_position_unique').on(t.claimId, t.position),
    index('quotes_source_id_idx').on(t.sourceId),
    index('quotes_speaker_id_idx').on(t.speakerId),
    index('quotes_original_source_id_idx').on(t.originalSourceId),
  ],
);

export const sourceClaims = pgTable(
  'source_claims',
  {
    sourceId: text('source_id').notNull(),
    claimId: text('claim_id').notNull(),
    claimSeq: rowKey('claim_seq').notNull(),
    statedAt: text('stated_at').notNull(),
    createdAt: text('created_at').notNull(),
    quotes: integer('quotes').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.claimId] }),
    index('source_claims_stated_at_idx').on(t.sourceId, t.statedAt, t.claimSeq),
    index('source_claims_created_at_idx').on(t.sourceId, t.createdAt, t.claimSeq),
    index('source_claims_claim_id_idx').on(t.claimId),
  ],
);

export const claimLinks = pgTable(
  'claim_links',
  {
    fromClaimId: text('from_claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    toClaimId: text('to_claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: LINK_KINDS }).notNull(),
    createdAt: text('created_at').notNull(),
    fromSeq: rowKey('from_seq'),
    fromStatedAt: text('from_stated_at'),
    fromCreatedAt: text('from_created_at'),
    // Added after the sort keys, where a migration puts a new column.
    /** Why the link was drawn: what in the one claim answers or backs the other. */
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.fromClaimId, t.toClaimId] }),
    check('claim_links_kind_check', oneOf('kind', LINK_KINDS)),
    check('claim_links_no_self_check', sql`from_claim_id <> to_claim_id`),
    index('claim_links_to_claim_kind_created_idx').on(
      t.toClaimId,
      t.kind,
      t.createdAt,
      t.fromClaimId,
    ),
    index('claim_links_from_claim_kind_created_idx').on(
      t.fromClaimId,
      t.kind,
      t.createdAt,
      t.toClaimId,
    ),
    index('claim_links_to_claim_kind_stated_at_idx').on(
      t.toClaimId,
      t.kind,
      t.fromStatedAt,
      t.fromSeq,
    ),
    index('claim_links_to_claim_kind_from_created_idx').on(
      t.toClaimId,
      t.kind,
      t.fromCreatedAt,
      t.fromSeq,
    ),
  ],
);

export const evidence = pgTable(
  'evidence',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    claimId: text('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    stance: text('stance', { enum: EVIDENCE_STANCES }).notNull(),
    summary: text('summary').notNull(),
    sourceId: text('source_id').references(() => sources.id),
    quoteExact: text('quote_exact'),
    quoteStart: integer('quote_start'),
    quoteEnd: integer('quote_end'),
    url: text('url'),
    ...timestamps,
  },
  (t) => [
    check('evidence_stance_check', oneOf('stance', EVIDENCE_STANCES)),
    check(
      'evidence_quote_check',
      sql`(quote_exact IS NULL AND quote_start IS NULL AND quote_end IS NULL) OR (source_id IS NOT NULL AND quote_exact IS NOT NULL AND quote_start >= 0 AND quote_end > quote_start)`,
    ),
    // A claim's evidence in the order its list pages it, the foreign key's index too.
    index('evidence_claim_order_idx').on(t.claimId, t.createdAt, t.slug),
    index('evidence_source_id_idx').on(t.sourceId),
  ],
);

export const isVerdictChange = sql.raw(`previous_status IS NOT NULL OR status <> 'unverified'`);

export const statusHistory = pgTable(
  'status_history',
  {
    id: rowKey('id').primaryKey().generatedByDefaultAsIdentity(),
    claimId: text('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    status: text('status', { enum: CLAIM_STATUSES }).notNull(),
    previousStatus: text('previous_status', { enum: CLAIM_STATUSES }),
    note: text('note'),
    changedBy: text('changed_by'),
    changedAt: text('changed_at').notNull(),
  },
  (t) => [
    check('status_history_status_check', oneOf('status', CLAIM_STATUSES)),
    check(
      'status_history_previous_status_check',
      sql`previous_status IS NULL OR ${oneOf('previous_status', CLAIM_STATUSES)}`,
    ),
    index('status_history_claim_id_idx').on(t.claimId, t.id),
    index('status_history_changed_at_idx').on(t.changedAt),
    index('status_history_verdicts_idx').on(t.changedAt).where(isVerdictChange),
  ],
);

export const claimProvenance = pgTable(
  'claim_provenance',
  {
    claimId: text('claim_id')
      .primaryKey()
      .references(() => claims.id, { onDelete: 'cascade' }),
    format: text('format').notNull(),
    url: text('url').notNull().unique(),
    importedAt: text('imported_at').notNull(),
    document: json('document').$type<unknown>().notNull(),
  },
  () => [],
);

export const claimReviews = pgTable(
  'claim_reviews',
  {
    claimId: text('claim_id')
      .primaryKey()
      .references(() => claims.id, { onDelete: 'cascade' }),
    publisher: text('publisher'),
    label: text('label'),
    ratingValue: doublePrecision('rating_value'),
    bestRating: doublePrecision('best_rating'),
    worstRating: doublePrecision('worst_rating'),
    score: doublePrecision('score'),
    /** The review's own title (its `headline`, else its `name`): searched as the claim's words. */
    headline: text('headline'),
  },
  () => [check('claim_reviews_score_check', sql`score IS NULL OR (score >= 0 AND score <= 1)`)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull().unique(),
    role: text('role', { enum: KEY_ROLES }).notNull(),
    secretHash: text('secret_hash').notNull(),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  () => [check('api_keys_role_check', oneOf('role', KEY_ROLES))],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: rowKey('id').primaryKey().generatedByDefaultAsIdentity(),
    at: text('at').notNull(),
    keyName: text('key_name'),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    entityType: text('entity_type', { enum: AUDIT_ENTITY_TYPES }).notNull(),
    entityId: text('entity_id').notNull(),
    changes: json('changes').$type<Record<string, { before: unknown; after: unknown }>>().notNull(),
  },
  (t) => [
    check('audit_log_action_check', oneOf('action', AUDIT_ACTIONS)),
    check('audit_log_entity_type_check', oneOf('entity_type', AUDIT_ENTITY_TYPES)),
    index('audit_log_entity_id_idx').on(t.entityId, t.at, t.id),
    index('audit_log_entity_type_idx').on(t.entityType, t.at, t.id),
    index('audit_log_at_idx').on(t.at, t.id),
  ],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    owner: text('owner').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    state: text('state', { enum: ['pending', 'done'] }).notNull(),
    statusCode: integer('status_code'),
    headers: jsonb('headers').$type<Record<string, string>>(),
    body: text('body'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.owner, t.key] }),
    check('idempotency_keys_state_check', sql`state IN ('pending', 'done')`),
    index('idempotency_keys_created_at_idx').on(t.createdAt),
  ],
);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * PostgreSQL's counterpart of SQLite's FTS5 `claim_search`: each claim's words, weighted (text A,
 * tags B, quotes C), kept by triggers in the write's transaction (migrations-pg, hand-written).
 */
export const claimSearch = pgTable(
  'claim_search',
  {
    claimSeq: rowKey('claim_seq')
      .primaryKey()
      .references(() => claims.seq, { onDelete: 'cascade' }),
    document: tsvector('document').notNull(),
  },
  (t) => [index('claim_search_document_idx').using('gin', t.document)],
);
