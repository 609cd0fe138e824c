import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { required } from '../../lib/maps.js';
import { problems } from '../../lib/route-schemas.js';
import { CLAIM_STATUSES } from '../../lib/vocabulary.js';
import { actorSummaries } from '../actors/actors.repository.js';
import { ActorSummarySchema } from '../actors/actors.schemas.js';
import { claimCountsByClaimant, statusCounts, tagCounts } from './claims.repository.js';

const TagListSchema = z
  .object({ items: z.array(z.object({ tag: z.string(), claimCount: z.number().int() })) })
  .meta({
    id: 'TagList',
    description: 'Every tag with the number of claims carrying it, most used first',
  });

const StatsSchema = z
  .object({
    claimCount: z.number().int(),
    byStatus: z
      .record(z.enum(CLAIM_STATUSES), z.number().int())
      .describe('Claims per status (every status listed)'),
    byClaimant: z
      .array(z.object({ claimant: ActorSummarySchema, claimCount: z.number().int() }))
      .describe('Claims per claimant, most first'),
  })
  .meta({ id: 'Stats', description: 'How the record stands' });

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
    async () => {
      const perStatus = statusCounts(db);
      const perClaimant = claimCountsByClaimant(db);
      const claimants = actorSummaries(db, perClaimant.keys());
      return {
        claimCount: [...perStatus.values()].reduce((sum, n) => sum + n, 0),
        byStatus: Object.fromEntries(
          CLAIM_STATUSES.map((s) => [s, perStatus.get(s) ?? 0]),
        ) as Record<(typeof CLAIM_STATUSES)[number], number>,
        byClaimant: [...perClaimant]
          .map(([actorId, claimCount]) => ({
            claimant: required(claimants, actorId, 'actor'),
            claimCount,
          }))
          .sort(
            (a, b) => b.claimCount - a.claimCount || a.claimant.slug.localeCompare(b.claimant.slug),
          ),
      };
    },
  );
};
