import type Database from 'better-sqlite3';

/**
 * A first load written straight into the file. A large import through the write-ahead log writes
 * every page twice (into the log, then into the file as the log is folded back at commit), and
 * each page it reads from the file is first looked for in the log, through an index that grows
 * with the log: a million-claim import into an empty database took 815 s through the log and 612 s
 * without it, one after the other. With a rollback journal, pages past the file's old end need no
 * undo: the journal holds only the few pages the database had.
 *
 * Only when the caller has the store to itself (`alone`: a command-line import into a database
 * with no claim yet, see the store) and no other connection has the file open: the journal mode
 * can change only then (another process's connection makes the switch fail at once, and the write
 * goes through the log as usual). While it runs, another process cannot open the database (it waits, then is told the
 * database is busy). The log comes back when the write ends, committed or not; a connection that
 * opens the file turns it on too, so a crash in between leaves nothing behind but a hot journal,
 * which SQLite rolls back on the next open.
 */
export async function asFirstLoad<T>(
  sqlite: Database.Database,
  { alone, noWait, wait }: { alone: boolean } & BusyTimeouts,
  work: () => Promise<T>,
): Promise<T> {
  if (!alone || !leaveLog(sqlite, { noWait, wait })) return work();
  try {
    return await work();
  } finally {
    backToLog(sqlite);
  }
}

/** The connection's statements that set its busy timeout to none, and back to its own. */
type BusyTimeouts = { noWait: Database.Statement; wait: Database.Statement };

function leaveLog(sqlite: Database.Database, { noWait, wait }: BusyTimeouts): boolean {
  noWait.get();
  try {
    return sqlite.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return false;
    throw error;
  } finally {
    wait.get();
  }
}

function backToLog(sqlite: Database.Database): void {
  try {
    sqlite.pragma('journal_mode = WAL');
  } catch {
    // Another process has just opened the file: its connection puts the log back as it reads.
  }
}
