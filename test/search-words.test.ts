import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

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

  it('when a claim writes numbers, hosts, addresses or markup, then each of their words is found, as typed', async () => {
    const { editor } = await makeKeys(ctx.store);
    const text =
      'Growth was 3.7 percent in 2019-2020, says www.bbc.co.uk, wrote john@example.com in <b>bold</b> v1.2.3';
    const created = await send(ctx.app, 'POST', '/claims', {
      key: editor,
      body: { text, claimantId: 'mike-pompeo', statedAt: '2021' },
    });
    expect(created.status).toBe(201);
    for (const q of [
      '3.7',
      '2020',
      '2019-2020',
      'bbc',
      'www.bbc.co.uk',
      'john',
      'example',
      'bold',
    ]) {
      expect(
        (await texts(q)).some((found) => found.startsWith(text)),
        q,
      ).toBe(true);
    }
  });
});
