import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { E_TIMEOUT, Mutex, type MutexInterface, withTimeout } from 'async-mutex';
import type Database from 'better-sqlite3';
import type { Config } from '../../config.js';
import { BusyError } from '../../lib/problem.js';
import { StorageUnavailableError, tooManySnapshots, withCause } from '../errors.js';
import { runSnapshotJobBytes } from '../snapshot-jobs.js';
import type { HeldWrite, Store, Tx, WriteOptions } from '../store.js';
import { type Connection, openConnection, useTempFiles } from './connection.js';
import { claimsStored } from './deferred-indexes.js';
import { translateError } from './errors.js';
import { asFirstLoad } from './first-load.js';
import { groupCommit } from './group-commit.js';
import { migrateWithoutCascades } from './migrations.js';
import { afterEachCommit, claimsNoted, commitWrite } from './pending-search.js';
import { ReadWorker, registerOffload } from './read-worker.js';
import { MERGE_STEP_PAGES, SearchMerges } from './search-merges.js';
import { beginOnMainOnly, hasSideFiles, withSideFiles } from './side-files.js';
import { onThreadOfItsOwn } from './snapshot-thread.js';
import { checkpointWal, limitDatabaseSize, limitWalSize } from './storage.js';

export type SqliteStoreOptions = {
  /** How long a write waits for another process's write lock before it is refused with 503. */
  busyTimeoutMs?: number;
  /** How long a write waits for this process's other writes (an import) before 503. */
  lockTimeoutMs?: number;
  /** A quota for the database (DB_MAX_SIZE_MB): writes past it fail as on a full disk (507). */
  maxSizeBytes?: number;
  /**
   * How many snapshots (exports) may be open at once; each holds a connection and keeps the log
   * from being folded back past its start, so one more is refused with 503. Default 4.
   */
  maxSnapshots?: number;
  /** Called with every statement any of the store's connections runs. */
  onStatement?: (sql: string) => void;
  /** The page cache of a large import while it runs (IMPORT_CACHE_MB). Default 64. */
  importCacheMb?: number;
  /**
   * Snapshot jobs (exports) of a record of at least this many claims run on a thread of their
   * own; a smaller one runs on the request's, where it ends sooner than a thread would start
   * (about a second). Default 10,000.
   */
  threadMinClaims?: number;
};

/** The store options the configuration sets, for the server and every command alike. */
export function configuredStoreOptions(
  config: Pick<Config, 'DB_MAX_SIZE_MB' | 'EXPORT_CONCURRENCY' | 'IMPORT_CACHE_MB'>,
): SqliteStoreOptions {
  return {
    maxSnapshots: config.EXPORT_CONCURRENCY,
    maxSizeBytes:
      config.DB_MAX_SIZE_MB === undefined ? undefined : config.DB_MAX_SIZE_MB * 1_048_576,
    importCacheMb: config.IMPORT_CACHE_MB,
  };
}

