import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { writeContext } from '../../lib/etag.js';
import { problems, SECURED } from '../../lib/route-schemas.js';
import { exportBundleJson, exportNdjson } from './bundle.export.js';
import { importBundle } from './bundle.import.js';
import { BundleSchema, RECORD_TYPES } from './bundle.schemas.js';

const CountsSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

export const ImportReportSchema = z
  .object({
    dryRun: z.boolean().describe('True when nothing was written'),
    changed: z.boolean().describe('Whether anything was (or, in a dry run, would be) written'),
    counts: z.object(Object.fromEntries(RECORD_TYPES.map((type) => [type, CountsSchema]))),
    durationMs: z.number().int(),
  })
  .meta({ id: 'ImportReport', description: 'What an import did, per record type' });

const ImportQuerySchema = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('Check and report without writing'),
});

export const bundleRoutes: FastifyPluginAsyncZod<{ db: Db; importBodyLimit: number }> = async (
  app,
  { db, importBodyLimit },
) => {
  app.post(
    '/import',
    {
      config: { role: 'editor' },
      bodyLimit: importBodyLimit,
      // The importer checks the bundle itself and names each bad record (422): the route only
      // documents its shape, and keeps a validation failure for the handler to see.
      attachValidation: true,
      schema: {
        operationId: 'importBundle',
        summary: 'Import a bundle: upsert by slug or id, all or nothing',
        description:
          'Every record is checked first (shape, references, quote offsets); any error is a 422 listing each bad record and nothing is written. Equal records are left `unchanged`.',
        tags: ['import-export'],
        security: SECURED,
        querystring: ImportQuerySchema,
        body: BundleSchema.meta({ id: 'Bundle' }),
        response: { 200: ImportReportSchema, ...problems(400, 401, 403, 413, 415, 422) },
      },
    },
    async (request) => {
      const failed = request.validationError;
      if (failed && failed.validationContext !== 'body') throw failed;
      return importBundle(db, request.body, {
        dryRun: request.query.dryRun,
        by: writeContext(request).by,
      });
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
        response: { 200: z.string().describe('A bundle document, or NDJSON lines'), ...problems() },
      },
    },
    async (request, reply) => {
      const ndjson = (request.headers.accept ?? '').includes('application/x-ndjson');
      const lines = ndjson ? exportNdjson(db) : exportBundleJson(db);
      return (
        reply
          .type(ndjson ? 'application/x-ndjson' : 'application/json')
          .serializer((payload) => String(payload))
          // A stream is sent as it is; the schema documents what it carries.
          .send(Readable.from(lines) as unknown as string)
      );
    },
  );
};
