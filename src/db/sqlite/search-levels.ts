import type Database from 'better-sqlite3';

/**
 * FTS5 keeps its segments on levels and merges a whole level into the next once it holds enough
 * of them (four, the store's merging, see search-merges.ts). `optimize` merges every segment into
 * one, which it leaves one level above the highest that held a segment or, when all were on one
 * level, on the next: after an import into an empty index, level 1. Writes then bring their small
 * segments up to it within a few hundred commits, and the merge of that level rewrites the import's
 * large segment with them: 540 MB on the 1 M record, again each time its level fills.
 *
 * So an import into a small index leaves the large segment high instead, out of reach of the
 * writes' merging for millions of commits:
 * - Levels first: a few claims, then a claim at a time, each slice a segment of its own, the index
 *   optimized after each. Each optimize finds segments on two levels and leaves the index's one two
 *   levels higher; FTS5 keeps the levels it has made even once they are empty.
 * - A base on a level of its own: a larger slice, optimized. A new segment pulls down to its level
 *   the segments above it that are no larger than itself, so the base must outsize every segment
 *   that follows (the first segments, the levels' small one, are pulled down and merged with it).
 * - The rest in slices smaller than the base, a segment each.
 * The import's own `optimize` then finds segments on two levels and merges them into one on the
 * highest level yet. The extra work is the base written twice (a tenth of the 1 M record's index).
 *
 * `indexNext` indexes the next claims to index, as many as it is given; it says how many it did.
 */
export function indexAboveMerging(
  sqlite: Database.Database,
  toIndex: number,
  indexNext: (count: number) => number,
): void {
  indexNext(FIRST_SLICE);
  endSegment(sqlite);
  for (let i = 0; i < LEVEL_ROUNDS; i++) {
    indexNext(1);
    endSegment(sqlite);
    optimizeSearchIndex(sqlite);
  }
  const base = Math.min(MAX_BASE, Math.ceil(toIndex * BASE_SHARE));
  indexNext(base);
  endSegment(sqlite);
  optimizeSearchIndex(sqlite);
  const slice = Math.floor(base * SLICE_OF_BASE);
  while (indexNext(slice) > 0) endSegment(sqlite);
}

/**
 * Sets one of the index's settings through FTS5's own command, which refuses a bound parameter:
 * the value is written into the text (a number as it is, anything else as a quoted string).
 */
export function putSearchSetting(sqlite: Database.Database, name: string, value: unknown): void {
  const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const literal =
    typeof value === 'number' || typeof value === 'bigint' ? String(value) : quoted(String(value));
  sqlite.exec(`INSERT INTO claim_search (claim_search, rank) VALUES (${quoted(name)}, ${literal})`);
}

/**
 * What FTS5 gathers in memory before it writes a segment, while an import indexes: a larger buffer
 * makes far fewer segments to merge and costs the same memory however many claims there are.
 */
export const BULK_HASH_SIZE = 64 * 1_048_576;

/** Merges the search index into one segment. */
export function optimizeSearchIndex(sqlite: Database.Database): void {
  sqlite.exec("INSERT INTO claim_search (claim_search) VALUES ('optimize')");
}

/** FTS5 writes what it has gathered in memory as a segment when a savepoint begins. */
function endSegment(sqlite: Database.Database): void {
  sqlite.exec('SAVEPOINT search_segment; RELEASE search_segment');
}

/** The imports it serves: at least this many claims, into an index of at most SMALL_INDEX. */
export const LARGE_IMPORT = 10_000;
export const SMALL_INDEX = 10_000;
const FIRST_SLICE = 50;
/** Rounds of two levels each, after the first: the large segment ends on level ~16. */
const LEVEL_ROUNDS = 8;
const BASE_SHARE = 0.6;
/** Bounds the base's second writing, and what FTS5 gathers in memory for a slice. */
const MAX_BASE = 100_000;
/** Slices of fewer claims than the base (should FTS5's buffer fill first, smaller still). */
const SLICE_OF_BASE = 0.8;
