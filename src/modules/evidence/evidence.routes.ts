import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Store } from '../../db/store.js';
import { sendCreated, versioned, writeContext } from '../../http/etag.js';
import {
  IdempotencyHeadersSchema,
  IfMatchHeadersSchema,
  IfNoneMatchHeadersSchema,
  NoContentSchema,
  NotModifiedSchema,
  problems,
  SECURED,
  updateProblems,
} from '../../http/route-schemas.js';
import { IdParamsSchema, PageQuerySchema } from '../../lib/api-schemas.js';
import { cachedRead } from '../../plugins/read-cache.js';
import { createEvidence, deleteEvidence, patchEvidence } from './evidence.commands.js';
import { getEvidence, listClaimEvidence } from './evidence.queries.js';
import {
  EvidenceCreateSchema,
  EvidenceListSchema,
  EvidencePatchSchema,
  EvidenceSchema,
} from './evidence.schemas.js';

export const evidenceRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/claims/:id/evidence',
    {
      ...cachedRead,
      schema: {
        operationId: 'listClaimEvidence',
        summary: 'List the evidence of a claim',
        description:
          'The evidence items of the claim (supporting, refuting or giving context), oldest first, paged, each with its source and the quote it rests on.',
        tags: ['evidence'],
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: EvidenceListSchema, ...problems(400, 404) },
      },
    },
    async (request) => store.read((tx) => listClaimEvidence(tx, request.params.id, request.query)),
  );

  app.post(
    '/claims/:id/evidence',
    {
      config: { role: 'editor' },
      schema: {
        operationId: 'addClaimEvidence',
        summary: 'Add evidence to a claim',
        description:
          'Adds an item of evidence: its stance, a summary, and where it comes from (a source with an anchored quote, or a URL). Answers 201 with `Location` and `ETag`.',
        tags: ['evidence'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema.extend(IdempotencyHeadersSchema.shape),
        body: EvidenceCreateSchema,
        response: { 201: EvidenceSchema, ...updateProblems() },
      },
    },
    async (request, reply) => {
      const ctx = writeContext(request);
      const created = await store.write((tx) =>
        createEvidence(tx, request.params.id, request.body, ctx),
      );
      return sendCreated(reply, '/evidence', created);
    },
  );

  app.get(
    '/evidence/:id',
    {
      ...cachedRead,
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
    async (request, reply) =>
      versioned(reply, await store.read((tx) => getEvidence(tx, request.params.id))),
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
    async (request, reply) => {
      const ctx = writeContext(request);
      const updated = await store.write((tx) =>
        patchEvidence(tx, request.params.id, request.body, ctx),
      );
      return versioned(reply, updated);
    },
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
      const ctx = writeContext(request);
      await store.write((tx) => deleteEvidence(tx, request.params.id, ctx));
      return reply.code(204).send(null);
    },
  );
};
