import { expect } from 'vitest';
import type { Peek } from './peek.js';
import { staleSearchDocuments } from './search-documents.js';

/**
 * Each stored count next to a fresh count of what it counts, and each claim's search document
 * next to one made afresh: the rows where they differ. (Standard SQL for both engines: a subquery
 * in FROM is named, `IS DISTINCT FROM` is SQLite's `IS NOT`.)
 */
export async function driftedCounts(peek: Peek) {
  const rows = (sql: string) => peek.rows(sql);
  return {
    actors: await rows(`SELECT slug, claim_count, n FROM (
        SELECT slug, claim_count, (SELECT count(*) FROM claims c WHERE c.claimant_id = a.id) AS n
        FROM actors a) AS counted WHERE claim_count <> n`),
    sources: await rows(`SELECT slug, quote_count, n FROM (
        SELECT slug, quote_count,
          (SELECT count(*) FROM quotes q WHERE q.source_id = s.id)
          + (SELECT count(*) FROM quotes q WHERE q.original_source_id = s.id) AS n
        FROM sources s) AS counted WHERE quote_count <> n`),
    rebuttals: await rows(`SELECT slug, rebuttal_count, n FROM (
        SELECT slug, rebuttal_count,
          (SELECT count(*) FROM claim_links l WHERE l.to_claim_id = c.id AND l.kind = 'rebuts') AS n
        FROM claims c) AS counted WHERE rebuttal_count <> n`),
    links: await rows(`SELECT slug, supporter_count, rebuts_count, supports_count, s, r, o FROM (
        SELECT slug, supporter_count, rebuts_count, supports_count,
          (SELECT count(*) FROM claim_links l WHERE l.to_claim_id = c.id AND l.kind = 'supports') AS s,
          (SELECT count(*) FROM claim_links l WHERE l.from_claim_id = c.id AND l.kind = 'rebuts') AS r,
          (SELECT count(*) FROM claim_links l WHERE l.from_claim_id = c.id AND l.kind = 'supports') AS o
        FROM claims c) AS counted WHERE supporter_count <> s OR rebuts_count <> r OR supports_count <> o`),
    evidence: await rows(`SELECT slug, evidence_count, n FROM (
        SELECT slug, evidence_count, (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id) AS n
        FROM claims c) AS counted WHERE evidence_count <> n`),
    sourceClaims: {
      stored: await rows(`SELECT source_id, claim_id, claim_seq, stated_at, created_at, quotes
        FROM source_claims ORDER BY source_id, claim_id`),
      derived: await rows(`SELECT q.source_id, c.id AS claim_id, c.seq AS claim_seq, c.stated_at,
          c.created_at, count(*) AS quotes
        FROM (SELECT claim_id, source_id FROM quotes
              UNION ALL SELECT claim_id, original_source_id FROM quotes
              WHERE original_source_id IS NOT NULL) q
        JOIN claims c ON c.id = q.claim_id
        GROUP BY q.source_id, c.id, c.seq, c.stated_at, c.created_at ORDER BY q.source_id, c.id`),
    },
    // A tag's and a link's copies of the listed claim's sort keys, next to the claim's own.
    tagKeys: await rows(`SELECT t.claim_id, t.tag, t.claim_seq, t.stated_at, t.created_at
        FROM claim_tags t LEFT JOIN claims c ON c.id = t.claim_id
        WHERE c.seq IS DISTINCT FROM t.claim_seq OR c.stated_at IS DISTINCT FROM t.stated_at
          OR c.created_at IS DISTINCT FROM t.created_at`),
    linkKeys: await rows(`SELECT l.from_claim_id, l.to_claim_id, l.from_seq, l.from_stated_at,
          l.from_created_at
        FROM claim_links l LEFT JOIN claims c ON c.id = l.from_claim_id
        WHERE c.seq IS DISTINCT FROM l.from_seq OR c.stated_at IS DISTINCT FROM l.from_stated_at
          OR c.created_at IS DISTINCT FROM l.from_created_at`),
    tags: {
      stored: await rows('SELECT tag, claim_count AS n FROM tag_counts ORDER BY tag'),
      counted: await rows('SELECT tag, count(*) AS n FROM claim_tags GROUP BY tag ORDER BY tag'),
    },
    statuses: {
      stored: await rows('SELECT status, claim_count AS n FROM status_counts ORDER BY status'),
      counted: await rows(
        'SELECT status, count(*) AS n FROM claims GROUP BY status ORDER BY status',
      ),
    },
    languages: {
      stored: await rows(
        'SELECT language, claim_count AS n FROM language_counts ORDER BY language',
      ),
      counted: await rows(
        'SELECT language, count(*) AS n FROM claims GROUP BY language ORDER BY language',
      ),
    },
    searchDocuments: await staleSearchDocuments(peek),
  };
}

export async function expectCountsExact(peek: Peek): Promise<void> {
  const drift = await driftedCounts(peek);
  expect(drift.actors).toEqual([]);
  expect(drift.sources).toEqual([]);
  expect(drift.rebuttals).toEqual([]);
  expect(drift.links).toEqual([]);
  expect(drift.evidence).toEqual([]);
  expect(drift.sourceClaims.stored).toEqual(drift.sourceClaims.derived);
  expect(drift.tagKeys).toEqual([]);
  expect(drift.linkKeys).toEqual([]);
  expect(drift.tags.stored).toEqual(drift.tags.counted);
  expect(drift.statuses.stored).toEqual(drift.statuses.counted);
  expect(drift.languages.stored).toEqual(drift.languages.counted);
  expect(drift.searchDocuments).toEqual([]);
}
