import { answerExample, type ExampleSet } from '../../plugins/openapi-examples.js';
import { AuditEntrySchema } from './audit.schemas.js';

export const auditExamples: ExampleSet = {
  schemas: [
    answerExample(AuditEntrySchema, {
      id: 68,
      at: '2026-11-27T08:27:50.378Z',
      keyName: 'fact-desk',
      action: 'update',
      entityType: 'actor',
      entityId: 'act_0mwypxy4xjrg1evhnzk94',
      changes: {
        aliases: { before: [], after: ['Iranian foreign ministry'] },
      },
    }),
  ],
  operations: {
    listAudit: {
      parameters: {
        entityType: 'actor',
        entityId: 'act_0mwypxy4xjrg1evhnzk94',
        since: '2026-11-01T00:00:00Z',
      },
    },
  },
};
