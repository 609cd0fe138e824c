import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  unique,
} from 'drizzle-orm/sqlite-core';
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
} from '../lib/vocabulary.js';

/** `col IN ('a','b')` for a CHECK constraint; the values are our own constants, never user input. */
const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`);

const timestamps = {
  version: integer('version').notNull().default(1),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
};

/**
 * A count of other rows, kept by the commands in the write's own transaction so that reads never
 * count (see the modules' `*.counts.ts`). Its CHECK is written on the column by the migration: a
 * table-level one would make drizzle-kit rebuild the table, which inside the migration's
 * transaction would cascade-delete every row referring to it.
 */
const storedCount = (column: string) => integer(column).notNull().default(0);
const notNegative = (column: string) => sql.raw(`${column} >= 0`);

export const actors = sqliteTable(
  'actors',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    kind: text('kind', { enum: ACTOR_KINDS }).notNull(),
    name: text('name').notNull(),
    description: text('description'),
    aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    affiliationId: text('affiliation_id').references((): AnySQLiteColumn => actors.id),
    /** Claims naming the actor as claimant. */
    claimCount: storedCount('claim_count'),
    ...timestamps,
  },
  (t) => [
    check('actors_kind_check', oneOf('kind', ACTOR_KINDS)),
    check('actors_claim_count_check', notNegative('claim_count')),
    index('actors_kind_slug_idx').on(t.kind, t.slug),
    index('actors_name_idx').on(t.name),
    index('actors_affiliation_id_idx').on(t.affiliationId),
    // The claimants of /stats, most claims first, read in order: only actors with claims.
    index('actors_claim_count_idx').on(sql`claim_count DESC`, t.slug).where(sql`claim_count > 0`),
  ],
);

export const sources = sqliteTable(
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
    /** Quotes anchored in its text, plus quotes naming it as where the words were first said. */
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

export const claims = sqliteTable(
  'claims',
  {
    // Stable integer row key: the full-text index and cursors point at it (a VACUUM keeps it).
    seq: integer('seq').primaryKey(),
    id: text('id').notNull().unique(),
    slug: text('slug').notNull().unique(),
    text: text('text').notNull(),
    language: text('language').notNull().default('en'),
    /** Null when no author is named: the claim is its quotes' source's own statement. */
    claimantId: text('claimant_id').references(() => actors.id),
    statedAt: text('stated_at').notNull(),
    status: text('status', { enum: CLAIM_STATUSES }).notNull().default('unverified'),
    statusNote: text('status_note'),
    /** Claims linked to this one as rebutting it. */
    rebuttalCount: storedCount('rebuttal_count'),
    /** Claims linked to this one as supporting it. */
    supporterCount: storedCount('supporter_count'),
    /** Claims this one is linked to as rebutting them. */
    rebutsCount: storedCount('rebuts_count'),
    /** Claims this one is linked to as supporting them. */
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
    // Each list filter that can drive a page has an index per sort key, so that a page is an
    // ordered walk that stops when full, never a sort of every match.
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

/**
 * A claim's tags, each with the claim's sort keys: a tag's claims are walked in any sort's order
 * and a page reads only its rows. The commands write the keys with the tag; a trigger (migration
 * 0009) moves them with the claim's dates. Their defaults only let the migration add the columns.
 */
export const claimTags = sqliteTable(
  'claim_tags',
  {
    claimId: text('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    claimSeq: integer('claim_seq').notNull().default(0),
    statedAt: text('stated_at').notNull().default(''),
    createdAt: text('created_at').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.claimId, t.tag] }),
    index('claim_tags_stated_at_idx').on(t.tag, t.statedAt, t.claimSeq),
    index('claim_tags_created_at_idx').on(t.tag, t.createdAt, t.claimSeq),
  ],
);

/** Claims carrying each tag; a tag no claim carries has no row. */
export const tagCounts = sqliteTable(
  'tag_counts',
  {
    tag: text('tag').primaryKey(),
    claimCount: integer('claim_count').notNull(),
  },
  (t) => [
    check('tag_counts_claim_count_check', notNegative('claim_count')),
    // /tags, most used first, read in order.
    index('tag_counts_claim_count_idx').on(sql`claim_count DESC`, t.tag),
  ],
);

/**
 * Claims in each language, a row per language with claims: a list filtered by language and other
 * sets is walked through the smallest of them.
 */
export const languageCounts = sqliteTable(
  'language_counts',
  {
    language: text('language').primaryKey(),
    claimCount: integer('claim_count').notNull(),
  },
  () => [check('language_counts_claim_count_check', notNegative('claim_count'))],
);

/** Claims having each status. */
export const statusCounts = sqliteTable(
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

/** Where a claim appears: exact words of a source's text at code-point offsets [start, end). */
export const quotes = sqliteTable(
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

/**
 * Each claim quoting a source (in a quote's source or its original source), with the claim's sort
 * keys: a source's claims are walked in any sort's order and a page reads only its rows. Derived
 * from quotes and claims by triggers (migration 0008), never written by the commands.
 */
export const sourceClaims = sqliteTable(
  'source_claims',
  {
    sourceId: text('source_id').notNull(),
    claimId: text('claim_id').notNull(),
    claimSeq: integer('claim_seq').notNull(),
    statedAt: text('stated_at').notNull(),
    createdAt: text('created_at').notNull(),
    /** The claim's quotes naming the source: the row goes with the last. */
    quotes: integer('quotes').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.claimId] }),
    index('source_claims_stated_at_idx').on(t.sourceId, t.statedAt, t.claimSeq),
    index('source_claims_created_at_idx').on(t.sourceId, t.createdAt, t.claimSeq),
    index('source_claims_claim_id_idx').on(t.claimId),
  ],
);

/**
 * A claim that rebuts or supports another claim, with the linking claim's sort keys: a claim's
 * rebuttals (or supporters) are walked in any sort's order and a page reads only its rows. The
 * commands write the keys with the link; triggers (migration 0009) move them with the claim's
 * dates and fill them when the linking claim is written after its link (an import's forward
 * reference, checked at commit): null only until then.
 */
export const claimLinks = sqliteTable(
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
    fromSeq: integer('from_seq'),
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
    // A claim embeds its first links of each kind, oldest first, and walks no more of them.
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

export const evidence = sqliteTable(
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

/**
 * A status change that is a verdict: not a claim's automatic first entry (`unverified`, no
 * previous status). Raw column names: the partial index below holds exactly these rows, and a
 * query uses it only when its WHERE repeats this condition as written (no bound parameter).
 */
export const isVerdictChange = sql.raw(`previous_status IS NOT NULL OR status <> 'unverified'`);

/** Every status a claim has had; the first row is written when the claim is created. */
export const statusHistory = sqliteTable(
  'status_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    // The public verdict changes, newest first: a claim's automatic first entry is none, and an
    // import writes a million of them at one time, which a walk of every entry would step over.
    index('status_history_verdicts_idx').on(t.changedAt).where(isVerdictChange),
  ],
);

/** Where an imported claim came from: the publisher's document, kept whole so nothing is lost. */
export const claimProvenance = sqliteTable(
  'claim_provenance',
  {
    claimId: text('claim_id')
      .primaryKey()
      .references(() => claims.id, { onDelete: 'cascade' }),
    format: text('format').notNull(),
    url: text('url').notNull().unique(),
    importedAt: text('imported_at').notNull(),
    document: text('document', { mode: 'json' }).$type<unknown>().notNull(),
  },
  () => [],
);

/**
 * The rating an imported review gave its claim: as the publisher printed it (its label and
 * numbers, as they came) and as the importer read it (`score`, from 0 false to 1 true; null when
 * the rating is not about truth). Kept beside the claim so that imported ratings can be compared
 * across publishers and carried by exports.
 */
export const claimReviews = sqliteTable(
  'claim_reviews',
  {
    claimId: text('claim_id')
      .primaryKey()
      .references(() => claims.id, { onDelete: 'cascade' }),
    publisher: text('publisher'),
    label: text('label'),
    ratingValue: real('rating_value'),
    bestRating: real('best_rating'),
    worstRating: real('worst_rating'),
    score: real('score'),
    /** The review's own title (its `headline`, else its `name`): searched as the claim's words. */
    headline: text('headline'),
  },
  () => [check('claim_reviews_score_check', sql`score IS NULL OR (score >= 0 AND score <= 1)`)],
);

/** API keys: only a hash of the secret is kept; the key itself is shown once, when created. */
export const apiKeys = sqliteTable(
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

/** Every write, appended in the write's own transaction; rows outlive the entities they name. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    keyName: text('key_name'),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    entityType: text('entity_type', { enum: AUDIT_ENTITY_TYPES }).notNull(),
    entityId: text('entity_id').notNull(),
    changes: text('changes', { mode: 'json' })
      .$type<Record<string, { before: unknown; after: unknown }>>()
      .notNull(),
  },
  (t) => [
    check('audit_log_action_check', oneOf('action', AUDIT_ACTIONS)),
    check('audit_log_entity_type_check', oneOf('entity_type', AUDIT_ENTITY_TYPES)),
    index('audit_log_entity_id_idx').on(t.entityId, t.at, t.id),
    index('audit_log_entity_type_idx').on(t.entityType, t.at, t.id),
    index('audit_log_at_idx').on(t.at, t.id),
  ],
);

/** Responses to POSTs sent with an Idempotency-Key, replayed when the same request is retried. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    owner: text('owner').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    state: text('state', { enum: ['pending', 'done'] }).notNull(),
    statusCode: integer('status_code'),
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>(),
    body: text('body'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.owner, t.key] }),
    check('idempotency_keys_state_check', sql`state IN ('pending', 'done')`),
    index('idempotency_keys_created_at_idx').on(t.createdAt),
  ],
);

export type ClaimProvenanceRow = typeof claimProvenance.$inferSelect;
export type ClaimReviewRow = typeof claimReviews.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;
export type ActorRow = typeof actors.$inferSelect;
export type SourceRow = typeof sources.$inferSelect;
export type ClaimRow = typeof claims.$inferSelect;
export type QuoteRow = typeof quotes.$inferSelect;
export type ClaimLinkRow = typeof claimLinks.$inferSelect;
export type EvidenceRow = typeof evidence.$inferSelect;
export type StatusHistoryRow = typeof statusHistory.$inferSelect;
