import { z } from 'zod';
import { PageQuerySchema, pageOf, SinceSchema, TimestampSchema } from '../../lib/api-schemas.js';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../lib/vocabulary.js';

export const AuditEntrySchema = z
  .object({
    id: z.number().int().min(1),
    at: TimestampSchema,
    keyName: z.string().nullable().describe('The API key that made the change'),
    action: z.enum(AUDIT_ACTIONS),
    entityType: z.enum(AUDIT_ENTITY_TYPES),
    entityId: z.string().describe('Public id; a link is `<fromId>→<toId>`'),
    changes: z
      .record(z.string(), z.object({ before: z.unknown(), after: z.unknown() }))
      .describe('Each changed field, before → after'),
  })
  .meta({ id: 'AuditEntry', description: 'One write to the record' });

export const AuditQuerySchema = PageQuerySchema.extend({
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional().describe('Only writes to this kind of entity'),
  entityId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Only writes to this entity (its public id, or a key’s name)'),
  since: SinceSchema.optional(),
});

export const AuditPageSchema = pageOf(AuditEntrySchema, 'AuditPage');

export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
