import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Db } from '../../db/client.js';
import { problems } from '../../lib/route-schemas.js';
import { tagCounts } from './claims.repository.js';
import { StatsSchema, TagListSchema } from './claims.schemas.js';
import { claimStats } from './claims.service.js';

export const catalogRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/tags',
    {
      schema: {
        operationId: 'listTags',
        summary: 'List tags with their claim counts',
        tags: ['catalog'],
        response: { 200: TagListSchema, ...problems() },
      },
    },
    async () => ({ items: tagCounts(db) }),
  );

  app.get(
    '/stats',
    {
      schema: {
        operationId: 'getStats',
        summary: 'Count claims per status and per claimant',
        tags: ['catalog'],
        response: { 200: StatsSchema, ...problems() },
      },
    },
    async () => claimStats(db),
  );
};
