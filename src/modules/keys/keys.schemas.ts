import { z } from 'zod';
import { TimestampSchema } from '../../lib/api-schemas.js';
import { KEY_ROLES } from '../../lib/vocabulary.js';
import { KEY_NAME_PATTERN, KEY_NAME_RULE } from './keys.commands.js';

export const KeySchema = z
  .object({
    name: z.string(),
    role: z.enum(KEY_ROLES),
    createdAt: TimestampSchema,
    revokedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'ApiKey', description: 'An API key, never its secret' });

export const NewKeySchema = z
  .object({
    name: z.string(),
    role: z.enum(KEY_ROLES),
    createdAt: TimestampSchema,
    key: z.string().describe('The key itself: shown this once, only a hash of it is kept'),
  })
  .meta({ id: 'NewApiKey' });

export const KeyCreateSchema = z
  .strictObject({
    name: z.string().regex(KEY_NAME_PATTERN, KEY_NAME_RULE),
    role: z.enum(KEY_ROLES),
  })
  .meta({ id: 'KeyCreate' });

export const KeyNameParamsSchema = z.object({ name: z.string().describe('The key’s name') });
