import { AppError, BusyError } from '../../lib/problem.js';
import { refusedBy, StorageFullError, StorageUnavailableError, withCause } from '../errors.js';

/**
 * SQLite's errors in the app's own terms, so that no driver error reaches a client as a 500: the
 * database locked by another process is a 503 to retry; a constraint that a concurrent write won
 * (a slug taken a moment ago) is a 409; a broken reference or CHECK is a 422; a full disk (or
 * DB_MAX_SIZE_MB reached) is a 507, and a database that cannot be read or written (I/O error,
 * corruption, file gone) a 503. The driver's own words go to the log (`cause`), never to a client.
 */
export function translateError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = sqliteCode(error);
  if (code === undefined) return error;
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new BusyError();
  }
  if (code === 'SQLITE_FULL') return withCause(new StorageFullError(), error);
  if (STORAGE_FAULTS.some((fault) => code === fault || code.startsWith(`${fault}_`))) {
    return withCause(new StorageUnavailableError(), error);
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return refusedBy.unique();
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return refusedBy.reference();
  }
  if (code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL') {
    return refusedBy.rule();
  }
  return error;
}

/** Codes (and their extended codes) of a database that cannot be used as it is now. */
const STORAGE_FAULTS = [
  'SQLITE_IOERR',
  'SQLITE_CORRUPT',
  'SQLITE_CANTOPEN',
  'SQLITE_NOTADB',
  'SQLITE_READONLY',
  'SQLITE_NOMEM',
  'SQLITE_PROTOCOL',
];

/** The SQLite result code of an error, looking through drizzle's wrapper. */
export function sqliteCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
    e = e.cause;
  }
  return undefined;
}
