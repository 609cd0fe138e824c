import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, send, type TestContext } from './helpers/app.js';

/** Reads need no key, so no search may cost more than its page. */
let ctx: TestContext;

beforeAll(async () => {
  ctx = await makeApp();
});
afterAll(async () => ctx.close());

describe('search terms', () => {
  it('when a search has more words, or longer ones, than a search may cost, then 400 names q', async () => {
    const many = Array.from({ length: 250 }, (_, i) => String.fromCharCode(97 + (i % 26)) + i).join(
      ' ',
    );
    for (const q of [many, 'x'.repeat(65)]) {
      const refused = await send<{ errors: { path: string }[] }>(
        ctx.app,
        'GET',
        `/claims?q=${encodeURIComponent(q)}`,
      );
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'query.q' })]);
    }
    const repeated = await send(ctx.app, 'GET', `/claims?q=${'iran '.repeat(40)}`);
    expect(repeated.status).toBe(200);
  });
});
