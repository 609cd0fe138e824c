import { z } from 'zod';
import { PageQuerySchema, pageOf, SlugSchema, TimestampSchema } from '../../lib/api-schemas.js';
import { PartialIsoDateSchema } from '../../lib/dates.js';
import { SOURCE_KINDS } from '../../lib/vocabulary.js';

export const SourceKindSchema = z
  .enum(SOURCE_KINDS)
  .meta({ id: 'SourceKind', description: 'What kind of publication the source is' });

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
  publishedAtNote: z
    .string()
    .nullable()
    .describe('How `publishedAt` was worked out, when the source does not give the date as such'),
  hasText: z.boolean().describe('Whether the full text is recorded (see GET /sources/{id})'),
  quoteCount: z
    .number()
    .int()
    .min(0)
    .describe(
      'Quotes anchored in this source’s text, or naming it as where the words were first said',
    ),
  version: z.number().int().min(1),
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
  kind: SourceKindSchema.optional().describe('Only sources of this kind'),
});

export const SourcePageSchema = pageOf(SourceSchema, 'SourcePage');

export type SourceSummary = z.infer<typeof SourceSummarySchema>;
export type Source = z.infer<typeof SourceSchema>;
export type SourceDetail = z.infer<typeof SourceDetailSchema>;
export type SourceListQuery = z.infer<typeof SourceListQuerySchema>;

/** The fields a client sets on a source; the bundle format and the write API share them. */
export const sourceFields = {
  kind: SourceKindSchema,
  title: z.string().trim().min(1).max(1000).nullable(),
  description: z.string().trim().min(1).max(2000).nullable(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable(),
  publisher: z.string().trim().min(1).max(300).nullable(),
  publishedAt: PartialIsoDateSchema.nullable(),
  publishedAtNote: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .nullable()
    .describe('How `publishedAt` was worked out, when the source does not give the date as such'),
  text: z.string().min(1).nullable().describe('Full text; quotes are anchored in it'),
};

export const SourceCreateSchema = z
  .strictObject({
    slug: SlugSchema.optional().describe('Made from the title (or description) when absent'),
    kind: sourceFields.kind,
    title: sourceFields.title.optional(),
    description: sourceFields.description.optional(),
    url: sourceFields.url.optional(),
    publisher: sourceFields.publisher.optional(),
    publishedAt: sourceFields.publishedAt.optional(),
    publishedAtNote: sourceFields.publishedAtNote.optional(),
    text: sourceFields.text.optional(),
  })
  .meta({ id: 'SourceCreate' });

export const SourcePatchSchema = z
  .strictObject({ slug: SlugSchema, ...sourceFields })
  .partial()
  .meta({
    id: 'SourcePatch',
    description:
      'Fields to change; null clears an optional one. A new text must still hold every quote.',
  });

export type SourceCreate = z.infer<typeof SourceCreateSchema>;
export type SourcePatch = z.infer<typeof SourcePatchSchema>;

/** A source in a bundle (import and export), its text included. */
export const SourceRecordSchema = z.strictObject({
  id: z.string().startsWith('src_').optional(),
  slug: SlugSchema,
  kind: sourceFields.kind,
  title: sourceFields.title.optional(),
  description: sourceFields.description.optional(),
  url: sourceFields.url.optional(),
  publisher: sourceFields.publisher.optional(),
  publishedAt: sourceFields.publishedAt.optional(),
  publishedAtNote: sourceFields.publishedAtNote.optional(),
  text: sourceFields.text.optional(),
});

export type SourceRecord = z.infer<typeof SourceRecordSchema>;
