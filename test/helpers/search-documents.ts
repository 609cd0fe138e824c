import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { makeKeys, send, TEST_ENGINE, type TestContext } from './app.js';
import type { Peek } from './peek.js';

/**
 * The claims whose search document is not the one their rows make now (`slug`), and documents
 * of no claim (`#seq`): empty when every write kept the index exact, row by row or deferred to an
 * import's end. A document is made afresh from the view both engines make it from,
 * `claim_search_rows` (SQLite's columns of the index, PostgreSQL's tsvector).
 */
export async function staleSearchDocuments(peek: Peek): Promise<string[]> {
  const stale =
    TEST_ENGINE === 'pg'
      ? await peek.values<string>(`SELECT c.slug FROM claims c
          JOIN claim_search_rows r ON r.seq = c.seq
          LEFT JOIN claim_search s ON s.claim_seq = c.seq
          WHERE s.document IS DISTINCT FROM r.document
          ORDER BY c.slug`)
      : await peek.values<string>(`SELECT c.slug FROM claims c
          JOIN claim_search_rows r ON r.seq = c.seq
          LEFT JOIN claim_search s ON s.rowid = c.seq
          WHERE s.rowid IS NULL OR s.text IS NOT r.text OR s.quotes IS NOT r.quotes
            OR s.tags IS NOT r.tags OR s.claimant IS NOT r.claimant OR s.headline IS NOT r.headline
          ORDER BY c.slug`);
  const orphans = await peek.values<number>(
    TEST_ENGINE === 'pg'
      ? 'SELECT claim_seq FROM claim_search WHERE claim_seq NOT IN (SELECT seq FROM claims)'
      : 'SELECT rowid FROM claim_search WHERE rowid NOT IN (SELECT seq FROM claims)',
  );
  return [...stale, ...orphans.map((seq) => `#${seq}`)];
}

/** The slugs of the claims `GET /claims?q=` answers, in its order. */
export async function foundSlugs(app: App, q: string): Promise<string[]> {
  const page = await send<{ items: { slug: string }[] }>(
    app,
    'GET',
    `/claims?q=${encodeURIComponent(q)}`,
  );
  expect(page.status).toBe(200);
  return page.body.items.map((item) => item.slug);
}

/** Claims `${words} number ${i}` by the seed's Mike Pompeo, each posted in a write of its own. */
export async function postClaimsOneByOne(c: TestContext, words: string, count: number) {
  const editor = (await makeKeys(c.store)).editor;
  for (let i = 0; i < count; i++) {
    const created = await send(c.app, 'POST', '/claims', {
      key: editor,
      body: { text: `${words} number ${i}`, claimantId: 'mike-pompeo', statedAt: '2021' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
}

/** SQLite's FTS5 index is kept in segments; finding a claim costs a seek in each, for every term. */
export function searchSegments(c: TestContext): number {
  return c.raw
    .prepare('SELECT count(DISTINCT segid) FROM claim_search_idx')
    .pluck()
    .get() as number;
}
