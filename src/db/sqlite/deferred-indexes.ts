import { availableParallelism } from 'node:os';
import { getTableName } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { claimLinks, claims, sourceClaims } from '../schema.js';
import type { Tx } from '../store.js';
import { bulkCacheMbOf, clientOf, useTempFiles } from './connection.js';

/**
 * A large import writes rows in slug and date orders that are random to most secondary indexes:
 * once the database outgrows the page cache, each index entry costs a page read and a page write
 * (an import of a million claims ran at less than half the rate of one of 100,000). Building an
 * index afterwards from the finished table is a sort, far cheaper. So once an import has written
 * about as many records as the database held (three per stored claim, and at least `minRecords`),
 * the non-unique indexes are dropped, inside its transaction, and `restore` builds them again from
 * their stored definitions before it commits. A rollback (a refused import, a dry run, a crash)
 * brings them back untouched, for SQLite's DDL is transactional, and no other connection ever sees
 * them missing. From then on the import's sorts and temporary results are kept on files, not in
 * memory, until it ends (`release`).
 *
 * Kept: unique indexes (they enforce rules and resolve slugs), and indexes led by a reference to a
 * claim, through which the import reads a claim's history and evidence while it writes, except
 * those that order a claim's links by the linking claim's sort keys (only list pages read them).
 * The triggers that keep each source's claims row by row are set aside with them; `restore`
 * derives that table again in one statement and puts them back. The triggers that keep the sort
 * keys tags and links copy from their claims stay: they write a claim's few rows, by primary key,
 * only when its dates move or it comes after its links, and no derivation would be cheaper. The
 * search index's triggers are its own (DeferredSearchIndex, told through `onLarge`).
 */
export class DeferredIndexes {
  private setAside: { name: string; sql: string }[] = [];
  private triggersSetAside: { name: string; sql: string }[] = [];
  private records = 0;
  /** The page cache before the import was found large, given back when it ends. */
  private cacheBefore: number | null = null;

  private constructor(
    private readonly tx: Tx,
    private readonly threshold: number,
    private readonly cacheMb: number,
    private readonly onLarge: () => void,
  ) {}

  /** `onLarge` runs as the import becomes large, once its indexes are set aside. */
  static async open(
    tx: Tx,
    { minRecords = LARGE_IMPORT_RECORDS, onLarge = () => {} } = {},
  ): Promise<DeferredIndexes> {
    const threshold = Math.max(1, minRecords, claimsStored(tx) * RECORDS_PER_CLAIM);
    return new DeferredIndexes(tx, threshold, bulkCacheMbOf(tx), onLarge);
  }

  /** Counts one record written; the one that makes the import large sets the indexes aside. */
  noteRecord(): void {
    if (++this.records !== this.threshold) return;
    const client = clientOf(this.tx);
    // The import's own page cache (IMPORT_CACHE_MB) while it runs. The unique indexes (ids, slugs)
    // and those led by a claim take their rows in random order, and a cache that holds them all
    // spares a page read for most rows; but the memory grows with it, and 512 MiB made an import
    // of 300,000 records 6 % faster than 64 MiB at twice the peak memory (986 MB against 526).
    this.cacheBefore = Number(client.pragma('cache_size', { simple: true }));
    client.pragma(`cache_size = -${Math.trunc(this.cacheMb * 1024)}`);
    useTempFiles(this.tx, true);
    this.setAside = client
      .prepare(
        `SELECT i.name AS name, s.sql AS sql
         FROM sqlite_schema t
         JOIN pragma_index_list(t.name) i
         JOIN sqlite_schema s ON s.type = 'index' AND s.name = i.name
         WHERE t.type = 'table' AND i.origin = 'c' AND NOT i."unique" AND s.sql IS NOT NULL
           AND (i.name IN (SELECT value FROM json_each(?)) OR NOT EXISTS (
             SELECT 1 FROM pragma_index_info(i.name) c
             JOIN pragma_foreign_key_list(t.name) f ON f."from" = c.name
             WHERE c.seqno = 0 AND f."table" = ?))
         ORDER BY i.name`,
      )
      .all(JSON.stringify(LINK_ORDER_INDEXES), getTableName(claims)) as {
      name: string;
      sql: string;
    }[];
    client.exec(this.setAside.map((index) => `DROP INDEX main."${index.name}";`).join('\n'));
    // A source's claims are kept row by row by triggers on every quote written: set aside too,
    // and the whole table derived again in one statement at the end.
    this.triggersSetAside = client
      .prepare(
        `SELECT name, sql FROM sqlite_schema
         WHERE type = 'trigger' AND name GLOB '*_${SOURCE_CLAIMS}_*' ORDER BY name`,
      )
      .all() as { name: string; sql: string }[];
    client.exec(
      this.triggersSetAside.map((trigger) => `DROP TRIGGER main."${trigger.name}";`).join('\n'),
    );
    this.onLarge();
  }

