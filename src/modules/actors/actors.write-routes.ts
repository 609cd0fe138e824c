import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Db } from '../../db/client.js';
import { IdParamsSchema } from '../../lib/api-schemas.js';
import { sendCreated, sendUpdated, writeContext } from '../../lib/etag.js';
import {
  IdempotencyHeadersSchema,
  IfMatchHeadersSchema,
  NoContentSchema,
  SECURED,
  updateProblems,
  writeProblems,
} from '../../lib/route-schemas.js';
import { ActorCreateSchema, ActorPatchSchema, ActorSchema } from './actors.schemas.js';
import { createActor, deleteActor, patchActor } from './actors.write-service.js';

export const actorWriteRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.post(
    '/actors',
    {
      config: { role: 'editor' },
      schema: {
        operationId: 'createActor',
        summary: 'Create an actor',
        tags: ['actors'],
        security: SECURED,
        headers: IdempotencyHeadersSchema,
        body: ActorCreateSchema,
        response: { 201: ActorSchema, ...writeProblems() },
      },
    },
    async (request, reply) =>
      sendCreated(reply, '/actors', createActor(db, request.body, writeContext(request))),
  );

  app.patch(
    '/actors/:id',
    {
      config: { role: 'editor' },
      schema: {
        operationId: 'updateActor',
        summary: 'Change an actor',
        tags: ['actors'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: ActorPatchSchema,
        response: { 200: ActorSchema, ...updateProblems() },
      },
    },
    async (request, reply) =>
      sendUpdated(reply, patchActor(db, request.params.id, request.body, writeContext(request))),
  );

  app.delete(
    '/actors/:id',
    {
      config: { role: 'editor' },
      schema: {
        operationId: 'deleteActor',
        summary: 'Delete an actor no claim, quote or actor refers to',
        tags: ['actors'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: { 204: NoContentSchema, ...updateProblems() },
      },
    },
    async (request, reply) => {
      deleteActor(db, request.params.id, writeContext(request));
      return reply.code(204).send(null);
    },
  );
};
