import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import { IdParamsSchema, type WriteContext } from './api-schemas.js';
import { sendCreated, sendUpdated, writeContext } from './etag.js';
import {
  IdempotencyHeadersSchema,
  IfMatchHeadersSchema,
  NoContentSchema,
  SECURED,
  updateProblems,
  writeProblems,
} from './route-schemas.js';

type Versioned = { id: string; version: number };

/** What a top-level resource (actors, sources, claims) needs to get POST, PATCH and DELETE. */
export type WriteRoutesSpec<
  C extends z.ZodType,
  P extends z.ZodType,
  R extends z.ZodType<Versioned>,
> = {
  collection: string;
  tag: string;
  operationNoun: string;
  schemas: { create: C; patch: P; resource: R };
  summaries: { create: string; update: string; delete: string };
  create: (db: Db, input: z.infer<C>, ctx: WriteContext) => z.infer<R>;
  patch: (db: Db, idOrSlug: string, input: z.infer<P>, ctx: WriteContext) => z.infer<R>;
  remove: (db: Db, idOrSlug: string, ctx: WriteContext) => void;
};

/** POST /{collection}, PATCH and DELETE /{collection}/{id}: editor role, If-Match, audit in the service. */
export function writeRoutes<
  C extends z.ZodType,
  P extends z.ZodType,
  R extends z.ZodType<Versioned>,
>(spec: WriteRoutesSpec<C, P, R>): FastifyPluginAsyncZod<{ db: Db }> {
  const { collection, tag, operationNoun: name, schemas, summaries } = spec;
  return async (typed, { db }) => {
    // The shapes are generic here, beyond what the type provider can resolve: the schemas still
    // validate and serialise every request; the handlers name the types themselves.
    const app = typed as unknown as FastifyInstance;
    const base = { config: { role: 'editor' as const } };
    app.post(
      `/${collection}`,
      {
        ...base,
        schema: {
          operationId: `create${name}`,
          summary: summaries.create,
          tags: [tag],
          security: SECURED,
          headers: IdempotencyHeadersSchema,
          body: schemas.create,
          response: { 201: schemas.resource, ...writeProblems() },
        },
      },
      async (request, reply) =>
        sendCreated(
          reply,
          `/${collection}`,
          spec.create(db, request.body as z.infer<C>, writeContext(request)),
        ),
    );

    app.patch(
      `/${collection}/:id`,
      {
        ...base,
        schema: {
          operationId: `update${name}`,
          summary: summaries.update,
          tags: [tag],
          security: SECURED,
          params: IdParamsSchema,
          headers: IfMatchHeadersSchema,
          body: schemas.patch,
          response: { 200: schemas.resource, ...updateProblems() },
        },
      },
      async (request, reply) =>
        sendUpdated(
          reply,
          spec.patch(db, idOf(request.params), request.body as z.infer<P>, writeContext(request)),
        ),
    );

    app.delete(
      `/${collection}/:id`,
      {
        ...base,
        schema: {
          operationId: `delete${name}`,
          summary: summaries.delete,
          tags: [tag],
          security: SECURED,
          params: IdParamsSchema,
          headers: IfMatchHeadersSchema,
          response: { 204: NoContentSchema, ...updateProblems() },
        },
      },
      async (request, reply) => {
        spec.remove(db, idOf(request.params), writeContext(request));
        return reply.code(204).send(null);
      },
    );
  };
}

function idOf(params: unknown): string {
  return IdParamsSchema.parse(params).id;
}
