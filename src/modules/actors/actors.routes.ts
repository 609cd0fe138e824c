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
import { createActor, deleteActor, patchActor } from './actors.commands.js';
import { getActor, listActors, requireActor } from './actors.queries.js';
import {
  ActorCreateSchema,
  ActorListQuerySchema,
  ActorPageSchema,
  ActorPatchSchema,
  ActorSchema,
} from './actors.schemas.js';

const editor = { config: { role: 'editor' as const } };

export const actorRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/actors',
    {
      ...cachedRead,
      schema: {
        operationId: 'listActors',
        summary: 'List actors, by slug',
        description:
          'People and organisations, ordered by slug. `q` matches a part of the name, slug or an alias (any case), `kind` keeps one kind. Each carries its stored `claimCount` and its affiliation.',
        tags: ['actors'],
        querystring: ActorListQuerySchema,
        response: { 200: ActorPageSchema, ...problems(400) },
      },
    },
    async (request) => store.read((tx) => listActors(tx, request.query)),
  );

  app.get(
    '/actors/:id',
    {
      ...cachedRead,
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
    async (request, reply) =>
      versioned(reply, await store.read((tx) => getActor(tx, request.params.id))),
  );

  app.get(
    '/actors/:id/claims',
    {
      ...cachedRead,
      schema: {
        operationId: 'listActorClaims',
        summary: 'List the claims an actor made',
        description:
          'The claims this actor made, with the filters, sorts and paging of `GET /claims`. An actor that does not exist is a 404.',
        tags: ['actors'],
        params: IdParamsSchema,
        querystring: ClaimFilterQuerySchema,
        response: { 200: ClaimPageSchema, ...problems(400, 404) },
      },
    },
    async (request) =>
      store.read(async (tx) => {
        const actor = await requireActor(tx, request.params.id);
        return listClaims(tx, request.query, { claimantId: actor.id });
      }),
  );

  app.post(
    '/actors',
    {
      ...editor,
      schema: {
        operationId: 'createActor',
        summary: 'Create an actor',
        description:
          'Records a person or organisation. The slug is made from the name when not given (`-2`, `-3` … when taken); `affiliationId` names another actor by id or slug. Answers 201 with `Location` and `ETag`.',
        tags: ['actors'],
        security: SECURED,
        headers: IdempotencyHeadersSchema,
        body: ActorCreateSchema,
        response: { 201: ActorSchema, ...writeProblems() },
      },
    },
    async (request, reply) => {
      const ctx = writeContext(request);
      const created = await store.write((tx) => createActor(tx, request.body, ctx));
      return sendCreated(reply, '/actors', created);
    },
  );

  app.patch(
    '/actors/:id',
    {
      ...editor,
      schema: {
        operationId: 'updateActor',
        summary: 'Change an actor',
        description:
          'Changes the fields sent (a JSON merge: `null` clears an optional field). With `If-Match`, only if the actor is still at that version (else 412). An affiliation may not lead back to the actor (422).',
        tags: ['actors'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: ActorPatchSchema,
        response: { 200: ActorSchema, ...updateProblems() },
      },
    },
    async (request, reply) => {
      const ctx = writeContext(request);
      const updated = await store.write((tx) =>
        patchActor(tx, request.params.id, request.body, ctx),
      );
      return versioned(reply, updated);
    },
  );

  app.delete(
    '/actors/:id',
    {
      ...editor,
      schema: {
        operationId: 'deleteActor',
        summary: 'Delete an actor no claim, quote or actor refers to',
        description:
          'Deletes an actor that no claim names as claimant, no quote as speaker and no actor as affiliation (409 says which still do).',
        tags: ['actors'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: { 204: NoContentSchema, ...updateProblems() },
      },
    },
    async (request, reply) => {
      const ctx = writeContext(request);
      await store.write((tx) => deleteActor(tx, request.params.id, ctx));
      return reply.code(204).send(null);
    },
  );
};
