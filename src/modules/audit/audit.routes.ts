import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { Store } from '../../db/store.js';
import { problems, SECURED } from '../../http/route-schemas.js';
import { listAudit } from './audit.queries.js';
import { AuditPageSchema, AuditQuerySchema } from './audit.schemas.js';

export const auditRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/audit',
    {
      config: { role: 'admin' },
      schema: {
        operationId: 'listAudit',
        summary: 'List every write to the record, newest first (admin)',
        description:
          'Every write as it was made: when, by which key, the action, the entity, and each changed field before and after. Filter by `entityType`, `entityId`, `since`; newest first, paged.',
        tags: ['audit'],
        security: SECURED,
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => store.read((tx) => listAudit(tx, request.query)),
  );
};
