import { AppError, BusyError, ConflictError, UnprocessableError } from '../../lib/problem.js';

/**
 * SQLite's errors in the app's own terms, so that no driver error reaches a client as a 500: the
 * database locked by another process is a 503 to retry; a constraint that a concurrent write won
 * (a slug taken a moment ago) is a 409; a broken reference or CHECK is a 422.
 */
export function translateError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = sqliteCode(error);
  if (code === undefined) return error;
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new BusyError();
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new ConflictError(
      'Another write got there first: a record with the same unique key exists now. Fetch it and retry.',
    );
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new UnprocessableError(
      'unknown-reference',
      'The write refers to a record that does not exist (or no longer does).',
    );
  }
  if (code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL') {
    return new UnprocessableError('constraint', 'The write breaks a rule of the record.');
  }
  return error;
}

/** The SQLite result code of an error, looking through drizzle's wrapper. */
function sqliteCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
    e = e.cause;
  }
  return undefined;
}
