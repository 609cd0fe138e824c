import { z } from 'zod';
import { SlugSchema, TimestampSchema } from '../../lib/api-schemas.js';
import { CLAIM_STATUSES, LINK_KINDS } from '../../lib/vocabulary.js';
import { actorFields } from '../actors/actors.schemas.js';
import { ClaimStatusSchema, claimFields } from '../claims/claims.schemas.js';
import { evidenceFields } from '../evidence/evidence.schemas.js';
import { sourceFields } from '../sources/sources.schemas.js';

/**
 * The bundle: the whole record, or part of it, as one JSON document whose records reference each
 * other by slug (or id). The seed is a bundle; imports and exports speak the same format. Record
 * fields are the write API's (one definition each); references are named without the `Id` suffix.
 */

const Ref = z.string().trim().min(1).max(200).describe('Slug or id of another record');
const Offset = z.number().int().min(0);

export const AnchorSchema = z.strictObject({
  exact: z.string().min(1),
  start: Offset,
  end: Offset,
});

export const ActorRecordSchema = z.strictObject({
  id: z.string().startsWith('act_').optional(),
  slug: SlugSchema,
  ...actorFields,
  description: actorFields.description.optional(),
  aliases: actorFields.aliases.default([]),
  affiliation: Ref.nullish(),
});

export const SourceRecordSchema = z.strictObject({
  id: z.string().startsWith('src_').optional(),
  slug: SlugSchema,
  kind: sourceFields.kind,
  title: sourceFields.title.optional(),
  description: sourceFields.description.optional(),
  url: sourceFields.url.optional(),
  publisher: sourceFields.publisher.optional(),
  publishedAt: sourceFields.publishedAt.optional(),
  text: sourceFields.text.optional(),
});

export const QuoteRecordSchema = AnchorSchema.extend({
  source: Ref.describe('The source whose text holds the words'),
  speaker: Ref.nullish(),
  originalSource: Ref.nullish(),
});

export const ClaimRecordSchema = z.strictObject({
  id: z.string().startsWith('clm_').optional(),
  slug: SlugSchema,
  text: claimFields.text,
  language: claimFields.language.default('en'),
  claimant: Ref,
  statedAt: claimFields.statedAt,
  status: ClaimStatusSchema.optional().describe(
    'Default `unverified` for a new claim; absent, a stored claim keeps its own',
  ),
  statusNote: z.string().trim().min(1).nullish(),
  tags: claimFields.tags.default([]),
  quotes: z.array(QuoteRecordSchema).default([]),
});

export const LinkRecordSchema = z.strictObject({
  from: Ref,
  kind: z.enum(LINK_KINDS),
  to: Ref,
});

export const EvidenceRecordSchema = z.strictObject({
  id: z.string().startsWith('evd_').optional(),
  slug: SlugSchema,
  claim: Ref,
  stance: evidenceFields.stance,
  summary: evidenceFields.summary,
  source: Ref.nullish(),
  quote: AnchorSchema.nullish(),
  url: evidenceFields.url.optional(),
});

/** One entry of a claim's status history; given for a claim, it replaces the automatic first one. */
export const StatusRecordSchema = z.strictObject({
  claim: Ref,
  status: z.enum(CLAIM_STATUSES),
  previousStatus: z.enum(CLAIM_STATUSES).nullish(),
  note: z.string().nullish(),
  changedBy: z.string().nullish(),
  changedAt: TimestampSchema,
});

export const BundleSchema = z.strictObject({
  format: z.literal('factcheck-bundle'),
  version: z.literal(1),
  actors: z.array(ActorRecordSchema).default([]),
  sources: z.array(SourceRecordSchema).default([]),
  claims: z.array(ClaimRecordSchema).default([]),
  links: z.array(LinkRecordSchema).default([]),
  evidence: z.array(EvidenceRecordSchema).default([]),
  quotes: z.array(QuoteRecordSchema.extend({ claim: Ref })).default([]),
  statuses: z.array(StatusRecordSchema).default([]),
});

export type Bundle = z.infer<typeof BundleSchema>;
export type ActorRecord = z.infer<typeof ActorRecordSchema>;
export type SourceRecord = z.infer<typeof SourceRecordSchema>;
export type ClaimRecord = z.infer<typeof ClaimRecordSchema>;
export type LinkRecord = z.infer<typeof LinkRecordSchema>;
export type EvidenceRecord = z.infer<typeof EvidenceRecordSchema>;
export type StatusRecord = z.infer<typeof StatusRecordSchema>;

/** One record of an import, as an NDJSON line carries it: a bundle record with its `type`. */
export const ImportRecordSchema = z.discriminatedUnion('type', [
  ActorRecordSchema.extend({ type: z.literal('actor') }),
  SourceRecordSchema.extend({ type: z.literal('source') }),
  ClaimRecordSchema.extend({ type: z.literal('claim') }),
  QuoteRecordSchema.extend({ type: z.literal('quote'), claim: Ref }),
  LinkRecordSchema.extend({ type: z.literal('link') }),
  EvidenceRecordSchema.extend({ type: z.literal('evidence') }),
  StatusRecordSchema.extend({ type: z.literal('status') }),
]);

export type ImportRecord = z.infer<typeof ImportRecordSchema>;
export type ImportRecordType = ImportRecord['type'];

/** The bundle's collections and the record type each holds. */
export const COLLECTION_TYPES = {
  actors: 'actor',
  sources: 'source',
  claims: 'claim',
  quotes: 'quote',
  links: 'link',
  evidence: 'evidence',
  statuses: 'status',
} as const satisfies Record<string, ImportRecordType>;

export const RECORD_TYPES = Object.keys(COLLECTION_TYPES) as (keyof typeof COLLECTION_TYPES)[];
export type RecordType = keyof typeof COLLECTION_TYPES;
