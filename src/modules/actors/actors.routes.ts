import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Db } from '../../db/client.js';
import { IdParamsSchema } from '../../lib/api-schemas.js';
import { sendVersioned } from '../../lib/etag.js';
import { IfNoneMatchHeadersSchema, NotModifiedSchema, problems } from '../../lib/route-schemas.js';
import { ClaimFilterQuerySchema, ClaimPageSchema } from '../claims/claims.schemas.js';
import { listClaims } from '../claims/claims.service.js';
import { ActorListQuerySchema, ActorPageSchema, ActorSchema } from './actors.schemas.js';
import { getActor, listActors, requireActor } from './actors.service.js';

export const actorRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/actors',
    {
      schema: {
        operationId: 'listActors',
        summary: 'List actors, by slug',
        tags: ['actors'],
        querystring: ActorListQuerySchema,
        response: { 200: ActorPageSchema, ...problems(400) },
      },
    },
    async (request) => listActors(db, request.query),
  );

  app.get(
    '/actors/:id',
    {
      schema: {
        operationId: 'getActor',
        summary: 'Get an actor',
        description: 'Sends an `ETag` (the version); `If-None-Match` with it answers 304.',
        tags: ['actors'],
        params: IdParamsSchema,
        headers: IfNoneMatchHeadersSchema,
        response: { 200: ActorSchema, 304: NotModifiedSchema, ...problems(400, 404) },
      },
    },
    async (request, reply) => sendVersioned(request, reply, getActor(db, request.params.id)),
  );

  app.get(
    '/actors/:id/claims',
    {
      schema: {
        operationId: 'listActorClaims',
        summary: 'List the claims an actor made',
        tags: ['actors', 'claims'],
        params: IdParamsSchema,
        querystring: ClaimFilterQuerySchema,
        response: { 200: ClaimPageSchema, ...problems(400, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(db, request.params.id);
      return listClaims(db, request.query, { claimantId: actor.id });
    },
  );
};
