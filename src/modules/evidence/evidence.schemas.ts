import { z } from 'zod';
import { SlugSchema, TimestampSchema } from '../../lib/api-schemas.js';
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
      .object({ exact: z.string(), start: z.number().int(), end: z.number().int() })
      .nullable()
      .describe('Exact words of the source at code-point offsets [start, end)'),
    url: z.string().nullable(),
    version: z.number().int(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({
    id: 'Evidence',
    description: 'An item that supports, refutes or gives context to a claim',
  });

export const EvidenceListSchema = z
  .object({ items: z.array(EvidenceSchema) })
  .meta({ id: 'EvidenceList', description: 'All evidence of a claim, oldest first' });

export type Evidence = z.infer<typeof EvidenceSchema>;
