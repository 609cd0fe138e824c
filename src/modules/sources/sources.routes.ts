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
  writeProblems,
} from '../../http/route-schemas.js';
import { IdParamsSchema } from '../../lib/api-schemas.js';
import { cachedRead } from '../../plugins/read-cache.js';
import { listClaims } from '../claims/claims.queries.js';
import { ClaimFilterQuerySchema, ClaimPageSchema } from '../claims/claims.schemas.js';
import { createSource, deleteSource, patchSource } from './sources.commands.js';
import { getSource, listSources, requireSource } from './sources.queries.js';
import {
  SourceCreateSchema,
  SourceDetailSchema,
  SourceListQuerySchema,
  SourcePageSchema,
  SourcePatchSchema,
} from './sources.schemas.js';

const editor = { config: { role: 'editor' as const } };

export const sourceRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/sources',
    {
      ...cachedRead,
      schema: {
        operationId: 'listSources',
        summary: 'List sources, by slug (without their text)',
        description:
          'Sources (articles, tweets, speeches, reports …) ordered by slug, without their text. `q` matches a part of the title, description, publisher, URL or slug (any case), `kind` keeps one kind; each carries its stored `quoteCount`.',
        tags: ['sources'],
        querystring: SourceListQuerySchema,
        response: { 200: SourcePageSchema, ...problems(400) },
      },
    },
    async (request) => store.read((tx) => listSources(tx, request.query)),
  );

  app.get(
    '/sources/:id',
    {
      ...cachedRead,
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
    async (request, reply) =>
      versioned(reply, await store.read((tx) => getSource(tx, request.params.id))),
  );

  app.get(
    '/sources/:id/claims',
    {
      ...cachedRead,
      schema: {
        operationId: 'listSourceClaims',
        summary: 'List the claims quoted in a source (or first said there)',
        description:
          'The claims quoted in this source or first said there, with the filters, sorts and paging of `GET /claims`.',
        tags: ['sources'],
        params: IdParamsSchema,
        querystring: ClaimFilterQuerySchema,
        response: { 200: ClaimPageSchema, ...problems(400, 404) },
      },
    },
    async (request) =>
      store.read(async (tx) => {
        const source = await requireSource(tx, request.params.id);
        return listClaims(tx, request.query, { sourceId: source.id });
      }),
  );

  app.post(
    '/sources',
    {
      ...editor,
      schema: {
        operationId: 'createSource',
        summary: 'Create a source',
        description:
          'Records where statements appear, with its full text when quotes are to be anchored in it. Answers 201 with `Location` and `ETag`.',
        tags: ['sources'],
        security: SECURED,
        headers: IdempotencyHeadersSchema,
        body: SourceCreateSchema,
        response: { 201: SourceDetailSchema, ...writeProblems() },
      },
    },
    async (request, reply) => {
      const ctx = writeContext(request);
      const created = await store.write((tx) => createSource(tx, request.body, ctx));
      return sendCreated(reply, '/sources', created);
    },
  );

  app.patch(
    '/sources/:id',
    {
      ...editor,
      schema: {
        operationId: 'updateSource',
        summary: 'Change a source (a new text must still hold its quotes)',
        description:
          'Changes the fields sent (JSON merge). A new `text` must still contain every quote anchored in it (422 names the ones it loses). With `If-Match`, only at that version.',
        tags: ['sources'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: SourcePatchSchema,
        response: { 200: SourceDetailSchema, ...updateProblems() },
      },
    },
    async (request, reply) => {
      const ctx = writeContext(request);
      const updated = await store.write((tx) =>
        patchSource(tx, request.params.id, request.body, ctx),
      );
      return versioned(reply, updated);
    },
  );

  app.delete(
    '/sources/:id',
    {
      ...editor,
      schema: {
        operationId: 'deleteSource',
        summary: 'Delete a source no quote or evidence refers to',
        description:
          'Deletes a source that no quote, claim or evidence refers to (409 says which do).',
        tags: ['sources'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: { 204: NoContentSchema, ...updateProblems() },
      },
    },
    async (request, reply) => {
      const ctx = writeContext(request);
      await store.write((tx) => deleteSource(tx, request.params.id, ctx));
      return reply.code(204).send(null);
    },
  );
};
