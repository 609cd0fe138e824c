import type Database from 'better-sqlite3';
import { commitWrite } from '../../src/db/sqlite/pending-search.js';

/**
 * Runs `work` on a connection of its own in a write transaction, committed as the store commits
 * one: the claims its triggers noted are indexed first (migration 0022). Rolled back if it throws.
 */
export function committedWrite<T>(sqlite: Database.Database, work: () => T): T {
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    commitWrite(sqlite);
    return result;
  } finally {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
  }
}
