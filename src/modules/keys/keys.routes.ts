import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Store } from '../../db/store.js';
import { writeContext } from '../../http/etag.js';
import { NoContentSchema, problems, SECURED } from '../../http/route-schemas.js';
import { PageQuerySchema, pageOf } from '../../lib/api-schemas.js';
import { createKey, revokeKeyByName } from './keys.commands.js';
import { describeKey, listKeyPage } from './keys.queries.js';
import { KeyCreateSchema, KeyNameParamsSchema, KeySchema, NewKeySchema } from './keys.schemas.js';

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
        description:
          "Every API key's name, role and dates, oldest first, paged; never the secrets (only their hashes are kept).",
        tags: ['keys'],
        security: SECURED,
        querystring: PageQuerySchema,
        response: { 200: pageOf(KeySchema, 'ApiKeyList'), ...problems(400, 401, 403) },
      },
    },
    async (request) => store.read((tx) => listKeyPage(tx, request.query)),
  );

  app.get(
    '/keys/:name',
    {
      ...admin,
      schema: {
        operationId: 'getKey',
        summary: 'Read an API key, never its secret (admin)',
        description:
          'Where `POST /keys` says the new key lives: its name, role, and when it was created or revoked.',
        tags: ['keys'],
        security: SECURED,
        params: KeyNameParamsSchema,
        response: { 200: KeySchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => store.read((tx) => describeKey(tx, request.params.name)),
  );

  app.post(
    '/keys',
    {
      // The answer carries the new secret: it must never be stored for an idempotent replay.
      config: { ...admin.config, idempotency: 'refuse' },
      schema: {
        operationId: 'createKey',
        summary: 'Create an API key, shown once (admin)',
        description:
          'Makes a key with a role (`editor` writes the record, `admin` also manages keys and reads the audit log). The key is in this answer only; `Location` names where the key (without it) can be read.',
        tags: ['keys'],
        security: SECURED,
        body: KeyCreateSchema,
        response: { 201: NewKeySchema, ...problems(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { by } = writeContext(request);
      const { name, role } = request.body;
      const created = await store.write((tx) => createKey(tx, name, role, by));
      return reply
        .code(201)
        .header('Location', `/keys/${encodeURIComponent(created.name)}`)
        .send(created);
    },
  );

  app.delete(
    '/keys/:name',
    {
      ...admin,
      schema: {
        operationId: 'revokeKey',
        summary: 'Revoke an API key (admin)',
        description:
          'Revokes the key at once, here and on every instance. The last active admin key cannot be revoked (409).',
        tags: ['keys'],
        security: SECURED,
        params: KeyNameParamsSchema,
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
