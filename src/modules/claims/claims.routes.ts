import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../db/store.js';
import { sendCreated, versioned, writeContext } from '../../http/etag.js';
import { representationOf } from '../../http/negotiation.js';
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
import { IdParamsSchema, PageQuerySchema } from '../../lib/api-schemas.js';
import { cachedRead } from '../../plugins/read-cache.js';
import type { Publisher } from '../claimreview/claimreview.service.js';
import { readClaimPageData } from './claim-page.data.js';
import { sendClaimPage } from './claim-page.js';
import { createClaim, deleteClaim, patchClaim } from './claims.commands.js';
import { addLink, removeLink } from './claims.link-commands.js';
import {
  claimHistory,
  getClaim,
  listClaims,
  listLinkedClaims,
  listStatusChanges,
  requireClaim,
} from './claims.queries.js';
import {
  ClaimCreateSchema,
  ClaimFilterQuerySchema,
  ClaimListQuerySchema,
  ClaimPageSchema,
  ClaimPatchSchema,
  ClaimSchema,
  LINKS_EMBEDDED,
  LinkedClaimPageSchema,
  LinkInputSchema,
  StatusChangePageSchema,
  StatusChangeQuerySchema,
  StatusHistorySchema,
  StatusInputSchema,
} from './claims.schemas.js';
import { changeStatus } from './claims.status-commands.js';

const write = { config: { role: 'editor' as const } };

/** Claims, their verdicts, the public list of corrections, and rebuttal/support links. */
/** A claim answers JSON unless the client prefers a page (a browser following a review's url). */
const CLAIM_MEDIA_TYPES = ['application/json', 'text/html'] as const;

