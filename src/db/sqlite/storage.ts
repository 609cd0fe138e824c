import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** SQLite's largest `max_page_count`: no quota. */
const UNLIMITED_PAGES = 4_294_967_294;

/**
 * A quota on the database's size, set on the connection that writes: a write that would grow the
 * file past `maxBytes` (null: no quota) fails with SQLITE_FULL, a 507, just as on a full disk.
 * SQLite never sets it below the size the database has already.
 */
export function limitDatabaseSize(sqlite: Database.Database, maxBytes: number | null): void {
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  const pages = maxBytes === null ? UNLIMITED_PAGES : Math.max(1, Math.floor(maxBytes / pageSize));
  sqlite.pragma(`max_page_count = ${pages}`);
}

/**
 * The size a write-ahead log is cut back to whenever SQLite starts it over: without it the file
 * stays as large as the largest transaction ever made it (an import: gigabytes).
 */
export function limitWalSize(sqlite: Database.Database, bytes = 64 * 1_048_576): void {
  sqlite.pragma(`journal_size_limit = ${bytes}`);
}

export type CheckpointResult = { busy: boolean; walPages: number; checkpointed: number };

// CommonJS, run in a worker: the checkpoint copies the whole log into the database file, seconds
// of synchronous I/O after a large import, which must not stop the event loop.
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
try {
  db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
  parentPort.postMessage(db.pragma('wal_checkpoint(TRUNCATE)')[0]);
} finally {
  db.close();
}
`;

/**
 * Folds the write-ahead log back into the database file and truncates it, on a connection of its
 * own in a worker thread. Readers still on an older snapshot keep part of the log (`busy`): it is
 * folded in by SQLite's own checkpoints later, and cut back to `limitWalSize` then.
 */
export function checkpointWal(file: string, busyTimeoutMs = 5000): Promise<CheckpointResult> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(CHECKPOINT_WORKER, {
      eval: true,
      workerData: { driver, file, busyTimeoutMs },
    });
    let result: CheckpointResult | null = null;
    worker.once('message', (row: { busy: number; log: number; checkpointed: number }) => {
      result = { busy: row.busy !== 0, walPages: row.log, checkpointed: row.checkpointed };
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`the checkpoint worker exited with code ${code}`));
    });
  });
}
