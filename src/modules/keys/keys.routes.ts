import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../db/store.js';
import { writeContext } from '../../http/etag.js';
import { NoContentSchema, problems, SECURED } from '../../http/route-schemas.js';
import { TimestampSchema } from '../../lib/api-schemas.js';
import { KEY_ROLES } from '../../lib/vocabulary.js';
import { createKey, revokeKeyByName } from './keys.commands.js';
import { describeKeys } from './keys.queries.js';

const KeySchema = z
  .object({
    name: z.string(),
    role: z.enum(KEY_ROLES),
    createdAt: TimestampSchema,
    revokedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'ApiKey', description: 'An API key, never its secret' });

const NewKeySchema = z
  .object({
    name: z.string(),
    role: z.enum(KEY_ROLES),
    createdAt: TimestampSchema,
    key: z.string().describe('The key itself: shown this once, only a hash of it is kept'),
  })
  .meta({ id: 'NewApiKey' });

const admin = { config: { role: 'admin' as const } };

/** Keys, for admins: the same as `npm run keys`, audited. */
export const keyRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/keys',
    {
      ...admin,
      schema: {
        operationId: 'listKeys',
        summary: 'List API keys (admin)',
        tags: ['keys'],
        security: SECURED,
        response: { 200: z.object({ items: z.array(KeySchema) }), ...problems(401, 403) },
      },
    },
    async () => ({ items: await store.read((tx) => describeKeys(tx)) }),
  );

  app.post(
    '/keys',
    {
      // The answer carries the new secret: it must never be stored for an idempotent replay.
      config: { ...admin.config, idempotency: 'refuse' },
      schema: {
        operationId: 'createKey',
        summary: 'Create an API key, shown once (admin)',
        tags: ['keys'],
        security: SECURED,
        body: z
          .strictObject({ name: z.string().min(1).max(64), role: z.enum(KEY_ROLES) })
          .meta({ id: 'KeyCreate' }),
        response: { 201: NewKeySchema, ...problems(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { by } = writeContext(request);
      const { name, role } = request.body;
      const created = await store.write((tx) => createKey(tx, name, role, by));
      return reply.code(201).header('Location', `/keys/${created.name}`).send(created);
    },
  );

  app.delete(
    '/keys/:name',
    {
      ...admin,
      schema: {
        operationId: 'revokeKey',
        summary: 'Revoke an API key (admin)',
        tags: ['keys'],
        security: SECURED,
        params: z.object({ name: z.string() }),
        response: { 204: NoContentSchema, ...problems(401, 403, 404, 409, 412, 422) },
      },
    },
    async (request, reply) => {
      const { by } = writeContext(request);
      await store.write((tx) => revokeKeyByName(tx, request.params.name, by));
      return reply.code(204).send(null);
    },
  );
};
