import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { registerEngine } from '../engine.js';
import * as schema from '../schema.js';
import type { Tx } from '../store.js';
import { sqliteEngine } from './engine.js';
import { planOnce } from './plan-once.js';

export type Connection = { sqlite: Database.Database; tx: Tx };

/**
 * Opens (and creates, with its folder) the SQLite file with the pragmas the app relies on.
 * `busyTimeoutMs`: how long a write waits for another process's write lock (an import from the
 * CLI); better-sqlite3 waits synchronously, so the server keeps it short and answers 503 instead.
 * `onStatement` sees every statement the connection runs; `cacheMb` bounds its page cache.
 * `scratchCacheMb`: the connection gets a scratch database in a temporary file, with a page cache
 * of that size, for the tables that grow with an import's input (memory must not). `bulkCacheMb`:
 * the page cache a large import takes while it runs (see DeferredIndexes).
 */
export type ConnectionOptions = {
  busyTimeoutMs?: number;
  onStatement?: (sql: string) => void;
  cacheMb?: number;
  scratchCacheMb?: number;
  bulkCacheMb?: number;
};

export function openConnection(
  file: string,
  {
    busyTimeoutMs = 5000,
    onStatement,
    cacheMb = 16,
    scratchCacheMb,
    bulkCacheMb = cacheMb,
  }: ConnectionOptions = {},
): Connection {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  // `verbose` is called with the text of every statement run (tests count them).
  const sqlite = new Database(
    file,
    onStatement ? { verbose: (sql) => onStatement(String(sql)) } : {},
  );
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  sqlite.pragma('synchronous = NORMAL');
  // Pages kept in memory: the writer's indexes are many, and a large import touches them all.
  sqlite.pragma(`cache_size = -${Math.trunc(cacheMb * 1024)}`);
  if (scratchCacheMb !== undefined) attachScratch(sqlite, scratchCacheMb);
  // Statement journals (a write's undo, kept while it runs), the bounded sorts of a list page:
  // in memory, never a temporary file (a write that touched a file for them took a third longer).
  sqlite.pragma('temp_store = MEMORY');
  cacheStatements(sqlite);
  const tx: Tx = drizzle(sqlite, { schema });
  clients.set(tx, sqlite);
  registerEngine(tx, sqliteEngine);
  bulkCaches.set(tx, bulkCacheMb);
  return { sqlite, tx };
}

/**
 * SQLite opens a database with an empty name as a private temporary file, deleted when it closes,
 * as long as temporary storage is on files when it is attached: its tables (`scratch.…`) grow on
 * disk, through a page cache of their own, whatever `temp_store` says later. The `temp` schema is
 * never used, so that `temp_store` can still change inside a transaction (see useTempFiles).
 */
function attachScratch(sqlite: Database.Database, cacheMb: number): void {
  sqlite.pragma('temp_store = FILE');
  sqlite.exec(`ATTACH DATABASE '' AS scratch`);
  sqlite.pragma(`scratch.cache_size = -${Math.trunc(cacheMb * 1024)}`);
}

/**
 * Puts the connection's sorts and temporary results on files (or back in memory). A large import's
 * last statements sort and gather as many rows as it wrote (its index builds, its claims' first
 * history): on files, SQLite merges sorted runs within its page cache instead of holding them all.
 * A statement journal stays where it was when the transaction began.
 */
export function useTempFiles(tx: Tx, onFiles: boolean): void {
  clientOf(tx).pragma(`temp_store = ${onFiles ? 'FILE' : 'MEMORY'}`);
}

/**
 * Closes SQLite's `temp` schema, which a migration's `ALTER TABLE … RENAME` opens: while it is open,
 * `temp_store` cannot change inside a transaction (useTempFiles). Changing the setting outside one
 * closes it; the connection is left with temporary storage in memory, as it opened.
 */
export function closeTempSchema(sqlite: Database.Database): void {
  if (sqlite.inTransaction)
    throw new Error('the temp schema cannot be closed inside a transaction');
  sqlite.pragma('temp_store = FILE');
  sqlite.pragma('temp_store = MEMORY');
}

const bulkCaches = new WeakMap<Tx, number>();

/** The page cache, in MiB, a large import on this connection may take while it runs. */
export function bulkCacheMbOf(tx: Tx): number {
  return bulkCaches.get(tx) ?? 16;
}

/** The raw client behind each handle, for the engine code that needs SQLite itself. */
const clients = new WeakMap<Tx, Database.Database>();

/**
 * drizzle prepares a statement for every query it runs, and preparing costs more than running
 * (it dominated imports). Reuse the prepared statement for the same SQL text, reset to the mode
 * drizzle expects (it asks for raw rows itself when it wants them). Each is compiled so that its
 * plan does not depend on the values bound (see planOnce).
 */
function cacheStatements(sqlite: Database.Database, size = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement && !statement.busy) {
      cache.delete(source);
      cache.set(source, statement);
      if (statement.reader) statement.raw(false);
      return statement;
    }
    statement = prepare(planOnce(source));
    cache.set(source, statement);
    if (cache.size > size) cache.delete(cache.keys().next().value ?? '');
    return statement;
  }) as typeof sqlite.prepare;
}

/** The connection a drizzle handle runs on (engine code only). */
export function clientOf(tx: Tx): Database.Database {
  const client = clients.get(tx);
  if (!client) throw new Error('this handle was not opened by the SQLite store');
  return client;
}
