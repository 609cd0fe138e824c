import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Db } from '../../db/client.js';
import { IdParamsSchema } from '../../lib/api-schemas.js';
import { sendCreated, sendUpdated, sendVersioned, writeContext } from '../../lib/etag.js';
import {
  IdempotencyHeadersSchema,
  IfMatchHeadersSchema,
  IfNoneMatchHeadersSchema,
  NoContentSchema,
  NotModifiedSchema,
  problems,
  SECURED,
  updateProblems,
} from '../../lib/route-schemas.js';
import { EvidenceCreateSchema, EvidencePatchSchema, EvidenceSchema } from './evidence.schemas.js';
import { getEvidence } from './evidence.service.js';
import { createEvidence, deleteEvidence, patchEvidence } from './evidence.write-service.js';

export const evidenceWriteRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.post(
    '/claims/:id/evidence',
    {
      config: { role: 'editor' },
      schema: {
        operationId: 'addClaimEvidence',
        summary: 'Add evidence to a claim',
        tags: ['evidence', 'claims'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema.extend(IdempotencyHeadersSchema.shape),
        body: EvidenceCreateSchema,
        response: { 201: EvidenceSchema, ...updateProblems() },
      },
    },
    async (request, reply) =>
      sendCreated(
        reply,
        '/evidence',
        createEvidence(db, request.params.id, request.body, writeContext(request)),
      ),
  );

  app.get(
    '/evidence/:id',
    {
      schema: {
        operationId: 'getEvidence',
        summary: 'Get an evidence item',
        description: 'Sends an `ETag` (the version); `If-None-Match` with it answers 304.',
        tags: ['evidence'],
        params: IdParamsSchema,
        headers: IfNoneMatchHeadersSchema,
        response: { 200: EvidenceSchema, 304: NotModifiedSchema, ...problems(400, 404) },
      },
    },
    async (request, reply) => sendVersioned(request, reply, getEvidence(db, request.params.id)),
  );

  app.patch(
    '/evidence/:id',
    {
      config: { role: 'editor' },
      schema: {
        operationId: 'updateEvidence',
        summary: 'Change an evidence item',
        description: 'Changing the stance of the item a verdict rests on is refused (409).',
        tags: ['evidence'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: EvidencePatchSchema,
        response: { 200: EvidenceSchema, ...updateProblems() },
      },
    },
    async (request, reply) =>
      sendUpdated(reply, patchEvidence(db, request.params.id, request.body, writeContext(request))),
  );

  app.delete(
    '/evidence/:id',
    {
      config: { role: 'editor' },
      schema: {
        operationId: 'deleteEvidence',
        summary: 'Remove an evidence item',
        description: 'Removing the last item a verdict rests on is refused (409).',
        tags: ['evidence'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: { 204: NoContentSchema, ...updateProblems() },
      },
    },
    async (request, reply) => {
      deleteEvidence(db, request.params.id, writeContext(request));
      return reply.code(204).send(null);
    },
  );
};