  /** The indexes set aside, built again (each a sort of its table); none when none were. */
  async restore(): Promise<void> {
    const indexes = this.setAside;
    this.setAside = [];
    const triggers = this.triggersSetAside;
    this.triggersSetAside = [];
    if (indexes.length === 0 && triggers.length === 0) return;
    const client = clientOf(this.tx);
    // SQLite sorts in memory up to the size of the page cache, on top of the cache itself: the
    // sorts of a million rows would add as much again to the writer's memory. With a smaller cache
    // while the table is derived (a GROUP BY) and the indexes built, a larger sort merges runs
    // from a temporary file instead.
    const cacheSize = Number(client.pragma('cache_size', { simple: true }));
    client.pragma(`cache_size = -${SORT_CACHE_KB}`);
    // Each sort's runs sorted on helper threads, on the machine's other cores, while the main
    // thread reads the table.
    client.pragma(`threads = ${SORT_HELPER_THREADS}`);
    try {
      if (triggers.length > 0) {
        client.exec(`DELETE FROM main.${SOURCE_CLAIMS}; ${DERIVE_SOURCE_CLAIMS}`);
        client.exec(triggers.map((trigger) => `${trigger.sql};`).join('\n'));
      }
      client.exec(indexes.map((index) => `${index.sql};`).join('\n'));
    } finally {
      client.pragma(`cache_size = ${Math.trunc(cacheSize)}`);
      client.pragma('threads = 0');
    }
  }

  /** Gives the connection its page cache back, whether the import was committed or not. */
  release(): void {
    if (this.cacheBefore === null) return;
    clientOf(this.tx).pragma(`cache_size = ${Math.trunc(this.cacheBefore)}`);
    useTempFiles(this.tx, false);
    this.cacheBefore = null;
  }
}

const SOURCE_CLAIMS = getTableName(sourceClaims);

/** The indexes that order a claim's links by the linking claim's copied sort keys. */
const LINK_ORDER_INDEXES = getTableConfig(claimLinks)
  .indexes.filter((index) => index.config.columns.includes(claimLinks.fromSeq))
  .map((index) => index.config.name);

/** Each source's claims as its triggers keep them: a claim quoting it twice counts twice. */
const DERIVE_SOURCE_CLAIMS = `
  INSERT INTO main.${SOURCE_CLAIMS} (source_id, claim_id, claim_seq, stated_at, created_at, quotes)
  SELECT q.source_id, c.id, c.seq, c.stated_at, c.created_at, count(*)
  FROM (SELECT claim_id, source_id FROM main.quotes
        UNION ALL SELECT claim_id, original_source_id FROM main.quotes
        WHERE original_source_id IS NOT NULL) q
  JOIN main.claims c ON c.id = q.claim_id
  GROUP BY q.source_id, q.claim_id`;

/** The page cache, and so the sort memory, while the indexes are built: 32 MiB. */
const SORT_CACHE_KB = 32 * 1024;

/** Helper threads a sort may use: one per other core, up to SQLite's limit. */
const SORT_HELPER_THREADS = Math.min(8, Math.max(0, availableParallelism() - 1));

/**
 * Below this many records an import never sets indexes aside: the statements prepared again after
 * the indexes are dropped, and the builds, would cost more than the entries they spare. Above it,
 * an import into an empty database ran 15 % faster at 100,000 records with 5,000 than with 50,000:
 * every secondary index of the claims it writes costs a row's write as much as the row itself.
 */
const LARGE_IMPORT_RECORDS = 5000;

/** An import's records per claim, about (a claim, its history, evidence and links). */
const RECORDS_PER_CLAIM = 3;

/** About how many claims are stored (deleted ones included): the highest row key, in one seek. */
export function claimsStored(tx: Tx): number {
  return clientOf(tx)
    .prepare(`SELECT coalesce(max(seq), 0) FROM main.${getTableName(claims)}`)
    .pluck()
    .get() as number;
}
