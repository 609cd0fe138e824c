import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeApp, type TestContext } from './helpers/app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await makeApp({
    seed: false,
    beforeReady: ({ app }) => {
      app.get(
        '/test-leak',
        {
          schema: {
            response: {
              200: z.object({
                name: z.string(),
                nested: z.object({ kept: z.number() }),
                items: z.array(z.object({ id: z.string() })),
                document: z.unknown(),
              }),
            },
          },
        },
        // A handler that answers more than its schema documents (as a row with internal columns would).
        async () =>
          ({
            name: 'shown',
            passwordHash: 'never shown',
            nested: { kept: 1, internal: 'never shown' },
            items: [{ id: 'a', seq: 41 }],
            document: { publisher: { anything: ['goes', 1] } },
          }) as never,
      );
    },
  });
});
afterAll(() => ctx.close());

describe('responses are written from their documented schema', () => {
  it('when a handler answers undocumented fields, at any depth, then none of them is sent; documented free-form JSON is sent whole', async () => {
    const response = await ctx.app.inject({ url: '/test-leak' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      name: 'shown',
      nested: { kept: 1 },
      items: [{ id: 'a' }],
      document: { publisher: { anything: ['goes', 1] } },
    });
    expect(response.body).not.toContain('never shown');
    expect(response.body).not.toContain('41');
  });
});
