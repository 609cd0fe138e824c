import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Db } from '../../db/client.js';
import { IdParamsSchema } from '../../lib/api-schemas.js';
import { sendVersioned } from '../../lib/etag.js';
import { IfNoneMatchHeadersSchema, NotModifiedSchema, problems } from '../../lib/route-schemas.js';
import { ClaimFilterQuerySchema, ClaimPageSchema } from '../claims/claims.schemas.js';
import { listClaims } from '../claims/claims.service.js';
import { SourceDetailSchema, SourceListQuerySchema, SourcePageSchema } from './sources.schemas.js';
import { getSource, listSources, requireSource } from './sources.service.js';

export const sourceRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/sources',
    {
      schema: {
        operationId: 'listSources',
        summary: 'List sources, by slug (without their text)',
        tags: ['sources'],
        querystring: SourceListQuerySchema,
        response: { 200: SourcePageSchema, ...problems(400) },
      },
    },
    async (request) => listSources(db, request.query),
  );

  app.get(
    '/sources/:id',
    {
      schema: {
        operationId: 'getSource',
        summary: 'Get a source with its full text',
        description: 'Sends an `ETag` (the version); `If-None-Match` with it answers 304.',
        tags: ['sources'],
        params: IdParamsSchema,
        headers: IfNoneMatchHeadersSchema,
        response: { 200: SourceDetailSchema, 304: NotModifiedSchema, ...problems(400, 404) },
      },
    },
    async (request, reply) => sendVersioned(request, reply, getSource(db, request.params.id)),
  );

  app.get(
    '/sources/:id/claims',
    {
      schema: {
        operationId: 'listSourceClaims',
        summary: 'List the claims quoted in a source (or first said there)',
        tags: ['sources', 'claims'],
        params: IdParamsSchema,
        querystring: ClaimFilterQuerySchema,
        response: { 200: ClaimPageSchema, ...problems(400, 404) },
      },
    },
    async (request) => {
      const source = requireSource(db, request.params.id);
      return listClaims(db, request.query, { sourceId: source.id });
    },
  );
};
