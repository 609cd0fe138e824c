import { describe, expect, it } from 'vitest';
import { makeApp, makeKeys, send } from './helpers/app.js';
import {
  largeImportThenWrites,
  largestSearchSegment,
  searchSegments,
  settledSearchSegments,
  staleSearchDocuments,
} from './helpers/search-documents.js';

/** SQLite's FTS5 index after imports (PostgreSQL's counterpart: search-index.pg.test.ts). */
describe('the search index after a large import', () => {
  const bundle = (prefix: string, count: number) => ({
    format: 'factcheck-bundle',
    version: 1,
    claims: Array.from({ length: count }, (_, i) => ({
      slug: `${prefix}-${i}`,
      text: `Claim ${i} about ${prefix} and the home base`,
      claimant: 'mike-pompeo',
      statedAt: '2021-01-12',
      tags: [prefix],
      review: {
        publisher: 'Example Checks',
        label: 'False',
        ratingValue: null,
        bestRating: null,
        worstRating: null,
        score: 0,
        headline: `A census of ${prefix}-${i}`,
      },
    })),
  });

  it('when an import writes a quarter of the claims or more, then the index is merged into one segment (FTS5 merging nothing before), and a small one is left to the merging between writes', async () => {
    const own = await makeApp();
    try {
      const editor = (await makeKeys(own.store)).editor;
      for (const text of ['A first claim of its own', 'A second claim of its own']) {
        const created = await send(own.app, 'POST', '/claims', {
          key: editor,
          body: { text, claimantId: 'mike-pompeo', statedAt: '2021' },
        });
        expect(created.status).toBe(201);
      }
      expect(searchSegments(own)).toBeGreaterThan(1);

      const large = await send(own.app, 'POST', '/import', {
        key: editor,
        body: bundle('zeppelins', 40),
      });
      expect(large.status).toBe(200);
      expect(searchSegments(own)).toBe(1);
      // The large buffer lasted for that import only; FTS5 never merges inside a write (the store
      // merges between writes: search-merges.sqlite.test.ts).
      expect(
        Object.fromEntries(
          (
            own.raw.prepare('SELECT k, v FROM claim_search_config ORDER BY k').all() as {
              k: string;
              v: number;
            }[]
          ).map(({ k, v }) => [k, v]),
        ),
      ).toMatchObject({ automerge: 0, hashsize: 1_048_576 });

      const small = await send(own.app, 'POST', '/import', {
        key: editor,
        body: bundle('blimps', 1),
      });
      expect(small.status).toBe(200);
      expect(searchSegments(own)).toBe(2);
      const page = await send<{ items: { slug: string }[] }>(
        own.app,
        'GET',
        '/claims?q=zeppelins&limit=100',
      );
      expect(page.body.items).toHaveLength(40);
      expect(
        (await send<{ items: unknown[] }>(own.app, 'GET', '/claims?q=blimps')).body.items,
      ).toHaveLength(1);
      // The reviews' headlines were indexed with the rest, by the import's one rebuild.
      const census = await send<{ items: unknown[] }>(own.app, 'GET', '/claims?q=census&limit=100');
      expect(census.body.items).toHaveLength(41);
      expect(await staleSearchDocuments(own.peek)).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('when a large import goes into a small index, then the writes after it are merged without rewriting its segment', async () => {
    const own = await makeApp();
    try {
      let imported = 0;
      await largeImportThenWrites(own, { claims: 12_000, writes: 600 }, () => {
        expect(searchSegments(own)).toBe(1);
        imported = largestSearchSegment(own);
      });
      // FTS5 merges a level's segments, the import's among them, once the level holds four: left
      // on level 1, the import's segment was rewritten with the writes' small ones within these.
      expect(await settledSearchSegments(own)).toBeLessThanOrEqual(12);
      expect(largestSearchSegment(own)).toBe(imported);
    } finally {
      await own.close();
    }
  });
});
