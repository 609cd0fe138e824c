import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

/** Slugs made from a claim's words, when many claims share them. */
let ctx: TestContext;
let key: string;
const statements: string[] = [];

beforeAll(async () => {
  ctx = await makeApp({
    storeOptions: { onStatement: (sql) => statements.push(sql) },
  });
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

const TEXT = 'The same words, said again and again';
const BASE = 'the-same-words-said-again-and-again';

async function post(): Promise<string> {
  const created = await send<{ slug: string }>(ctx.app, 'POST', '/claims', {
    key,
    body: { text: TEXT, claimantId: 'mike-pompeo', statedAt: '2021' },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.slug;
}

describe('a slug made from words many claims share', () => {
  it('when the same words are posted again and again, then each claim gets the next number, found in a few lookups however many came before', async () => {
    const slugs: string[] = [];
    for (let i = 0; i < 40; i++) slugs.push(await post());
    expect(slugs).toEqual([BASE, ...Array.from({ length: 39 }, (_, i) => `${BASE}-${i + 2}`)]);

    statements.length = 0;
    expect(await post()).toBe(`${BASE}-41`);
    const lookups = statements.filter((sql) => /"claims"\."slug" = /.test(sql));
    // Doubling to 64, then halving the gap back to 41: 13 at most, where one a number took 41.
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.length).toBeLessThanOrEqual(13);
  });

  it('when a numbered claim was deleted, then a new one still gets a slug no claim has', async () => {
    const gone = await send(ctx.app, 'DELETE', `/claims/${BASE}-7`, { key });
    expect(gone.status).toBe(204);
    const slug = await post();
    expect(slug).toMatch(new RegExp(`^${BASE}-\\d+$`));
    const found = await send<{ slug: string; text: string }>(ctx.app, 'GET', `/claims/${slug}`);
    expect(found.status).toBe(200);
    expect(found.body.slug).toBe(slug);
    const all = await send<{ items: { slug: string }[] }>(ctx.app, 'GET', '/claims?limit=100');
    const slugs = all.body.items.map((item) => item.slug).filter((s) => s.startsWith(BASE));
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs).toHaveLength(41);
  });
});
