import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { IdParamsSchema } from '../../lib/api-schemas.js';
import { problems } from '../../lib/route-schemas.js';
import { ClaimReviewSchema } from './claimreview.schemas.js';
import { claimReview, claimReviewFeed, type Publisher } from './claimreview.service.js';

export const claimReviewRoutes: FastifyPluginAsyncZod<{ db: Db; publisher: Publisher }> = async (
  app,
  { db, publisher },
) => {
  app.get(
    '/claims/:id/claimreview',
    {
      schema: {
        operationId: 'getClaimReview',
        summary: 'Get a claim as a schema.org ClaimReview (JSON-LD)',
        description:
          'The rating comes from the evidence status (see the README’s mapping). An unverified claim has no review: 404.',
        tags: ['claims', 'import-export'],
        params: IdParamsSchema,
        response: { 200: ClaimReviewSchema, ...problems(404) },
      },
    },
    async (request, reply) => {
      reply.type('application/ld+json');
      return claimReview(db, request.params.id, publisher);
    },
  );

  app.get(
    '/export/claimreview',
    {
      schema: {
        operationId: 'exportClaimReviews',
        summary: 'Export every reviewed claim as a ClaimReview feed (a JSON-LD array)',
        tags: ['import-export'],
        response: { 200: z.array(ClaimReviewSchema), ...problems() },
      },
    },
    async (_request, reply) => {
      const feed = function* () {
        yield '[';
        let first = true;
        for (const review of claimReviewFeed(db, publisher)) {
          yield `${first ? '' : ','}${JSON.stringify(review)}`;
          first = false;
        }
        yield ']\n';
      };
      // A stream is sent as it is; the schema documents what it carries.
      return reply
        .type('application/ld+json')
        .serializer((payload) => String(payload))
        .send(Readable.from(feed()) as unknown as []);
    },
  );
};
