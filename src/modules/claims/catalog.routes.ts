import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Store } from '../../db/store.js';
import { problems } from '../../http/route-schemas.js';
import { claimStats } from './claims.queries.js';
import { tagCounts } from './claims.repository.js';
import { StatsSchema, TagListSchema } from './claims.schemas.js';

export const catalogRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
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
    async () => ({ items: await store.read((tx) => tagCounts(tx)) }),
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
    async () => store.read((tx) => claimStats(tx)),
  );
};
