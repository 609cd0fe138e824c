import { z } from 'zod';
import { PageQuerySchema, pageOf, SlugSchema, TimestampSchema } from '../../lib/api-schemas.js';
import { PartialIsoDateSchema } from '../../lib/dates.js';
import { SOURCE_KINDS } from '../../lib/vocabulary.js';

export const SourceKindSchema = z.enum(SOURCE_KINDS).meta({ id: 'SourceKind' });

export const SourceSummarySchema = z
  .object({
    id: z.string(),
    slug: SlugSchema,
    kind: SourceKindSchema,
    title: z
      .string()
      .nullable()
      .describe('The title the source gives itself; null when it has none'),
    description: z.string().nullable().describe('What the source is, e.g. "Tweet by Javad Zarif"'),
  })
  .meta({
    id: 'SourceSummary',
    description: 'Where a statement appears, as lists and quotes show it',
  });

export const SourceSchema = SourceSummarySchema.extend({
  url: z.string().nullable(),
  publisher: z.string().nullable(),
  publishedAt: PartialIsoDateSchema.nullable(),
  hasText: z.boolean().describe('Whether the full text is recorded (see GET /sources/{id})'),
  quoteCount: z.number().int().describe('Quotes anchored in this source’s text'),
  version: z.number().int(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
}).meta({ id: 'Source', description: 'An article, speech, post, interview, op-ed…' });

export const SourceDetailSchema = SourceSchema.extend({
  text: z
    .string()
    .nullable()
    .describe('Full text; quotes are anchored in it by code-point offsets'),
}).meta({ id: 'SourceDetail' });

export const SourceListQuerySchema = PageQuerySchema.extend({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Words in the title, description, publisher, url or slug'),
  kind: SourceKindSchema.optional(),
});

export const SourcePageSchema = pageOf(SourceSchema, 'SourcePage');

export type SourceSummary = z.infer<typeof SourceSummarySchema>;
export type Source = z.infer<typeof SourceSchema>;
export type SourceDetail = z.infer<typeof SourceDetailSchema>;
export type SourceListQuery = z.infer<typeof SourceListQuerySchema>;
