import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../db/store.js';
import { writeContext } from '../../http/etag.js';
import { problems, SECURED } from '../../http/route-schemas.js';
import { IdParamsSchema, ImportQuerySchema } from '../../lib/api-schemas.js';
import { scriptSafeJson } from '../../lib/script-safe-json.js';
import { jsonBodyParser } from '../../plugins/json-body.js';
import { ImportReportSchema } from '../bundles/bundles.routes.js';
import { importClaimReviews } from './claimreview.import.js';
import { ClaimReviewSchema } from './claimreview.schemas.js';
import { claimReview, type Publisher, streamedClaimReviewFeed } from './claimreview.service.js';

export const ClaimReviewReportSchema = ImportReportSchema.extend({
  reviews: z.number().int().min(0),
  unmappedRatings: z
    .array(z.object({ url: z.string(), rating: z.string().nullable() }))
    .describe('Ratings that matched no status: those claims stay unverified'),
}).meta({ id: 'ClaimReviewImportReport' });

export const claimReviewRoutes: FastifyPluginAsyncZod<{
  store: Store;
  publisher: () => Publisher;
  importJsonLimit: number;
}> = async (app, { store, publisher, importJsonLimit }) => {
  // JSON-LD is JSON: what publishers serve as application/ld+json is read by the same parser.
  app.addContentTypeParser('application/ld+json', jsonBodyParser);

  app.post(
    '/import/claimreview',
    {
      config: {
        role: 'editor',
        overLimit: 'Split the feed into several imports (IMPORT_JSON_LIMIT sets the limit).',
      },
      // The document is parsed whole: its own limit, far below IMPORT_BODY_LIMIT.
      bodyLimit: importJsonLimit,
      schema: {
        operationId: 'importClaimReviews',
        summary: 'Import fact-checkers’ schema.org ClaimReviews',
        description:
          'One ClaimReview, an array, a page’s JSON-LD with `@graph`, or a DataFeed. Each review becomes its claimant (matched by name, alias or sameAs), the sources it appeared in (by url), the claim with the status its rating maps to, the review as evidence, and provenance (the original document). Idempotent by the review url; all or nothing. The document is parsed whole: up to IMPORT_JSON_LIMIT (32 MiB by default), else 413.',
        tags: ['import-export'],
        security: SECURED,
        querystring: ImportQuerySchema,
        body: z.unknown().describe('ClaimReview JSON-LD (application/json or application/ld+json)'),
        response: { 200: ClaimReviewReportSchema, ...problems(400, 401, 403, 413, 415, 422) },
      },
    },
    async (request) =>
      importClaimReviews(store, request.body, {
        dryRun: request.query.dryRun,
        by: writeContext(request).by,
      }),
  );

  app.get(
    '/claims/:id/claimreview',
    {
      schema: {
        operationId: 'getClaimReview',
        summary: 'Get a claim as a schema.org ClaimReview (JSON-LD)',
        description:
          'The rating comes from the evidence status (see the README’s mapping). An unverified claim has no review: 404.',
        tags: ['import-export'],
        params: IdParamsSchema,
        response: { 200: ClaimReviewSchema, ...problems(404) },
      },
    },
    async (request, reply) => {
      const review = await store.read((tx) => claimReview(tx, request.params.id, publisher()));
      // Publishers embed it in a <script> element: no stored text may close that element.
      return reply.type('application/ld+json').serializer(scriptSafeJson).send(review);
    },
  );

  app.get(
    '/export/claimreview',
    {
      schema: {
        operationId: 'exportClaimReviews',
        summary: 'Export every reviewed claim as a ClaimReview feed (a JSON-LD array)',
        description:
          "Every claim with a verdict as a schema.org ClaimReview (JSON-LD), for fact-check aggregators: the claim, its claimant and date, the rating on this API's scale, and the claim's page under PUBLIC_BASE_URL.",
        tags: ['import-export'],
        response: { 200: z.array(ClaimReviewSchema), ...problems() },
      },
    },
    async (_request, reply) => {
      const feed = streamedClaimReviewFeed(store, publisher());
      // A stream is sent as it is; the schema documents what it carries.
      return reply.sendChunks('application/ld+json', feed);
    },
  );
};
