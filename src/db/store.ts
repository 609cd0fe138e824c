import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from './schema.js';

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
};

/**
 * Where the record is kept. Writes are serialised transactions; reads see one consistent snapshot
 * each; a snapshot can also be streamed (an export) without holding up other reads or writes.
 */
export interface Store {
  read<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  write<T>(work: (tx: Tx) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** Yields what `work` yields, all of it read from one snapshot taken when iteration starts. */
  snapshot<T>(work: (tx: Tx) => AsyncIterable<T>): AsyncIterable<T>;
  /** Applies every pending migration (a no-op when the database is current). */
  migrate(): Promise<void>;
  /** A real round trip through the database, for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
