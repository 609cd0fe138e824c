import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Db } from '../../db/client.js';
import { problems, SECURED } from '../../lib/route-schemas.js';
import { AuditPageSchema, AuditQuerySchema } from './audit.schemas.js';
import { listAudit } from './audit.service.js';

export const auditRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/audit',
    {
      config: { role: 'admin' },
      schema: {
        operationId: 'listAudit',
        summary: 'List every write to the record, newest first (admin)',
        tags: ['audit'],
        security: SECURED,
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => listAudit(db, request.query),
  );
};
