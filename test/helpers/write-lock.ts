import Database from 'better-sqlite3';
import pg from 'pg';
import { WRITE_LOCK } from '../../src/db/pg/store.js';

/**
 * The database's write lock as another process sees it (a command-line import, another instance):
 * whether someone holds it, and holding it. SQLite's is the file's (a write transaction);
 * PostgreSQL's the advisory lock every write of the store takes.
 */
export type WriteLock = {
  /** Whether a transaction holds it now (it is tried and, if won, given back at once). */
  isTaken(): Promise<boolean>;
  /** Takes it, waiting if need be; resolves to what gives it back. */
  hold(): Promise<() => Promise<void>>;
};

export function sqliteWriteLock(file: string): WriteLock {
  return {
    async isTaken() {
      const db = new Database(file, { timeout: 0 });
      try {
        db.exec('BEGIN IMMEDIATE');
        db.exec('ROLLBACK');
        return false;
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
        throw error;
      } finally {
        db.close();
      }
    },
    async hold() {
      const db = new Database(file);
      db.exec('BEGIN IMMEDIATE');
      return async () => {
        db.exec('COMMIT');
        db.close();
      };
    },
  };
}

export function pgWriteLock(url: string): WriteLock {
  const connect = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  };
  return {
    async isTaken() {
      const client = await connect();
      try {
        const won = await client.query<{ won: boolean }>('SELECT pg_try_advisory_lock($1) AS won', [
          WRITE_LOCK,
        ]);
        if (!won.rows[0]?.won) return true;
        // Given back here, not by ending the session: a backend still exiting would hold it a
        // moment longer, and the next probe would take that for the writer's.
        await client.query('SELECT pg_advisory_unlock($1)', [WRITE_LOCK]);
        return false;
      } finally {
        await client.end();
      }
    },
    async hold() {
      const client = await connect();
      await client.query('SELECT pg_advisory_lock($1)', [WRITE_LOCK]);
      return () => client.end();
    },
  };
}
