import { pipeline } from 'node:stream';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../db/store.js';
import { writeContext } from '../../http/etag.js';
import { isStreamedBody } from '../../http/request-parts.js';
import { problems, SECURED } from '../../http/route-schemas.js';
import { varyBy } from '../../http/vary.js';
import { ImportQuerySchema } from '../../lib/api-schemas.js';
import { ValidationError } from '../../lib/problem.js';
import { streamedExport } from './bundle.export.js';
import { importBundle, importNdjson } from './bundle.import.js';
import { COLLECTION_TYPES, ExportedBundleSchema, RECORD_TYPES } from './bundle.schemas.js';
import { byteLimit } from './byte-limit.js';

const CountsSchema = z.object({
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  kept: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe(
      'With `existing=keep` only: stored records left as they are though the import’s differ (listed in `differing`)',
    ),
});

const DifferingRecordSchema = z.object({
  type: z.enum(Object.values(COLLECTION_TYPES)),
  key: z
    .string()
    .describe(
      'The record’s slug as the import names it (a link: `from→to`; a quote or status entry: its claim)',
    ),
  fields: z
    .array(z.string())
    .describe(
      'The bundle fields that differ (a quote or history entry the stored claim lacks: `quotes`, `history`)',
    ),
});

export const ImportReportSchema = z
  .object({
    dryRun: z.boolean().describe('True when nothing was written'),
    changed: z.boolean().describe('Whether anything was (or, in a dry run, would be) written'),
    records: z.number().int().min(0).describe('Records read'),
    counts: z.object(Object.fromEntries(RECORD_TYPES.map((type) => [type, CountsSchema]))),
    differing: z
      .array(DifferingRecordSchema)
      .optional()
      .describe(
        'With `existing=keep` only: the stored records left as they are that differ from the import’s, with the fields that differ (the first 1000; `counts` has them all)',
      ),
    durationMs: z.number().int().min(0),
  })
  .meta({ id: 'ImportReport', description: 'What an import did, per record type' });

const BundleImportQuerySchema = ImportQuerySchema.extend({
  existing: z
    .enum(['update', 'keep'])
    .default('update')
    .describe(
      'What becomes of a record the database holds already (same slug or id): `update` brings it in line with the import’s; `keep` leaves it as it is (no new version, history or audit entry) and lists it in `differing` when the import’s differs, so only what is missing is added',
    ),
});

export type BundleRoutesOptions = {
  store: Store;
  /** NDJSON: counted as it streams through the importer. */
  importBodyLimit: number;
  /** A bundle document: parsed whole, so far smaller. */
  importJsonLimit: number;
};

export const bundleRoutes: FastifyPluginAsyncZod<BundleRoutesOptions> = async (
  app,
  { store, importBodyLimit, importJsonLimit },
) => {
  // NDJSON is read as a stream by the importer, a line at a time.
  app.addContentTypeParser('application/x-ndjson', (_request, payload, done) =>
    done(null, payload),
  );

  app.post(
    '/import',
    {
      config: {
        role: 'editor',
        overLimit:
          'Send larger imports as NDJSON (application/x-ndjson), which is streamed (IMPORT_JSON_LIMIT sets the limit).',
      },
      // The JSON parser's limit; NDJSON is a stream the parser leaves alone, counted below.
      bodyLimit: importJsonLimit,
      // The importer checks the bundle itself, record by record, and names each bad one (422):
      // the route takes any body (the document describes it as a Bundle), for a schema check of
      // the whole would make an issue object per bad item of a list millions long.
      attachValidation: true,
      schema: {
        operationId: 'importBundle',
        summary: 'Import a bundle or NDJSON: upsert by slug or id, all or nothing',
        description:
          'A bundle document (`application/json`, parsed whole: up to IMPORT_JSON_LIMIT, 32 MiB by default, else 413), or NDJSON (`application/x-ndjson`, up to IMPORT_BODY_LIMIT): one record a line with its `type` (actor, source, claim, quote, link, evidence, status), streamed in bounded memory. Records may reference each other in any order. Every record is checked (shape, references, quote offsets); any error is a 422 listing each bad record (`claims.7…`, `lines.12…`) and nothing is written. Equal records are left `unchanged`; with `existing=keep` every stored record is left as it is.',
        tags: ['import-export'],
        security: SECURED,
        querystring: BundleImportQuerySchema,
        body: z.unknown(),
        response: { 200: ImportReportSchema, ...problems(400, 401, 403, 413, 415, 422) },
      },
    },
    async (request) => {
      const failed = request.validationError;
      if (failed && failed.validationContext !== 'body') throw failed;
      const query = BundleImportQuerySchema.safeParse(request.query);
      if (!query.success) {
        const errors = query.error.issues.map((i) => ({
          path: ['query', ...i.path].join('.'),
          message: i.message,
        }));
        throw new ValidationError('Invalid query.', errors);
      }
      const options = {
        dryRun: query.data.dryRun,
        existing: query.data.existing,
        by: writeContext(request).by,
      };
      if (!isStreamedBody(request.body)) return importBundle(store, request.body, options);
      // A chunked upload says nothing of its length: null, the size of a stream not known.
      const length = request.headers['content-length'];
      return importNdjson(
        store,
        pipeline(request.body, byteLimit(importBodyLimit), () => {}),
        options,
        { expectedBytes: length === undefined ? null : Number(length) },
      );
    },
  );

  app.get(
    '/export',
    {
      schema: {
        operationId: 'exportRecord',
        summary: 'Export the whole record as a bundle, or as NDJSON',
        description:
          'A bundle document (`application/json`), or with `Accept: application/x-ndjson` one record a line, each with its `type`. Dependency order; ids and slugs included. The response is streamed.',
        tags: ['import-export'],
        response: { 200: ExportedBundleSchema, ...problems() },
      },
    },
    async (request, reply) => {
      const ndjson = (request.headers.accept ?? '').includes('application/x-ndjson');
      const lines = streamedExport(store, ndjson ? 'ndjson' : 'bundle');
      // The same URL answers two representations: a cache must key them by Accept.
      varyBy(reply, 'Accept');
      // A stream is sent as it is; the schema documents what it carries.
      return reply.sendChunks(ndjson ? 'application/x-ndjson' : 'application/json', lines);
    },
  );
};
