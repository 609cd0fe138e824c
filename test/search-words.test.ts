import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, send, type TestContext } from './helpers/app.js';

/** How a word of `q` matches: short ones as the beginning of a word, longer ones as whole words. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await makeApp();
});
afterAll(() => ctx.close());

async function texts(q: string): Promise<string[]> {
  const answer = await send<{ items: { text: string; snippet: string | null }[] }>(
    ctx.app,
    'GET',
    `/claims?limit=100&q=${encodeURIComponent(q)}`,
  );
  expect(answer.status).toBe(200);
  return answer.body.items.map((item) => `${item.text} ${item.snippet ?? ''}`);
}

describe('search words', () => {
  it('when a word has at most 3 characters, then it matches every word it begins', async () => {
    const found = await texts('ira');
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((text) => /\biranian\b/i.test(text))).toBe(true);
    expect(found.every((text) => /<mark>ira/i.test(text))).toBe(true);
  });

  it('when a word is longer, then it matches that word in any of its forms, not longer words', async () => {
    const sanction = await texts('sanction');
    expect(sanction.length).toBeGreaterThan(0);
    expect(sanction.every((text) => /<mark>sanction/i.test(text))).toBe(true);
    expect(await texts('sanctions')).toEqual(sanction);
    expect(await texts('sanct')).toEqual([]);
  });
});
