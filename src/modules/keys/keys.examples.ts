import { answerExample, type ExampleSet, requestExample } from '../../plugins/openapi-examples.js';
import { KeyCreateSchema, KeySchema, NewKeySchema } from './keys.schemas.js';

/** The key the create example makes (and the revoke example revokes). */
const NEW_KEY_NAME = 'fact-desk';

export const keyExamples: ExampleSet = {
  schemas: [
    answerExample(KeySchema, {
      name: 'admin',
      role: 'admin',
      createdAt: '2026-11-27T08:27:48.512Z',
      revokedAt: null,
    }),
    answerExample(NewKeySchema, {
      name: NEW_KEY_NAME,
      role: 'editor',
      createdAt: '2026-11-27T08:27:50.334Z',
      key: 'fck_efxkj3mpl1rq.0TqEKj6sdbOzacOZVNOEAfBrYbc3r7gVnqixOaZT2nk',
    }),
    requestExample(KeyCreateSchema, { name: NEW_KEY_NAME, role: 'editor' }),
  ],
  operations: {
    // The key a first start makes.
    getKey: { parameters: { name: 'admin' } },
    revokeKey: { parameters: { name: NEW_KEY_NAME }, after: 'createKey' },
  },
};
