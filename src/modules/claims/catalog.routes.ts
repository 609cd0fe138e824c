import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Store } from '../../db/store.js';
import { problems } from '../../http/route-schemas.js';
import { PageQuerySchema } from '../../lib/api-schemas.js';
import { cachedRead } from '../../plugins/read-cache.js';
import { claimStats, listTags } from './claims.queries.js';
import { CLAIMANTS_LISTED, StatsSchema, TagListSchema } from './claims.schemas.js';

export const catalogRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/tags',
    {
      ...cachedRead,
      schema: {
        operationId: 'listTags',
        summary: 'List tags with their claim counts',
        description:
          'Every tag with the number of claims carrying it, most used first, then by tag; paged.',
        tags: ['catalog'],
        querystring: PageQuerySchema,
        response: { 200: TagListSchema, ...problems(400) },
      },
    },
    async (request) => store.read((tx) => listTags(tx, request.query)),
  );

  app.get(
    '/stats',
    {
      ...cachedRead,
      schema: {
        operationId: 'getStats',
        summary: 'Count claims per status and per claimant',
        description: `Every status is listed; \`byClaimant\` lists the ${CLAIMANTS_LISTED} claimants with the most claims at most, most first, then by slug.`,
        tags: ['catalog'],
        response: { 200: StatsSchema, ...problems() },
      },
    },
    async () => store.read((tx) => claimStats(tx)),
  );
};
