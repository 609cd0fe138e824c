import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { claimsInRowOrder } from './pending-search.js';
import { indexAboveMerging, optimizeSearchIndex } from './search-levels.js';

/**
 * The search index of a first load, made on a thread of its own in a side file (see
 * side-search-index): the claims' index rows in `rows` are indexed in row-key order with the level
 * steps of an index made in place, and merged into one segment. Then `{ done: true }`; a fault
 * ends the thread with the error.
 */
export type SideSearchWorkerData = { file: string; claims: number; rows: string };

const port = parentPort;
if (port === null) throw new Error('the side search worker runs on a worker thread');
const { file, claims, rows } = workerData as SideSearchWorkerData;

const sqlite = new Database(file, { fileMustExist: true });
try {
  // A throw-away file: nothing to undo, nothing to keep through a crash.
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma(`cache_size = -${16 * 1024}`);
  sqlite.exec('BEGIN');
  // Only imports of LARGE_IMPORT claims or more come here (see DeferredSearchIndex).
  indexAboveMerging(sqlite, claims, claimsInRowOrder(sqlite, rows));
  optimizeSearchIndex(sqlite);
  sqlite.exec('COMMIT');
} finally {
  sqlite.close();
}
port.postMessage({ done: true });
