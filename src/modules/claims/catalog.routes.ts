import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Store } from '../../db/store.js';
import { problems } from '../../http/route-schemas.js';
import { cachedRead } from '../../plugins/read-cache.js';
import { claimStats } from './claims.queries.js';
import { mostUsedTags } from './claims.repository.js';
import { CLAIMANTS_LISTED, StatsSchema, TAGS_LISTED, TagListSchema } from './claims.schemas.js';

export const catalogRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/tags',
    {
      ...cachedRead,
      schema: {
        operationId: 'listTags',
        summary: 'List tags with their claim counts',
        description: `The ${TAGS_LISTED} most used tags at most, most used first, then by tag.`,
        tags: ['catalog'],
        response: { 200: TagListSchema, ...problems() },
      },
    },
    async () => ({ items: await store.read((tx) => mostUsedTags(tx, TAGS_LISTED)) }),
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
