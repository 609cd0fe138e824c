import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../db/store.js';
import { problems } from '../../http/route-schemas.js';
import { AppError } from '../../lib/problem.js';

const HealthSchema = z
  .object({ status: z.literal('ok') })
  .meta({ id: 'Health', examples: [{ status: 'ok' }] });

export const healthRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        operationId: 'getHealth',
        summary: 'Check that the API can query its database',
        description:
          '`{"status":"ok"}` once the database has answered a query; 503 when it cannot. Needs no key, even when reads do.',
        tags: ['system'],
        response: { 200: HealthSchema, ...problems(503) },
      },
    },
    async (request) => {
      try {
        await store.ping();
      } catch (err) {
        request.log.error({ err }, 'database health check failed');
        throw new AppError(
          503,
          'unavailable',
          'Service Unavailable',
          'The database cannot be queried.',
        );
      }
      return { status: 'ok' as const };
    },
  );
};
