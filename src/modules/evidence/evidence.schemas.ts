import { z } from 'zod';
import {
  AnchorSchema,
  pageOf,
  QuoteSelectorSchema,
  RefSchema,
  SlugSchema,
  TimestampSchema,
} from '../../lib/api-schemas.js';
import { EVIDENCE_STANCES } from '../../lib/vocabulary.js';
import { SourceSummarySchema } from '../sources/sources.schemas.js';

export const EvidenceStanceSchema = z.enum(EVIDENCE_STANCES).meta({ id: 'EvidenceStance' });

export const EvidenceSchema = z
  .object({
    id: z.string(),
    slug: SlugSchema,
    claimId: z.string(),
    stance: EvidenceStanceSchema.describe('How the item bears on the claim'),
    summary: z.string(),
    source: SourceSummarySchema.nullable(),
    quote: z
      .object({ exact: z.string(), start: z.number().int().min(0), end: z.number().int().min(0) })
      .nullable()
      .describe('Exact words of the source at code-point offsets [start, end)'),
    url: z.string().nullable(),
    version: z.number().int().min(1),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({
    id: 'Evidence',
    description: 'An item that supports, refutes or gives context to a claim',
  });

export const EvidenceListSchema = pageOf(EvidenceSchema, 'EvidenceList').describe(
  'The evidence of a claim, oldest first (then by slug)',
);

export type Evidence = z.infer<typeof EvidenceSchema>;

/** The fields a client sets on evidence; the bundle format and the write API share them. */
export const evidenceFields = {
  stance: EvidenceStanceSchema,
  summary: z.string().trim().min(1).max(5000),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable(),
};

const EvidenceQuoteInputSchema = QuoteSelectorSchema.describe(
  'Words of the source, anchored by the server like a claim’s quotes',
);

export const EvidenceCreateSchema = z
  .strictObject({
    slug: SlugSchema.optional().describe('Made from the summary when absent'),
    stance: evidenceFields.stance,
    summary: evidenceFields.summary,
    sourceId: RefSchema.nullable().optional().describe('Id or slug of the source it cites'),
    quote: EvidenceQuoteInputSchema.nullable().optional().describe('Needs `sourceId`'),
    url: evidenceFields.url.optional(),
  })
  .meta({ id: 'EvidenceCreate' });

export const EvidencePatchSchema = z
  .strictObject({
    slug: SlugSchema,
    ...evidenceFields,
    sourceId: RefSchema.nullable(),
    quote: EvidenceQuoteInputSchema.nullable(),
  })
  .partial()
  .meta({ id: 'EvidencePatch', description: 'Fields to change; null clears an optional one' });

export type EvidenceCreate = z.infer<typeof EvidenceCreateSchema>;
export type EvidencePatch = z.infer<typeof EvidencePatchSchema>;

/** Evidence in a bundle: the claim and source named by slug (or id), the quote as stored. */
export const EvidenceRecordSchema = z.strictObject({
  id: z.string().startsWith('evd_').optional(),
  slug: SlugSchema,
  claim: RefSchema,
  stance: evidenceFields.stance,
  summary: evidenceFields.summary,
  source: RefSchema.nullish(),
  quote: AnchorSchema.nullish(),
  url: evidenceFields.url.optional(),
});

export type EvidenceRecord = z.infer<typeof EvidenceRecordSchema>;
