import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Db } from '../../db/client.js';
import { IdParamsSchema } from '../../lib/api-schemas.js';
import { sendVersioned } from '../../lib/etag.js';
import { IfNoneMatchHeadersSchema, NotModifiedSchema, problems } from '../../lib/route-schemas.js';
import {
  ClaimFilterQuerySchema,
  ClaimListQuerySchema,
  ClaimPageSchema,
  ClaimSchema,
  StatusHistorySchema,
} from './claims.schemas.js';
import { claimHistory, getClaim, listClaims, requireClaim } from './claims.service.js';

export const claimRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/claims',
    {
      schema: {
        operationId: 'listClaims',
        summary: 'List and search claims',
        description:
          'Filters combine with AND. With `q`, each item carries a highlighted `snippet` and the default order is by relevance.',
        tags: ['claims'],
        querystring: ClaimListQuerySchema,
        response: { 200: ClaimPageSchema, ...problems(400) },
      },
    },
    async (request) => listClaims(db, request.query),
  );

  app.get(
    '/claims/:id',
    {
      schema: {
        operationId: 'getClaim',
        summary: 'Get a claim with its quotes, links and status',
        description: 'Sends an `ETag` (the version); `If-None-Match` with it answers 304.',
        tags: ['claims'],
        params: IdParamsSchema,
        headers: IfNoneMatchHeadersSchema,
        response: {
          200: ClaimSchema,
          304: NotModifiedSchema,
          ...problems(400, 404),
        },
      },
    },
    async (request, reply) => sendVersioned(request, reply, getClaim(db, request.params.id)),
  );

  app.get(
    '/claims/:id/rebuttals',
    {
      schema: {
        operationId: 'listClaimRebuttals',
        summary: 'List the claims that rebut a claim',
        tags: ['claims'],
        params: IdParamsSchema,
        querystring: ClaimFilterQuerySchema,
        response: { 200: ClaimPageSchema, ...problems(400, 404) },
      },
    },
    async (request) => {
      const claim = requireClaim(db, request.params.id);
      return listClaims(db, request.query, { rebuttalsOf: claim.id });
    },
  );

  app.get(
    '/claims/:id/history',
    {
      schema: {
        operationId: 'getClaimHistory',
        summary: 'Get every status a claim has had, oldest first',
        tags: ['claims'],
        params: IdParamsSchema,
        response: { 200: StatusHistorySchema, ...problems(400, 404) },
      },
    },
    async (request) => ({ items: claimHistory(db, request.params.id) }),
  );
};
