import { E_TIMEOUT, Mutex, type MutexInterface, withTimeout } from 'async-mutex';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { BusyError } from '../../lib/problem.js';
import type { Store, Tx, WriteOptions } from '../store.js';
import { type Connection, openConnection } from './connection.js';
import { translateError } from './errors.js';
import { MIGRATIONS_FOLDER } from './migrations.js';

export type SqliteStoreOptions = {
  /** How long a write waits for another process's write lock before it is refused with 503. */
  busyTimeoutMs?: number;
  /** How long a write waits for this process's other writes (an import) before 503. */
  lockTimeoutMs?: number;
};

/**
 * The SQLite store: one writer connection whose transactions (BEGIN IMMEDIATE) are serialised by
 * an async lock, so an `await` inside a transaction never lets another request's statements in;
 * reads on a connection of their own, each in a read transaction (one snapshot); an exported
 * snapshot on a connection opened for it. A `:memory:` database has one connection for everything.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const shared = file === ':memory:';
  const writer = openConnection(file, busyTimeoutMs);
  // Opened on the first read: a command-line import never reads through it.
  let readConnection: Connection | null = shared ? writer : null;
  let closed = false;
  const reader = () => {
    if (closed) throw new Error('the store is closed');
    readConnection ??= openConnection(file, busyTimeoutMs);
    return readConnection;
  };
  const writeLock = lockWithTimeout(options.lockTimeoutMs);
  const readLock = shared ? writeLock : new Mutex();
  const opened = new Set<Connection>();

  async function inTransaction<T>(
    connection: Connection,
    begin: string,
    work: (tx: Tx) => Promise<T>,
    { rollback = false, deferForeignKeys = false }: WriteOptions = {},
  ): Promise<T> {
    connection.sqlite.exec(begin);
    try {
      // Switched off again by SQLite at the end of the transaction.
      if (deferForeignKeys) connection.sqlite.pragma('defer_foreign_keys = ON');
      const result = await work(connection.tx);
      connection.sqlite.exec(rollback ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      if (connection.sqlite.inTransaction) connection.sqlite.exec('ROLLBACK');
      throw error;
    }
  }

  return {
    async read(work) {
      return guarded(() =>
        readLock.runExclusive(() => inTransaction(reader(), 'BEGIN DEFERRED', work)),
      );
    },

    async write(work, writeOptions: WriteOptions = {}) {
      return guarded(() =>
        writeLock.runExclusive(() => inTransaction(writer, 'BEGIN IMMEDIATE', work, writeOptions)),
      );
    },

    async *snapshot(work) {
      // The snapshot has a connection of its own (a `:memory:` database has only one, held).
      const release = shared ? await writeLock.acquire() : null;
      const connection = shared ? writer : openConnection(file, busyTimeoutMs);
      if (!shared) opened.add(connection);
      try {
        connection.sqlite.exec('BEGIN DEFERRED');
        // The first read fixes the snapshot: later commits by others are not seen.
        connection.sqlite.prepare('SELECT count(*) FROM sqlite_schema').get();
        yield* work(connection.tx);
      } finally {
        if (connection.sqlite.inTransaction) connection.sqlite.exec('COMMIT');
        if (!shared) {
          connection.sqlite.close();
          opened.delete(connection);
        }
        release?.();
      }
    },

    async migrate() {
      await writeLock.runExclusive(async () =>
        migrate(writer.tx, { migrationsFolder: MIGRATIONS_FOLDER }),
      );
    },

    async ping() {
      await guarded(async () => {
        reader().sqlite.prepare('SELECT count(*) FROM claims').get();
      });
    },

    async close() {
      closed = true;
      for (const connection of [...opened, readConnection, writer]) {
        if (connection === null) continue;
        if (connection.sqlite.open) connection.sqlite.close();
      }
    },
  };
}

function lockWithTimeout(timeoutMs: number | undefined): MutexInterface {
  const mutex = new Mutex();
  return timeoutMs === undefined ? mutex : withTimeout(mutex, timeoutMs, E_TIMEOUT);
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error === E_TIMEOUT) throw new BusyError();
    throw translateError(error);
  }
}