export const claimRoutes: FastifyPluginAsyncZod<{
  store: Store;
  /** Who publishes the claims' reviews, and where their pages live (asked per request). */
  publisher: () => Publisher;
}> = async (app, { store, publisher }) => {
  app.get(
    '/claims',
    {
      ...cachedRead,
      schema: {
        operationId: 'listClaims',
        summary: 'List and search claims',
        description:
          'Filters combine with AND. With `q`, each item carries a highlighted `snippet` and the default order is by relevance.',
        tags: ['claims'],
        querystring: ClaimListQuerySchema,
        response: { 200: ClaimPageSchema, ...problems(400) },
      },
    },
    async (request) => store.read((tx) => listClaims(tx, request.query)),
  );

  app.get(
    '/claims/:id',
    {
      config: { ...cachedRead.config, offers: CLAIM_MEDIA_TYPES },
      schema: {
        operationId: 'getClaim',
        summary: 'Get a claim with its quotes, links and status',
        description:
          'Sends an `ETag` (the version); `If-None-Match` with it answers 304. A browser (`Accept` preferring `text/html`) gets the claim’s page instead: the claim, its quotes, related claims, evidence and history, with its ClaimReview embedded as JSON-LD; that page is where a published ClaimReview’s `url` leads. Every other `Accept` gets JSON.',
        tags: ['claims'],
        params: IdParamsSchema,
        headers: IfNoneMatchHeadersSchema,
        response: {
          200: ClaimSchema,
          304: NotModifiedSchema,
          ...problems(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (representationOf(request) === 'text/html') {
        return sendClaimPage(
          reply,
          await store.read((tx) => readClaimPageData(tx, id, publisher())),
        );
      }
      // One statement on PostgreSQL (see readClaimWhole).
      return versioned(reply, await store.read((tx) => getClaim(tx, id), { oneStatement: true }));
    },
  );

  for (const [path, operationId, kind, who] of [
    ['/claims/:id/rebuttals', 'listClaimRebuttals', 'rebuts', 'rebut'],
    ['/claims/:id/supports', 'listClaimSupporters', 'supports', 'support'],
  ] as const) {
    app.get(
      path,
      {
        ...cachedRead,
        schema: {
          operationId,
          summary: `List the claims that ${who} a claim`,
          description: `Every claim linked as ${kind === 'rebuts' ? 'a rebuttal of' : 'support for'} this one, with the filters, sorts and paging of \`GET /claims\` (the claim itself embeds only the first ${LINKS_EMBEDDED}).`,
          tags: ['claims'],
          params: IdParamsSchema,
          querystring: ClaimFilterQuerySchema,
          response: { 200: LinkedClaimPageSchema, ...problems(400, 404) },
        },
      },
      async (request) =>
        store.read(async (tx) => {
          const claim = await requireClaim(tx, request.params.id);
          return listLinkedClaims(tx, request.query, { claimId: claim.id, kind });
        }),
    );
  }

  app.get(
    '/claims/:id/history',
    {
      ...cachedRead,
      schema: {
        operationId: 'getClaimHistory',
        summary: 'Get every status a claim has had, oldest first',
        description:
          'Each status the claim has had, with the note given and who set it, oldest first, paged. Corrections stay visible.',
        tags: ['claims'],
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: StatusHistorySchema, ...problems(400, 404) },
      },
    },
    async (request) => store.read((tx) => claimHistory(tx, request.params.id, request.query)),
  );

  app.post(
    '/claims',
    {
      ...write,
      schema: {
        operationId: 'createClaim',
        summary: 'Create a claim (quotes are anchored by the server)',
        description:
          "Records a claim by an existing actor. Each quote names a source and the exact words; the server finds them in the source's text and stores their offsets (422 `quote-not-anchored` when they are not there, or are there more than once without a selector). The status starts `unverified`.",
        tags: ['claims'],
        security: SECURED,
        headers: IdempotencyHeadersSchema,
        body: ClaimCreateSchema,
        response: { 201: ClaimSchema, ...writeProblems() },
      },
    },
    async (request, reply) =>
      sendCreated(
        reply,
        '/claims',
        await store.write((tx) => createClaim(tx, request.body, writeContext(request))),
      ),
  );

  app.patch(
    '/claims/:id',
    {
      ...write,
      schema: {
        operationId: 'updateClaim',
        summary: 'Change a claim (a status change is recorded in its history)',
        description:
          'Changes the fields sent (JSON merge). A new `status` needs a `statusNote` and is added to the history; `supported` or `refuted` needs evidence of that stance. With `If-Match`, only at that version (else 412).',
        tags: ['claims'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: ClaimPatchSchema,
        response: { 200: ClaimSchema, ...updateProblems() },
      },
    },
    async (request, reply) =>
      versioned(
        reply,
        await store.write((tx) =>
          patchClaim(tx, request.params.id, request.body, writeContext(request)),
        ),
      ),
  );

  app.delete(
    '/claims/:id',
    {
      ...write,
      schema: {
        operationId: 'deleteClaim',
        summary: 'Delete a claim with its quotes, links and evidence',
        description:
          'Deletes the claim with its quotes, links to and from it, evidence and history. With `If-Match`, only at that version.',
        tags: ['claims'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: { 204: NoContentSchema, ...updateProblems() },
      },
    },
    async (request, reply) => {
      await store.write((tx) => deleteClaim(tx, request.params.id, writeContext(request)));
      return reply.code(204).send(null);
    },
  );

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
      versioned(
        reply,
        await store.write((tx) =>
          changeStatus(tx, request.params.id, request.body, writeContext(request)),
        ),
      ),
  );

  app.get(
    '/status-changes',
    {
      ...cachedRead,
      schema: {
        operationId: 'listStatusChanges',
        summary: 'List every verdict change of every claim, newest first',
        description:
          'Every verdict change of every claim, newest first (`since` for the ones after a time), with the claim it changed: a feed of corrections.',
        tags: ['claims'],
        querystring: StatusChangeQuerySchema,
        response: { 200: StatusChangePageSchema, ...problems(400) },
      },
    },
    async (request) => store.read((tx) => listStatusChanges(tx, request.query)),
  );

  app.post(
    '/claims/:id/rebuttals',
    {
      ...write,
      schema: {
        operationId: 'addRebuttal',
        summary: 'Add a rebuttal: link an existing claim or create one',
        description:
          'Links a claim that disputes this one: `claimId` names an existing claim, or `claim` creates one (with its quotes) and links it, in one transaction. A claim cannot rebut itself, nor twice: posted again with `note`, an existing rebuttal’s note is replaced (200).',
        tags: ['claims'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema.extend(IdempotencyHeadersSchema.shape),
        body: LinkInputSchema,
        response: {
          200: ClaimSchema.describe('The rebuttal, its link’s note replaced (the link existed)'),
          201: ClaimSchema.describe('The rebuttal'),
          ...updateProblems(),
        },
      },
    },
    async (request, reply) => {
      const { claim, created } = await store.write((tx) =>
        addLink(tx, request.params.id, 'rebuts', request.body, writeContext(request)),
      );
      return created ? sendCreated(reply, '/claims', claim) : versioned(reply, claim);
    },
  );

  app.delete(
    '/claims/:id/rebuttals/:rebuttalId',
    {
      ...write,
      schema: {
        operationId: 'removeRebuttal',
        summary: 'Remove a rebuttal link (the claims stay)',
        description: 'Removes the link; both claims stay, and their counts follow.',
        tags: ['claims'],
        security: SECURED,
        params: IdParamsSchema.extend({
          rebuttalId: z.string().min(1).max(200).describe('The rebuttal’s id or slug'),
        }),
        headers: IfMatchHeadersSchema,
        response: { 204: NoContentSchema, ...updateProblems() },
      },
    },
    async (request, reply) => {
      const { id, rebuttalId } = request.params;
      await store.write((tx) => removeLink(tx, id, 'rebuts', rebuttalId, writeContext(request)));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/claims/:id/supports',
    {
      ...write,
      schema: {
        operationId: 'addSupport',
        summary: 'Add a supporting claim: link an existing claim or create one',
        description:
          'Links a claim that backs this one: `claimId` names an existing claim, or `claim` creates one and links it. A claim cannot support itself, nor twice: posted again with `note`, an existing support’s note is replaced (200).',
        tags: ['claims'],
        security: SECURED,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema.extend(IdempotencyHeadersSchema.shape),
        body: LinkInputSchema,
        response: {
          200: ClaimSchema.describe(
            'The supporting claim, its link’s note replaced (the link existed)',
          ),
          201: ClaimSchema.describe('The supporting claim'),
          ...updateProblems(),
        },
      },
    },
    async (request, reply) => {
      const { claim, created } = await store.write((tx) =>
        addLink(tx, request.params.id, 'supports', request.body, writeContext(request)),
      );
      return created ? sendCreated(reply, '/claims', claim) : versioned(reply, claim);
    },
  );

  app.delete(
    '/claims/:id/supports/:supportId',
    {
      ...write,
      schema: {
        operationId: 'removeSupport',
        summary: 'Remove a supporting claim link (the claims stay)',
        description: 'Removes the link; both claims stay, and their counts follow.',
        tags: ['claims'],
        security: SECURED,
        params: IdParamsSchema.extend({
          supportId: z.string().min(1).max(200).describe('The supporting claim’s id or slug'),
        }),
        headers: IfMatchHeadersSchema,
        response: { 204: NoContentSchema, ...updateProblems() },
      },
    },
    async (request, reply) => {
      const { id, supportId } = request.params;
      await store.write((tx) => removeLink(tx, id, 'supports', supportId, writeContext(request)));
      return reply.code(204).send(null);
    },
  );
};
