import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { translatePgError } from '../src/db/pg/errors.js';
import { AppError } from '../src/lib/problem.js';

/** PostgreSQL's SQLSTATEs for a broken database (SQLite's: storage-errors.sqlite.test.ts). */
describe('PostgreSQL errors of a broken database', () => {
  const statusOf = (code: string) => {
    const error = Object.assign(new pg.DatabaseError('server words', 0, 'error'), {
      code,
      severity: 'ERROR',
    });
    const translated = translatePgError(error);
    return translated instanceof AppError ? translated.status : null;
  };

  it('maps every code of a full or broken server to 507 or 503', () => {
    expect(statusOf('53100')).toBe(507); // disk_full
    // Out of memory or connections, I/O errors, corrupted data, a server shutting down.
    for (const code of ['53200', '53300', '58030', '58P01', 'XX001', '57P01', '08006']) {
      expect(statusOf(code), code).toBe(503);
    }
  });

  it('maps a lock not had in time, a deadlock and a serialization failure to 503 (retry)', () => {
    for (const code of ['55P03', '40P01', '40001']) expect(statusOf(code), code).toBe(503);
  });

  it('maps a server that cannot be reached to 503', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const translated = translatePgError(refused);
    expect(translated instanceof AppError && translated.status).toBe(503);
    // Every connection of the pool busy past its connection timeout.
    const full = translatePgError(new Error('timeout exceeded when trying to connect'));
    expect(full instanceof AppError && full.status).toBe(503);
  });
});
