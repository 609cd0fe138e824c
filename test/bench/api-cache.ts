import {
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RECORD_VERSION } from './api-record.js';
import { peakMb, ROOT, run } from './processes.js';

/**
 * The benchmark's databases, kept in `.bench-cache/` between runs: one per size and version of the
 * record generator, built (generated as NDJSON, then imported with the CLI) only when missing.
 */
export const CACHE = join(ROOT, '.bench-cache');

export type Built = {
  records: number;
  ndjsonMb: number;
  generateMs: number;
  generatorPeakMb: number;
  importMs: number;
  importPeakMb: number;
};

export type CachedRecord = { claims: number; dbFile: string; dbMb: number; built: Built | null };

/**
 * How the import lays a record out, beside the generator's version: a database built by an older
 * import (its search index left where the writes' merging rewrites it, see search-levels.ts) is
 * not the one a user's import makes now. Raised with any such change.
 */
const LAYOUT = 2;
const dbFileOf = (claims: number) => join(CACHE, `api-v${RECORD_VERSION}-l${LAYOUT}-${claims}.db`);

/** The database of `claims` claims: the cached one, or one built now (and measured). */
export async function ensureRecord(claims: number): Promise<CachedRecord> {
  mkdirSync(CACHE, { recursive: true });
  const dbFile = dbFileOf(claims);
  if (existsSync(dbFile)) return { claims, dbFile, dbMb: sizeMb(dbFile), built: null };

  const ndjson = join(CACHE, `api-v${RECORD_VERSION}-${claims}.ndjson`);
  // Built under another name, so that an interrupted build is never taken for a cached one.
  const partial = `${dbFile}.partial`;
  removeDb(partial);
  try {
    let started = performance.now();
    const generated = await run(['test/bench/api-record.ts', ndjson, String(claims)], {});
    const generateMs = performance.now() - started;
    const records = Number(/RECORDS (\d+)/.exec(generated)?.[1] ?? 0);
    const ndjsonMb = sizeMb(ndjson);

    started = performance.now();
    const imported = await run(['src/cli/import.ts', ndjson], { DB_FILE: partial });
    const importMs = performance.now() - started;
    foldLog(partial);
    renameSync(partial, dbFile);
    return {
      claims,
      dbFile,
      dbMb: sizeMb(dbFile),
      built: {
        records,
        ndjsonMb,
        generateMs,
        generatorPeakMb: peakMb(generated),
        importMs,
        importPeakMb: peakMb(imported),
      },
    };
  } finally {
    rmSync(ndjson, { force: true });
    removeDb(partial);
  }
}

/**
 * A copy of the cached database for one run: the run writes to it (its API key, the claims POSTed)
 * and the cache stays as it was built. Cloned where the file system can, else copied.
 */
export function runCopy(record: CachedRecord): { dbFile: string; remove: () => void } {
  const dbFile = join(CACHE, `run-${record.claims}.db`);
  removeDb(dbFile);
  copyFileSync(record.dbFile, dbFile, constants.COPYFILE_FICLONE);
  return { dbFile, remove: () => removeDb(dbFile) };
}

/** Folds any write-ahead log into the file, so that the file alone is the whole database. */
function foldLog(file: string): void {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  if (existsSync(`${file}-wal`)) throw new Error(`${file}-wal is still there after a checkpoint`);
}

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    rmSync(`${file}${suffix}`, { force: true });
}

function sizeMb(file: string): number {
  return statSync(file).size / 1_048_576;
}
