import type { SQL } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { engineOf } from './engine.js';
import type * as schema from './schema.js';
import type { SnapshotJob } from './snapshot-jobs.js';

/**
 * The handle a unit of work runs its queries through: every query made with it belongs to the one
 * transaction the store opened for that work. Repositories and commands take it, never a driver.
 */
export type Tx = BetterSQLite3Database<typeof schema>;

export type WriteOptions = {
  /** Run the work, then roll it back (a dry run): the caller gets the result, nothing is kept. */
  rollback?: boolean;
  /** Foreign keys checked at commit, not per statement: an import's references may point forward. */
  deferForeignKeys?: boolean;
  /**
   * Nothing else of this process uses the store while the work runs (a command-line import):
   * SQLite may then write a first load without its log (see first-load.ts). PostgreSQL ignores it.
   */
  alone?: boolean;
};

export type BeginOptions = {
  /**
   * The holder may write a great deal (a keyed import): SQLite then keeps the transaction's undo,
   * which grows with it, in temporary files rather than in memory. (PostgreSQL ignores it.)
   */
  large?: boolean;
};

/**
 * A write transaction held open across steps its holder controls: a request with an
 * `Idempotency-Key` checks its key, does its work and stores its answer in one transaction, so that
 * no crash can keep the one without the other. The store's write lock is held until `commit` or
 * `rollback`, which the holder must reach on every path (each is a no-op once the write is over).
 */
export interface HeldWrite {
  /** Queries of the holder itself (the key's row). */
  readonly tx: Tx;
  /** False once committed or rolled back. */
  readonly open: boolean;
  /**
   * Runs `work` with this transaction ambient, through all its awaits: a `store.write` it calls
   * runs inside it as a savepoint (an error rolls back to the savepoint, not the whole), and a
   * `store.read` reads it, its own writes included. Other requests never see it.
   */
  run<T>(work: () => T): T;
  /** Commits; should the commit fail, everything is rolled back and the error thrown. */
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export type ReadOptions = {
  /**
   * The work runs a single statement on PostgreSQL, which sees one snapshot by itself: it is then
   * run outside a transaction, without a round trip to end one. (SQLite's reads cost nothing to
   * begin and end, and ignore this.)
   */
  oneStatement?: boolean;
};

/**
 * Where the record is kept. Writes are serialised transactions; reads see one consistent snapshot
 * each; a snapshot can also be streamed (an export) without holding up other reads or writes.
 */
export interface Store {
  read<T>(work: (tx: Tx) => Promise<T>, options?: ReadOptions): Promise<T>;
  write<T>(work: (tx: Tx) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** Opens a write transaction that stays open (the write lock held) until committed or rolled back. */
  begin(options?: BeginOptions): Promise<HeldWrite>;
  /** Yields what `work` yields, all of it read from one snapshot taken when iteration starts. */
  snapshot<T>(work: (tx: Tx) => AsyncIterable<T>): AsyncIterable<T>;
  /**
   * Streams what `job` yields from one snapshot, as UTF-8, where it holds up the requests around
   * it least: SQLite runs a large one on a thread of its own.
   */
  streamSnapshot(job: SnapshotJob): AsyncIterable<Uint8Array>;
  /** Applies every pending migration (a no-op when the database is current). */
  migrate(): Promise<void>;
  /**
   * Folds the write-ahead log into the database and truncates it, so that a large import does not
   * leave a log of its size behind; outside any transaction, without blocking the event loop.
   */
  checkpoint(): Promise<void>;
  /** A real round trip through the database, for health checks. */
  ping(): Promise<void>;
  /**
   * A number that changes whenever a write is committed, by this process or any other: an answer
   * kept in memory is still the answer for as long as the mark it was read under is current.
   */
  changeMark(): Promise<number>;
  close(): Promise<void>;
}

/**
 * How many rows a write statement changed. The app's handle is typed as better-sqlite3's, whose
 * result says `changes`; on PostgreSQL the same statement's result says `rowCount`.
 */
export function rowsChanged(result: { changes: number }): number {
  const { rowCount } = result as { rowCount?: unknown };
  return typeof rowCount === 'number' ? rowCount : result.changes;
}

/**
 * The rows of a query written with drizzle's `sql`, for SQL the builders do not model, as the
 * handle's engine runs it (better-sqlite3 with `all`, node-postgres with `execute`; the app's
 * handle is typed as the first, see rowsChanged).
 */
export async function readRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  return engineOf(tx).readRows<T>(tx, query);
}

/** Runs a statement that returns no rows, written with drizzle's `sql` (see readRows). */
export async function runStatement(tx: Tx, statement: SQL): Promise<void> {
  return engineOf(tx).runStatement(tx, statement);
}
