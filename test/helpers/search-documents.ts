import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { makeKeys, send, TEST_ENGINE, type TestContext } from './app.js';
import { syntheticBundle } from './bundles.js';
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

/**
 * Claims `${words} number ${i}` by the seed's Mike Pompeo, each posted in a write of its own (with
 * the editor key given, or keys made for it).
 */
export async function postClaimsOneByOne(
  c: TestContext,
  words: string,
  count: number,
  editorKey?: string,
) {
  const editor = editorKey ?? (await makeKeys(c.store)).editor;
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

/** The segment of the index with the most pages (one row of `claim_search_idx` per leaf page). */
export function largestSearchSegment(c: TestContext): number {
  return c.raw
    .prepare('SELECT segid FROM claim_search_idx GROUP BY segid ORDER BY count(*) DESC LIMIT 1')
    .pluck()
    .get() as number;
}

/** The segment count once the merging between writes has stopped changing it (at most 10 s). */
export async function settledSearchSegments(c: TestContext): Promise<number> {
  let last = searchSegments(c);
  for (let waited = 0; waited < 10_000; waited += 200) {
    await sleep(200);
    const now = searchSegments(c);
    if (now === last && waited >= 400) return now;
    last = now;
  }
  return last;
}

/**
 * `claims` claims imported (`Claim number ${i} about foxes`), then `afterImport`, then `writes`
 * claims (at least 100) posted one by one (`Okapi sighting number ${i}`); every one is found after.
 */
export async function largeImportThenWrites(
  c: TestContext,
  { claims, writes }: { claims: number; writes: number },
  afterImport: () => void,
) {
  const editor = (await makeKeys(c.store)).editor;
  const imported = await send(c.app, 'POST', '/import', {
    key: editor,
    body: syntheticBundle(claims),
  });
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  afterImport();
  await postClaimsOneByOne(c, 'Okapi sighting', writes, editor);
  for (const q of ['foxes', 'okapi']) {
    const page = await send<{ items: unknown[] }>(c.app, 'GET', `/claims?q=${q}&limit=100`);
    expect(page.body.items).toHaveLength(100);
  }
  const last = claims - 1;
  expect(await foundSlugs(c.app, `"number ${last}"`)).toEqual([`claim-${last}`]);
  expect(await staleSearchDocuments(c.peek)).toEqual([]);
}
