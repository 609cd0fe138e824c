import { AppError, BusyError } from '../../lib/problem.js';
import { refusedBy, StorageFullError, StorageUnavailableError, withCause } from '../errors.js';

/**
 * PostgreSQL's errors in the app's own terms (as SQLite's are in sqlite/errors.ts): a lock not had
 * in time, a deadlock or a serialization failure is a 503 to retry; a constraint is a 409 or 422;
 * a full disk a 507; a server that cannot be reached or is shutting down a 503. The server's own
 * words go to the log (`cause`), never to a client.
 */
export function translatePgError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = sqlState(error);
  if (code === undefined) return isConnectionFault(error) ? unavailable(error) : error;
  if (code === '55P03' || code === '40P01' || code === '40001' || code === '57014') {
    return withCause(new BusyError(), error);
  }
  if (code === '23505') return refusedBy.unique();
  if (code === '23503') return refusedBy.reference();
  if (code === '23514' || code === '23502') return refusedBy.rule();
  if (code === '53100') return withCause(new StorageFullError(), error);
  // Connection (08), resources (53), shutdown and recovery (57P0x), system errors (58), corrupted
  // data or index (XX001, XX002).
  if (/^(08|53|57P0|58|XX00[12])/.test(code)) return unavailable(error);
  return error;
}

const unavailable = (error: unknown) => withCause(new StorageUnavailableError(), error);

/** The SQLSTATE of a server's error, looking through drizzle's wrapper. */
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const { code, severity } = e as { code?: unknown; severity?: unknown };
    if (typeof code === 'string' && typeof severity === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return code;
    }
    e = e.cause;
  }
  return undefined;
}

/** The server could not be reached, or went away (socket errors, not SQL errors). */
function isConnectionFault(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (
      typeof code === 'string' &&
      /^E(CONNREFUSED|CONNRESET|HOSTUNREACH|NOTFOUND|PIPE|TIMEDOUT)$/.test(code)
    ) {
      return true;
    }
    // A server that went away, or a pool with no connection free in time (all busy).
    if (
      /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(
        e.message,
      )
    ) {
      return true;
    }
    e = e.cause;
  }
  return false;
}
