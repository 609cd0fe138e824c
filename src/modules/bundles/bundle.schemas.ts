import { z } from 'zod';
import { SlugSchema } from '../../lib/api-schemas.js';
import { PartialIsoDateSchema } from '../../lib/dates.js';
import { LanguageTagSchema } from '../../lib/language.js';
import {
  ACTOR_KINDS,
  CLAIM_STATUSES,
  EVIDENCE_STANCES,
  LINK_KINDS,
  SOURCE_KINDS,
} from '../../lib/vocabulary.js';

/**
 * The bundle: the whole record, or part of it, as one JSON document whose records reference each
 * other by slug (or id). The seed is a bundle; imports and exports speak the same format.
 */

const Ref = z.string().trim().min(1).max(200).describe('Slug or id of another record');
const Text = z.string().trim().min(1);
const Offset = z.number().int().min(0);

export const AnchorSchema = z.strictObject({
  exact: z.string().min(1),
  start: Offset,
  end: Offset,
});

export const ActorRecordSchema = z.strictObject({
  id: z.string().startsWith('act_').optional(),
  slug: SlugSchema,
  kind: z.enum(ACTOR_KINDS),
  name: Text,
  description: Text.nullish(),
  aliases: z.array(Text).default([]),
  affiliation: Ref.nullish(),
});

export const SourceRecordSchema = z.strictObject({
  id: z.string().startsWith('src_').optional(),
  slug: SlugSchema,
  kind: z.enum(SOURCE_KINDS),
  title: Text.nullish(),
  description: Text.nullish(),
  url: z.url().nullish(),
  publisher: Text.nullish(),
  publishedAt: PartialIsoDateSchema.nullish(),
  text: z.string().min(1).nullish(),
});

export const QuoteRecordSchema = AnchorSchema.extend({
  source: Ref.describe('The source whose text holds the words'),
  speaker: Ref.nullish(),
  originalSource: Ref.nullish(),
});

export const ClaimRecordSchema = z.strictObject({
  id: z.string().startsWith('clm_').optional(),
  slug: SlugSchema,
  text: Text,
  language: LanguageTagSchema.default('en'),
  claimant: Ref,
  statedAt: PartialIsoDateSchema,
  status: z.enum(CLAIM_STATUSES).default('unverified'),
  statusNote: Text.nullish(),
  tags: z.array(z.string().trim().toLowerCase().min(1).max(64)).default([]),
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
  stance: z.enum(EVIDENCE_STANCES),
  summary: Text,
  source: Ref.nullish(),
  quote: AnchorSchema.nullish(),
  url: z.url().nullish(),
});

export const BundleSchema = z.strictObject({
  format: z.literal('factcheck-bundle'),
  version: z.literal(1),
  actors: z.array(ActorRecordSchema).default([]),
  sources: z.array(SourceRecordSchema).default([]),
  claims: z.array(ClaimRecordSchema).default([]),
  links: z.array(LinkRecordSchema).default([]),
  evidence: z.array(EvidenceRecordSchema).default([]),
});

export type Bundle = z.infer<typeof BundleSchema>;
export type ActorRecord = z.infer<typeof ActorRecordSchema>;
export type SourceRecord = z.infer<typeof SourceRecordSchema>;
export type ClaimRecord = z.infer<typeof ClaimRecordSchema>;
export type QuoteRecord = z.infer<typeof QuoteRecordSchema>;
export type LinkRecord = z.infer<typeof LinkRecordSchema>;
export type EvidenceRecord = z.infer<typeof EvidenceRecordSchema>;

export const RECORD_TYPES = ['actors', 'sources', 'claims', 'links', 'evidence'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];
