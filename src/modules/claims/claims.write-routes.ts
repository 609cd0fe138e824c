import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { IdParamsSchema } from '../../lib/api-schemas.js';
import { sendCreated, sendUpdated, writeContext } from '../../lib/etag.js';
import {
  IdempotencyHeadersSchema,
  IfMatchHeadersSchema,
  NoContentSchema,
  problems,
  SECURED,
  updateProblems,
} from '../../lib/route-schemas.js';
import type { LinkKind } from '../../lib/vocabulary.js';
import { writeRoutes } from '../../lib/write-routes.js';
import { addLink, removeLink } from './claims.link-service.js';
import {
  ClaimCreateSchema,
  ClaimPatchSchema,
  ClaimSchema,
  LinkInputSchema,
  StatusChangePageSchema,
  StatusChangeQuerySchema,
  StatusInputSchema,
} from './claims.schemas.js';
import { listStatusChanges } from './claims.service.js';
import { changeStatus, createClaim, deleteClaim, patchClaim } from './claims.write-service.js';

const write = { config: { role: 'editor' as const } };

/** POST /claims, PATCH and DELETE /claims/{id}. */
export const claimCrudRoutes = writeRoutes({
  collection: 'claims',
  tag: 'claims',
  operationNoun: 'Claim',
  schemas: { create: ClaimCreateSchema, patch: ClaimPatchSchema, resource: ClaimSchema },
  summaries: {
    create: 'Create a claim (quotes are anchored by the server)',
    update: 'Change a claim (a status change is recorded in its history)',
    delete: 'Delete a claim with its quotes, links and evidence',
  },
  create: createClaim,
  patch: patchClaim,
  remove: deleteClaim,
});

/** Verdicts, the public list of corrections, and rebuttal/support links. */
export const claimWriteRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.post(
    '/claims/:id/status',
    {
      ...write,
      schema: {
        operationId: 'setClaimStatus',
        summary: 'Record a verdict: a status with its note',
        description:
          '`supported` needs an evidence item that supports the claim, `refuted` one that refutes it (422 otherwise).',
        tags: ['claims'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema.extend(IdempotencyHeadersSchema.shape),
        body: StatusInputSchema,
        response: { 200: ClaimSchema, ...updateProblems() },
      },
    },
    async (request, reply) =>
      sendUpdated(reply, changeStatus(db, request.params.id, request.body, writeContext(request))),
  );

  app.get(
    '/status-changes',
    {
      schema: {
        operationId: 'listStatusChanges',
        summary: 'List every verdict change of every claim, newest first',
        tags: ['claims'],
        querystring: StatusChangeQuerySchema,
        response: { 200: StatusChangePageSchema, ...problems(400) },
      },
    },
    async (request) => listStatusChanges(db, request.query),
  );

  for (const [collection, kind, noun, param] of [
    ['rebuttals', 'rebuts', 'rebuttal', 'rebuttalId'],
    ['supports', 'supports', 'supporting claim', 'supportId'],
  ] as const satisfies readonly (readonly [string, LinkKind, string, string])[]) {
    const Name = collection === 'rebuttals' ? 'Rebuttal' : 'Support';
    app.post(
      `/claims/:id/${collection}`,
      {
        ...write,
        schema: {
          operationId: `add${Name}`,
          summary: `Add a ${noun}: link an existing claim or create one`,
          tags: ['claims'],
          security: SECURED,
          params: IdParamsSchema,
          headers: IfMatchHeadersSchema.extend(IdempotencyHeadersSchema.shape),
          body: LinkInputSchema,
          response: {
            201: ClaimSchema.describe(`The ${noun}`),
            ...updateProblems(),
          },
        },
      },
      async (request, reply) =>
        sendCreated(
          reply,
          '/claims',
          addLink(db, request.params.id, kind, request.body, writeContext(request)),
        ),
    );

    app.delete(
      `/claims/:id/${collection}/:${param}`,
      {
        ...write,
        schema: {
          operationId: `remove${Name}`,
          summary: `Remove a ${noun} link (the claims stay)`,
          tags: ['claims'],
          security: SECURED,
          params: IdParamsSchema.extend({
            [param]: z.string().min(1).max(200).describe(`The ${noun}’s id or slug`),
          }),
          headers: IfMatchHeadersSchema,
          response: { 204: NoContentSchema, ...updateProblems() },
        },
      },
      async (request, reply) => {
        const { id, [param]: other } = request.params as Record<string, string>;
        removeLink(db, id ?? '', kind, other ?? '', writeContext(request));
        return reply.code(204).send(null);
      },
    );
  }
};
