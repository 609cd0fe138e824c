import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { getTableName } from 'drizzle-orm';
import { auditLog } from '../schema.js';
import type { Tx } from '../store.js';
import type { Connection } from './connection.js';

/**
 * Files an import's threads write while it runs (its audit rows, its search index), attached to
 * the writer's connection before its transaction begins, so that the import's last statements
 * bring their tables in with SQLite's own `INSERT … SELECT` (a copy through JavaScript cost as
 * much as writing the rows in the first place; SQLite refuses `ATTACH` inside a transaction).
 * Each is written by one thread's connection, then read by the writer once that thread is done:
 * once the writer has read a file, it holds it until its transaction ends. Removed afterwards
 * (a crash leaves them in the system's temporary folder).
 */
const SIDE_FILES = ['side_audit', 'side_search'] as const;
export type SideFile = (typeof SIDE_FILES)[number];

const attached = new WeakMap<Tx, Map<SideFile, string>>();

/** The file attached as `name` to the transaction's connection, if its transaction has one. */
export function sideFileOf(tx: Tx, name: SideFile): string | undefined {
  return attached.get(tx)?.get(name);
}

/** Runs `work` (which begins and ends a transaction) with the side files attached. */
export async function withSideFiles<T>(connection: Connection, work: () => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'factcheck-side-'));
  const files = new Map<SideFile, string>();
  try {
    for (const name of SIDE_FILES) {
      const file = join(dir, `${name}.db`);
      connection.sqlite.prepare(`ATTACH DATABASE ? AS ${name}`).run(file);
      files.set(name, file);
    }
    attached.set(connection.tx, files);
    return await work();
  } finally {
    attached.delete(connection.tx);
    // A store closed meanwhile took its connection, and the attachments, with it.
    if (connection.sqlite.open) {
      for (const name of files.keys()) connection.sqlite.exec(`DETACH DATABASE ${name}`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Begins a write transaction that locks the database itself only: `BEGIN IMMEDIATE` would take
 * the attached side files' write locks too, and no thread could write them. A write that changes
 * nothing takes the database's write lock at once, as `BEGIN IMMEDIATE` does (busy if another
 * connection holds it); the side files are read only at the end.
 */
export function beginOnMainOnly(sqlite: Database.Database): void {
  sqlite.exec('BEGIN DEFERRED');
  try {
    sqlite.exec(`DELETE FROM main.${getTableName(auditLog)} WHERE 0`);
  } catch (error) {
    sqlite.exec('ROLLBACK');
    throw error;
  }
}

/** Whether the transaction's connection has side files attached (see beginOnMainOnly). */
export function hasSideFiles(tx: Tx): boolean {
  return attached.has(tx);
}
