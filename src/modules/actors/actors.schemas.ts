import { z } from 'zod';
import {
  PageQuerySchema,
  pageOf,
  RefSchema,
  SlugSchema,
  TimestampSchema,
} from '../../lib/api-schemas.js';
import { ACTOR_KINDS } from '../../lib/vocabulary.js';

export const ActorKindSchema = z.enum(ACTOR_KINDS).meta({
  id: 'ActorKind',
  description: 'A person, or an organisation (a government, a ministry, an institute)',
});

export const ActorSummarySchema = z
  .object({
    id: z.string(),
    slug: SlugSchema,
    name: z.string(),
    kind: ActorKindSchema,
  })
  .meta({ id: 'ActorSummary', description: 'Who an actor is, as lists and links show it' });

export const ActorSchema = ActorSummarySchema.extend({
  description: z.string().nullable().describe('Role, e.g. "US Secretary of State"'),
  aliases: z.array(z.string()).describe('Other names, handles'),
  affiliation: ActorSummarySchema.nullable().describe('The organisation the actor belongs to'),
  claimCount: z.number().int().min(0).describe('Claims this actor made'),
  version: z.number().int().min(1),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
}).meta({ id: 'Actor', description: 'A person or organisation that makes claims' });

export const ActorListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().min(1).max(200).optional().describe('Words in the name, aliases or slug'),
  kind: ActorKindSchema.optional().describe('Only actors of this kind'),
});

export const ActorPageSchema = pageOf(ActorSchema, 'ActorPage');

export type ActorSummary = z.infer<typeof ActorSummarySchema>;
export type Actor = z.infer<typeof ActorSchema>;
export type ActorListQuery = z.infer<typeof ActorListQuerySchema>;

/** The fields a client sets on an actor; the bundle format and the write API share them. */
export const actorFields = {
  kind: ActorKindSchema,
  name: z.string().trim().min(1).max(300),
  description: z.string().trim().min(1).max(2000).nullable(),
  aliases: z.array(z.string().trim().min(1).max(300)).max(100),
};

export const ActorCreateSchema = z
  .strictObject({
    slug: SlugSchema.optional().describe('Made from the name when absent'),
    ...actorFields,
    description: actorFields.description.optional(),
    aliases: actorFields.aliases.optional(),
    affiliationId: RefSchema.nullable().optional().describe('Id or slug of the organisation'),
  })
  .meta({ id: 'ActorCreate' });

export const ActorPatchSchema = z
  .strictObject({
    slug: SlugSchema,
    ...actorFields,
    affiliationId: RefSchema.nullable(),
  })
  .partial()
  .meta({ id: 'ActorPatch', description: 'Fields to change; null clears an optional one' });

export type ActorCreate = z.infer<typeof ActorCreateSchema>;
export type ActorPatch = z.infer<typeof ActorPatchSchema>;

/** An actor in a bundle (import and export): its affiliation named by slug or id. */
export const ActorRecordSchema = z.strictObject({
  id: z.string().startsWith('act_').optional(),
  slug: SlugSchema,
  ...actorFields,
  description: actorFields.description.optional(),
  aliases: actorFields.aliases.default([]),
  affiliation: RefSchema.nullish(),
});

export type ActorRecord = z.infer<typeof ActorRecordSchema>;
