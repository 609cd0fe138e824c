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
import { SourceCreateSchema, SourceDetailSchema, SourcePatchSchema } from './sources.schemas.js';
import { createSource, deleteSource, patchSource } from './sources.write-service.js';

export const sourceWriteRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.post(
    '/sources',
    {
      config: { role: 'editor' },
      schema: {
        operationId: 'createSource',
        summary: 'Create a source',
        tags: ['sources'],
        security: SECURED,
        headers: IdempotencyHeadersSchema,
        body: SourceCreateSchema,
        response: { 201: SourceDetailSchema, ...writeProblems() },
      },
    },
    async (request, reply) =>
      sendCreated(reply, '/sources', createSource(db, request.body, writeContext(request))),
  );

  app.patch(
    '/sources/:id',
    {
      config: { role: 'editor' },
      schema: {
        operationId: 'updateSource',
        summary: 'Change a source (a new text must still hold its quotes)',
        tags: ['sources'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: SourcePatchSchema,
        response: { 200: SourceDetailSchema, ...updateProblems() },
      },
    },
    async (request, reply) =>
      sendUpdated(reply, patchSource(db, request.params.id, request.body, writeContext(request))),
  );

  app.delete(
    '/sources/:id',
    {
      config: { role: 'editor' },
      schema: {
        operationId: 'deleteSource',
        summary: 'Delete a source no quote or evidence refers to',
        tags: ['sources'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: { 204: NoContentSchema, ...updateProblems() },
      },
    },
    async (request, reply) => {
      deleteSource(db, request.params.id, writeContext(request));
      return reply.code(204).send(null);
    },
  );
};
