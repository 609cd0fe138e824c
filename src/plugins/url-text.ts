import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isStorableText } from '../lib/json-input.js';
import { ValidationError } from '../lib/problem.js';

/**
 * What a URL carries (a path segment, a query value) is held to the rule bodies are held to: no
 * lone surrogate, no NUL (`%00`), which no record can hold. Refused with a 400 naming the part
 * (`path.id`, `query.q`), before any route reads the database with it.
 */
export const urlTextPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => {
    const parts = [
      ['path', request.params],
      ['query', request.query],
    ] as const;
    for (const [location, values] of parts) {
      if (typeof values !== 'object' || values === null) continue;
      for (const [name, value] of Object.entries(values)) {
        const texts = Array.isArray(value) ? value : [value];
        if (texts.some((text) => typeof text === 'string' && !isStorableText(text))) {
          throw new ValidationError(`The URL's ${location} holds text no record can hold.`, [
            {
              path: `${location}.${name}`,
              message: 'must not hold a NUL character (%00) or a lone surrogate',
            },
          ]);
        }
      }
    }
  });
});
