import Database from 'better-sqlite3';
import pg from 'pg';
import { clientOf } from '../../src/db/sqlite/connection.js';
import { limitDatabaseSize } from '../../src/db/sqlite/storage.js';
import { TEST_ENGINE, type TestContext } from './app.js';

/** The words an engine uses for a broken disk: none may reach a client. */
export const DRIVER_WORDS =
  /database or disk is full|disk I\/O error|SQLITE|malformed|could not (read|write|extend)|No space left|disk_full/i;

/**
 * A disk that fills up and frees again, as each engine meets it: SQLite past a quota on its file
 * (`max_page_count`), PostgreSQL's server with no room to write a table (SQLSTATE 53100, raised by
 * the server itself from a trigger on the tables the tests fill).
 */
const FILLED = ['sources', 'claims'];

export function fullDisk(ctx: TestContext): { fill(): Promise<void>; free(): Promise<void> } {
  if (TEST_ENGINE === 'pg') {
    return {
      async fill() {
        await ctx.peek.run(
          `CREATE OR REPLACE FUNCTION test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'could not extend file "base/1/2": No space left on device'
             USING ERRCODE = 'disk_full'; END $$`,
        );
        for (const table of FILLED) {
          await ctx.peek.run(
            `CREATE TRIGGER test_disk_full BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION test_disk_full()`,
          );
        }
      },
      async free() {
        for (const table of FILLED) {
          await ctx.peek.run(`DROP TRIGGER IF EXISTS test_disk_full ON ${table}`);
        }
      },
    };
  }
  // A quota on the store's own writer connection: no room beyond what the file holds now.
  const quota = (bytes: number | null) =>
    ctx.store.write(async (tx) => limitDatabaseSize(clientOf(tx), bytes));
  return { fill: () => quota(1), free: () => quota(null) };
}

/** The error the engine's driver throws when the disk fails a read. */
export function ioError(): Error {
  if (TEST_ENGINE === 'pg') {
    const error = new pg.DatabaseError(
      'could not read block 7 in file "base/16384/16385": read only 0 of 8192 bytes',
      0,
      'error',
    );
    error.code = '58030';
    error.severity = 'ERROR';
    return error;
  }
  return new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_SHORT_READ');
}
