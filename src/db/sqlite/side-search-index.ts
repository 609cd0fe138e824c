import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { threadModule } from '../../lib/thread-module.js';
import type { SearchIndexEnd } from '../engine.js';
import type { Tx } from '../store.js';
import { clientOf } from './connection.js';
import { BULK_HASH_SIZE, putSearchSetting } from './search-levels.js';
import { type SideFile, sideFileOf } from './side-files.js';
import type { SideSearchWorkerData } from './side-search-worker.js';

/** The tables FTS5 keeps the index in (its `_config` stays the database's own). */
const SHADOW_TABLES = ['data', 'idx', 'content', 'docsize'] as const;
/** The attached side file the index is made in (see side-files). */
const SIDE: SideFile = 'side_search';
/** The side file's table of the claims' index rows. */
const ROWS = 'claim_rows';

/**
 * A first load's search index made on another core while the import builds its other indexes.
 * FTS5's indexing of a million claims took a minute of the import's one thread; the claims' index
 * rows are instead written to the import's side file `side_search` (seconds, see side-files), a
 * worker thread indexes them there as the index would have been made in place (pending-search's
 * `claimsInRowOrder`, search-levels' steps, one `optimize`), and the end brings the finished
 * index in: the table is dropped and made again from its stored definition and settings, and
 * FTS5's tables are filled from the side file's by SQLite itself (`INSERT … SELECT`: 3 s for the
 * 1 M record, where a copy through JavaScript took 10). Made again, the table is one FTS5 has
 * never read in this connection, so it reads the index it is given rather than what it held in
 * memory. Writing FTS5's tables is refused by SQLite's defensive mode, which better-sqlite3's
 * unsafe mode lifts for the copy only.
 *
 * On the 1 M record the import took 238.9 s this way and 292.2 s with the index made in place,
 * one after the other; the side file holds about as much as the index, and the thread's FTS5
 * buffer and page cache add some 100 MB to the import's peak memory. A fault on the thread fails
 * the import, which is rolled back. Without the side file (an import inside a request's held
 * write) it starts nothing and gives back undefined.
 */
export function startSideSearchIndex(tx: Tx, claims: number): SearchIndexEnd | undefined {
  const file = sideFileOf(tx, SIDE);
  if (file === undefined) return undefined;
  const client = clientOf(tx);
  const definition = client
    .prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'claim_search'")
    .pluck()
    .get();
  if (typeof definition !== 'string') throw new Error('the search index has no definition');
  const settings = client
    .prepare("SELECT k, v FROM claim_search_config WHERE k <> 'version'")
    .raw()
    .all() as [string, unknown][];
  writeRows(client, file, definition, settings);
  const { url, execArgv } = threadModule(import.meta.url, 'side-search-worker');
  const worker = new Worker(url, {
    workerData: { file, claims, rows: ROWS } satisfies SideSearchWorkerData,
    execArgv,
  });
  const done = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the search index thread stopped (${code})`)));
  });
  // Awaited only at the end: a failure before then must not go unhandled.
  done.catch(() => {});
  return async (bringIn) => {
    try {
      if (bringIn) {
        await done;
        copyIndex(client, definition, settings);
      }
    } finally {
      await worker.terminate();
    }
  };
}

/** The side file: the index's table as the database defines it, and every claim's index row. */
function writeRows(
  client: Database.Database,
  file: string,
  definition: string,
  settings: [string, unknown][],
): void {
  const side = new Database(file);
  try {
    side.pragma('journal_mode = OFF');
    side.pragma('synchronous = OFF');
    side.exec(definition);
    for (const [name, value] of [...settings, ['hashsize', BULK_HASH_SIZE] as const]) {
      putSearchSetting(side, name, value);
    }
    side.exec(
      `CREATE TABLE ${ROWS} (seq INTEGER PRIMARY KEY, text TEXT, quotes TEXT, tags TEXT, claimant TEXT, headline TEXT)`,
    );
    const insert = side.prepare(`INSERT INTO ${ROWS} VALUES (?, ?, ?, ?, ?, ?)`);
    const rows = client
      .prepare(
        'SELECT seq, text, quotes, tags, claimant, headline FROM claim_search_rows ORDER BY seq',
      )
      .raw();
    side.exec('BEGIN');
    for (const row of rows.iterate()) insert.run(row);
    side.exec('COMMIT');
  } finally {
    side.close();
  }
}

/** The side file's index in place of the database's, the database's settings kept. */
function copyIndex(
  client: Database.Database,
  definition: string,
  settings: [string, unknown][],
): void {
  client.exec('DROP TABLE main.claim_search');
  client.exec(definition);
  for (const [name, value] of settings) putSearchSetting(client, name, value);
  client.unsafeMode(true);
  try {
    for (const shadow of SHADOW_TABLES) {
      const table = `claim_search_${shadow}`;
      client.exec(
        `DELETE FROM main.${table}; INSERT INTO main.${table} SELECT * FROM ${SIDE}.${table}`,
      );
    }
  } finally {
    client.unsafeMode(false);
  }
}
