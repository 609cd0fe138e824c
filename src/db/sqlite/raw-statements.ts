import type Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Tx } from '../store.js';
import { clientOf } from './connection.js';

/**
 * Statements written with drizzle's `sql` (see readRows in ../store.ts), prepared once per
 * connection and text instead of on every run: a write's stored counts (a claim's tags, status
 * and language) took three statements prepared anew each time, 7 % of `POST /claims`.
 */
const dialect = new SQLiteSyncDialect();
const kept = new WeakMap<Database.Database, Map<string, Database.Statement>>();
/** Statements kept per connection; texts with values written in (not bound) would grow it. */
const MAX_KEPT = 200;

function prepared(tx: Tx, query: SQL): { statement: Database.Statement; params: unknown[] } {
  const sqlite = clientOf(tx);
  const { sql: text, params } = dialect.sqlToQuery(query);
  let statements = kept.get(sqlite);
  if (!statements) {
    statements = new Map();
    kept.set(sqlite, statements);
  }
  let statement = statements.get(text);
  if (!statement) {
    if (statements.size >= MAX_KEPT) statements.clear();
    statement = sqlite.prepare(text);
    statements.set(text, statement);
  }
  return { statement, params };
}

export async function sqliteRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const { statement, params } = prepared(tx, query);
  return statement.all(...params) as T[];
}

export async function sqliteRun(tx: Tx, query: SQL): Promise<void> {
  const { statement, params } = prepared(tx, query);
  statement.run(...params);
}