/**
 * The SQLite store: one writer connection whose transactions (BEGIN IMMEDIATE) are serialised by
 * an async lock, so an `await` inside a transaction never lets another request's statements in;
 * reads on a connection of their own, each in a read transaction (one snapshot); an exported
 * snapshot on a connection opened for it. A `:memory:` database has one connection for everything.
 * A held write (`begin`) keeps the writer's transaction open across a request; the request's own
 * writes and reads find it through an AsyncLocalStorage and run inside it, as savepoints.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const shared = file === ':memory:';
  // The writer keeps a larger page cache: every write updates several indexes. An import's scratch
  // tables, as large as the import, are kept in a file of its own, not in memory.
  const { onStatement } = options;
  const writer = openConnection(file, {
    busyTimeoutMs,
    onStatement,
    cacheMb: 128,
    scratchCacheMb: 32,
    bulkCacheMb: options.importCacheMb ?? 64,
  });
  limitWalSize(writer.sqlite);
  if (options.maxSizeBytes !== undefined) limitDatabaseSize(writer.sqlite, options.maxSizeBytes);
  // Opened on the first read: a command-line import never reads through it.
  let readConnection: Connection | null = shared ? writer : null;
  let closed = false;
  const reader = () => {
    if (closed) throw new Error('the store is closed');
    // Readers of a WAL database are hardly ever kept waiting; never long, for they wait in sync.
    if (readConnection === null) {
      readConnection = openConnection(file, {
        busyTimeoutMs: Math.min(busyTimeoutMs, 250),
        onStatement,
      });
      registerOffload(readConnection.tx, {
        worker: readWorker,
        markAtRead: () => readMark,
        markNow: changeMarkNow,
      });
    }
    return readConnection;
  };
  // SQLite's data_version changes with every commit made by another connection.
  let watcher: Connection | null = null;
  let dataVersion: Database.Statement | null = null;
  // A `:memory:` database has no other connection: its own changes are counted instead.
  const changesOfWriter = writer.sqlite.prepare('SELECT total_changes()').pluck();
  const changeMarkNow = (): number => {
    if (shared) return Number(changesOfWriter.get());
    // A connection of its own, never inside a transaction: one in a read transaction would
    // report the version of its snapshot, not the latest.
    watcher ??= openConnection(file, { busyTimeoutMs: 0, cacheMb: 1 });
    dataVersion ??= watcher.sqlite.prepare('PRAGMA data_version').pluck();
    return Number(dataVersion.get());
  };
  // Reads whose cost no page bounds (see ReadWorker) run there, on the reader's file.
  const readWorker = new ReadWorker(file, Math.min(busyTimeoutMs, 250), onStatement);
  // The change mark as the running read began, before its snapshot (reads take turns).
  let readMark = 0;
  const writeLock = lockWithTimeout(options.lockTimeoutMs);
  const readLock = shared ? writeLock : new Mutex();
  const opened = new Set<Connection>();
  const maxSnapshots = options.maxSnapshots ?? 4;
  let snapshots = 0;
  const threadMinClaims = options.threadMinClaims ?? 10_000;
  // The held write of the request whose code runs now: each request has its own context, so a
  // held write never leaks into another request's writes.
  const ambient = new AsyncLocalStorage<Held>();
  let savepoints = 0;

  /** The held write to run in, if the running code has one that is still open. */
  function heldWrite(): Held | null {
    const held = ambient.getStore();
    if (!held || held.ended) return null;
    // SQLite itself rolls a transaction back on some errors (disk full, I/O): writing on would
    // commit statement by statement, outside the request's transaction.
    if (!writer.sqlite.inTransaction) {
      throw withCause(
        new StorageUnavailableError(),
        new Error('SQLite rolled back the held write'),
      );
    }
    return held;
  }

  async function inSavepoint<T>(
    work: (tx: Tx) => Promise<T>,
    { rollback = false, deferForeignKeys = false }: WriteOptions = {},
  ): Promise<T> {
    const name = `write_${++savepoints}`;
    const sqlite = writer.sqlite;
    sqlite.exec(`SAVEPOINT ${name}`);
    try {
      // For the rest of the held transaction: the references are checked at its commit.
      if (deferForeignKeys) sqlite.pragma('defer_foreign_keys = ON');
      const result = await work(writer.tx);
      if (rollback) sqlite.exec(`ROLLBACK TO ${name}`);
      sqlite.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      // Nothing of the failed work stays; the held transaction goes on (its answer is stored).
      if (sqlite.inTransaction) {
        sqlite.exec(`ROLLBACK TO ${name}`);
        sqlite.exec(`RELEASE ${name}`);
      }
      throw error;
    }
  }

  // The search index is merged between writes (see SearchMerges), on a connection of its own, opened
  // on the first merge: its statements are not among those of the requests. `:memory:` merges on its
  // one.
  let mergeConnection: Connection | null = null;
  const merges = new SearchMerges(() => guarded(() => writeLock.runExclusive(mergeStep)));
  afterEachCommit(writer.sqlite, () => merges.soon());
  const closeMergeConnection = () => {
    if (mergeConnection !== null && mergeConnection !== writer) mergeConnection.sqlite.close();
    mergeConnection = null;
  };

  async function mergeStep(): Promise<boolean> {
    if (closed) return false;
    mergeConnection ??= shared ? writer : openConnection(file, { busyTimeoutMs, cacheMb: 8 });
    const { sqlite } = mergeConnection;
    await beginImmediate(mergeConnection);
    try {
      const changes = sqlite.prepare('SELECT total_changes()').pluck();
      const before = changes.get() as number;
      sqlite
        .prepare(
          `INSERT INTO claim_search (claim_search, rank) VALUES ('merge', ${MERGE_STEP_PAGES})`,
        )
        .run();
      // The command counts as one change itself.
      const merged = (changes.get() as number) - before > 1;
      sqlite.exec('COMMIT');
      return merged;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw error;
    }
  }

  const group = groupCommit({
    writer,
    lock: writeLock,
    begin: () => beginImmediate(writer),
    inSavepoint,
  });

  /**
   * Takes the database's write lock. Another process (a command-line import) may hold it: then
   * this waits for it asynchronously, polling, so the event loop keeps serving (SQLite's own busy
   * handler would wait in sync), and gives up with the busy error after `busyTimeoutMs`.
   */
  async function beginImmediate(connection: Connection): Promise<void> {
    const deadline = Date.now() + busyTimeoutMs;
    const { noWait, wait } = busyTimeoutsOf(connection);
    for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
      noWait.get();
      try {
        if (hasSideFiles(connection.tx)) beginOnMainOnly(connection.sqlite);
        else connection.sqlite.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
      } finally {
        wait.get();
      }
      await sleep(pause);
    }
  }

  // Switched for every write: prepared once per connection.
  const busyTimeouts = new WeakMap<
    Connection,
    { noWait: Database.Statement; wait: Database.Statement }
  >();
  function busyTimeoutsOf(connection: Connection) {
    let found = busyTimeouts.get(connection);
    if (!found) {
      found = {
        noWait: connection.sqlite.prepare('PRAGMA busy_timeout = 0'),
        wait: connection.sqlite.prepare(`PRAGMA busy_timeout = ${busyTimeoutMs}`),
      };
      busyTimeouts.set(connection, found);
    }
    return found;
  }

  async function inTransaction<T>(
    connection: Connection,
    begin: 'BEGIN IMMEDIATE' | 'BEGIN DEFERRED',
    work: (tx: Tx) => Promise<T>,
    { rollback = false, deferForeignKeys = false }: WriteOptions = {},
  ): Promise<T> {
    if (begin === 'BEGIN IMMEDIATE') await beginImmediate(connection);
    else connection.sqlite.exec(begin);
    try {
      // Switched off again by SQLite at the end of the transaction.
      if (deferForeignKeys) connection.sqlite.pragma('defer_foreign_keys = ON');
      const result = await work(connection.tx);
      if (rollback) connection.sqlite.exec('ROLLBACK');
      else if (begin === 'BEGIN IMMEDIATE') commitWrite(connection.sqlite);
      else connection.sqlite.exec('COMMIT');
      return result;
    } catch (error) {
      if (connection.sqlite.inTransaction) connection.sqlite.exec('ROLLBACK');
      throw error;
    }
  }

  function heldHandle(held: Held, release: () => void): HeldWrite {
    const sqlite = writer.sqlite;
    const end = (finish: () => void) => {
      if (held.ended) return;
      held.ended = true;
      try {
        finish();
      } catch (error) {
        try {
          if (sqlite.open && sqlite.inTransaction) sqlite.exec('ROLLBACK');
        } catch {
          // The connection is gone (the store closed): SQLite rolled back with it.
        }
        throw translateError(error);
      } finally {
        release();
      }
    };
    return {
      tx: writer.tx,
      get open() {
        return !held.ended && sqlite.open && sqlite.inTransaction;
      },
      run: (work) => ambient.run(held, work),
      async commit() {
        if (held.ended) throw new Error('this held write is over already');
        end(() => {
          if (!sqlite.inTransaction) throw new Error('the held write was rolled back by SQLite');
          commitWrite(sqlite);
        });
      },
      async rollback() {
        end(() => {
          if (sqlite.open && sqlite.inTransaction) sqlite.exec('ROLLBACK');
        });
      },
    };
  }

  return {
    async read(work) {
      return guarded(() => {
        // Inside a held write, its request reads it (its own writes included); the lock is its.
        const held = heldWrite();
        if (held) return held.inner.runExclusive(() => work(writer.tx));
        return readLock.runExclusive(() => {
          const connection = reader();
          readMark = changeMarkNow();
          return inTransaction(connection, 'BEGIN DEFERRED', work);
        });
      });
    },

    async write(work, writeOptions: WriteOptions = {}) {
      return guarded(async () => {
        const held = heldWrite();
        if (held) return held.inner.runExclusive(() => inSavepoint(work, writeOptions));
        if (writeOptions.rollback || writeOptions.deferForeignKeys || writeOptions.alone) {
          // Alone only as far as this store knows too: none of its other connections is open (the
          // merging's is closed, reopened by the next merge), and a first load: no claim stored.
          if (writeOptions.alone) {
            await merges.quiet();
            closeMergeConnection();
          }
          const alone =
            (writeOptions.alone ?? false) &&
            !shared &&
            readConnection === null &&
            watcher === null &&
            opened.size === 0 &&
            snapshots === 0 &&
            claimsStored(writer.tx) === 0;
          // An import (its foreign keys deferred): its threads' side files attached.
          const run = () => inTransaction(writer, 'BEGIN IMMEDIATE', work, writeOptions);
          return writeLock.runExclusive(() =>
            asFirstLoad(writer.sqlite, { alone, ...busyTimeoutsOf(writer) }, () =>
              writeOptions.deferForeignKeys ? withSideFiles(writer, run) : run(),
            ),
          );
        }
        return group.add(work);
      });
    },

    async begin({ large = false } = {}) {
      return guarded(async () => {
        // Waits (without blocking the event loop) behind other writes, or 503 after lockTimeoutMs.
        const unlock = await writeLock.acquire();
        // The request's writes run in savepoints, whose undo (a copy of each page they change)
        // SQLite keeps where temporary storage was when the transaction began.
        if (large) useTempFiles(writer.tx, true);
        const release = () => {
          if (large && writer.sqlite.open && !writer.sqlite.inTransaction) {
            useTempFiles(writer.tx, false);
          }
          unlock();
        };
        try {
          await beginImmediate(writer);
        } catch (error) {
          release();
          throw error;
        }
        return heldHandle({ ended: false, inner: new Mutex() }, release);
      });
    },

    async *snapshot(work) {
      if (shared && heldWrite()) {
        throw new Error('a snapshot of a :memory: database cannot be taken inside a held write');
      }
      if (snapshots >= maxSnapshots) throw tooManySnapshots(maxSnapshots);
      snapshots++;
      // The snapshot has a connection of its own (a `:memory:` database has only one, held).
      let release: MutexInterface.Releaser | null = null;
      let connection: Connection | null = null;
      try {
        release = shared ? await writeLock.acquire() : null;
        connection = shared ? writer : openConnection(file, { busyTimeoutMs, onStatement });
        if (!shared) opened.add(connection);
        connection.sqlite.exec('BEGIN DEFERRED');
        // The first read fixes the snapshot: later commits by others are not seen.
        connection.sqlite.prepare('SELECT count(*) FROM sqlite_schema').get();
        yield* work(connection.tx);
      } finally {
        snapshots--;
        if (connection?.sqlite.inTransaction) connection.sqlite.exec('COMMIT');
        if (connection && !shared) {
          connection.sqlite.close();
          opened.delete(connection);
        }
        release?.();
      }
    },

    async *streamSnapshot(job) {
      if (shared || (await this.read(async (tx) => claimsStored(tx))) < threadMinClaims) {
        yield* this.snapshot((tx) => runSnapshotJobBytes(tx, job));
        return;
      }
      if (snapshots >= maxSnapshots) throw tooManySnapshots(maxSnapshots);
      snapshots++;
      try {
        yield* onThreadOfItsOwn(file, busyTimeoutMs, job);
      } finally {
        snapshots--;
      }
    },

    async migrate() {
      await writeLock.runExclusive(async () => {
        migrateWithoutCascades(writer);
        // Claims written by hand (the sqlite3 shell) are noted but not indexed: they are now. Only
        // then is the write lock taken, so that a start beside a long import does not wait for it.
        if (claimsNoted(writer.sqlite)) {
          await inTransaction(writer, 'BEGIN IMMEDIATE', async () => undefined);
        }
      });
    },

    async checkpoint() {
      if (shared) return;
      // Under the write lock: our own writes wait for it (503 after lockTimeoutMs) rather than in
      // SQLite's busy handler, which would hold up the event loop.
      const fold = () =>
        guarded(() =>
          writeLock.runExclusive(async () => {
            // Without waiting for readers on older snapshots (a slow export): what they still
            // need stays in the log, and the writes queued behind this lock are not held up.
            await checkpointWal(file, 0);
          }),
        );
      // Inside a held write the work commits only with the request's answer: fold it in after.
      if (ambient.getStore()) {
        fold().catch(() => {});
        return;
      }
      await fold();
    },

    async ping() {
      await guarded(async () => {
        // One row read, not a count: the check costs the same however large the record.
        reader().sqlite.prepare('SELECT 1 FROM claims LIMIT 1').get();
      });
    },

    async changeMark() {
      return changeMarkNow();
    },

    async close() {
      closed = true;
      await merges.close();
      closeMergeConnection();
      await readWorker.close();
      for (const connection of [...opened, readConnection, watcher, writer]) {
        if (connection === null) continue;
        if (connection.sqlite.open) connection.sqlite.close();
      }
    },
  };
}

/** A held write's state: `inner` keeps its request's own writes one at a time, as the lock would. */
type Held = { ended: boolean; inner: Mutex };

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

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}
