import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { translateError } from '../src/db/sqlite/errors.js';
import { AppError } from '../src/lib/problem.js';

/** SQLite's codes for a broken database (PostgreSQL's: storage-errors.pg.test.ts). */
describe('SQLite errors of a broken database', () => {
  it('maps every code of a broken database to 507 or 503', () => {
    const statusOf = (code: string) => {
      const error = translateError(new Database.SqliteError('driver words', code));
      return error instanceof AppError ? error.status : null;
    };
    expect(statusOf('SQLITE_FULL')).toBe(507);
    for (const code of ['SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC']) {
      expect(statusOf(code)).toBe(503);
    }
    for (const code of ['SQLITE_CORRUPT', 'SQLITE_CANTOPEN', 'SQLITE_NOTADB', 'SQLITE_READONLY']) {
      expect(statusOf(code)).toBe(503);
    }
  });
});
