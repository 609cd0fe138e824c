import { describe, expect, it } from 'vitest';
import { makeApp, makeKeys, send } from './helpers/app.js';
import { largeImportThenWrites, staleSearchDocuments } from './helpers/search-documents.js';

/**
 * PostgreSQL's search documents after imports and the API's writes (SQLite's counterpart:
 * search-index.sqlite.test.ts): one per claim, kept in the write's transaction, the claim's text
 * weighted above its tags and its claimant above its quotes and its review's headline.
 */
describe('the search documents after a large import', () => {
  it('when an import and the API write claims, then each claim has one document, its text A, tags B, quotes and review headline C, claimant D', async () => {
    const own = await makeApp();
    try {
      const editor = (await makeKeys(own.store)).editor;
      const imported = await send(own.app, 'POST', '/import', {
        key: editor,
        body: {
          format: 'factcheck-bundle',
          version: 1,
          claims: Array.from({ length: 40 }, (_, i) => ({
            slug: `zeppelins-${i}`,
            text: `Claim ${i} about zeppelins`,
            claimant: 'mike-pompeo',
            statedAt: '2021-01-12',
            tags: ['airships'],
            quotes: [{ source: 'article', exact: 'home base', start: 821, end: 830 }],
            review: {
              publisher: 'Example Checks',
              label: 'False',
              ratingValue: null,
              bestRating: null,
              worstRating: null,
              score: 0,
              headline: `Dirigible census number ${i}`,
            },
          })),
        },
      });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      const created = await send(own.app, 'POST', '/claims', {
        key: editor,
        body: { text: 'A gondola claim', claimantId: 'mike-pompeo', statedAt: '2021' },
      });
      expect(created.status).toBe(201);

      const orphans = await own.peek.value(
        'SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM claim_search s WHERE s.claim_seq = c.seq)',
      );
      expect(orphans).toBe(0);
      expect(await own.peek.value('SELECT count(*) FROM claim_search')).toBe(
        await own.peek.value('SELECT count(*) FROM claims'),
      );
      const weights = await own.peek.row<Record<string, boolean>>(
        `SELECT
           ts_filter(s.document, '{a}') @@ to_tsquery('factcheck', 'zeppelins') AS text,
           ts_filter(s.document, '{b}') @@ to_tsquery('factcheck', 'airships') AS tags,
           ts_filter(s.document, '{c}') @@ to_tsquery('factcheck', 'home & base') AS quotes,
           ts_filter(s.document, '{d}') @@ to_tsquery('factcheck', 'pompeo & secpompeo') AS claimant,
           ts_filter(s.document, '{c}') @@ to_tsquery('factcheck', 'dirigible & census') AS headline,
           ts_filter(s.document, '{a}') @@ to_tsquery('factcheck', 'airships') AS tag_as_text
         FROM claims c JOIN claim_search s ON s.claim_seq = c.seq WHERE c.slug = 'zeppelins-7'`,
      );
      expect(weights).toEqual({
        text: true,
        tags: true,
        quotes: true,
        claimant: true,
        headline: true,
        tag_as_text: false,
      });
      expect(await staleSearchDocuments(own.peek)).toEqual([]);
      const page = await send<{ items: unknown[] }>(
        own.app,
        'GET',
        '/claims?q=zeppelins&limit=100',
      );
      expect(page.body.items).toHaveLength(40);
      const byHeadline = await send<{ items: unknown[] }>(
        own.app,
        'GET',
        '/claims?q=dirigible&limit=100',
      );
      expect(byHeadline.body.items).toHaveLength(40);
      expect(
        (await send<{ items: unknown[] }>(own.app, 'GET', '/claims?q=gondola')).body.items,
      ).toHaveLength(1);
    } finally {
      await own.close();
    }
  });

  it('when a large import goes into a small index, then the writes after it are found with it (no segments to keep: one document per claim)', async () => {
    const own = await makeApp();
    try {
      await largeImportThenWrites(own, { claims: 2_000, writes: 100 }, () => {});
      expect(await own.peek.value('SELECT count(*) FROM claim_search')).toBe(
        await own.peek.value('SELECT count(*) FROM claims'),
      );
    } finally {
      await own.close();
    }
  });
});
