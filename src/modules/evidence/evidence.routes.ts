import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Db } from '../../db/client.js';
import { IdParamsSchema } from '../../lib/api-schemas.js';
import { problems } from '../../lib/route-schemas.js';
import { EvidenceListSchema } from './evidence.schemas.js';
import { listClaimEvidence } from './evidence.service.js';

export const evidenceRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/claims/:id/evidence',
    {
      schema: {
        operationId: 'listClaimEvidence',
        summary: 'List the evidence of a claim',
        tags: ['evidence', 'claims'],
        params: IdParamsSchema,
        response: { 200: EvidenceListSchema, ...problems(400, 404) },
      },
    },
    async (request) => ({ items: listClaimEvidence(db, request.params.id) }),
  );
};
