import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * The audit rows of a large import, written on a thread of their own into a side file (see
 * side-audit): each message is the column values of some rows, one after the other, answered
 * with `written`; `null` ends it, answered with `done` once they are all in.
 */
export type SideAuditWorkerData = {
  file: string;
  /** The audit table's definition, as the database has it, and its name. */
  definition: string;
  table: string;
  /** The columns a row's values are given for, in order, quoted. */
  columns: string[];
  /** The row key of the first row: the next the database's own table would give. */
  firstId: number;
};

const port = parentPort;
if (port === null) throw new Error('the side audit worker runs on a worker thread');
const { file, definition, table, columns, firstId } = workerData as SideAuditWorkerData;
const width = columns.length;

const sqlite = new Database(file);
// A throw-away file: nothing to undo, nothing to keep through a crash.
sqlite.pragma('journal_mode = OFF');
sqlite.pragma('synchronous = OFF');
sqlite.exec('BEGIN');
sqlite.exec(definition);
sqlite.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(table, firstId - 1);
const row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
/** One statement per batch size met (the import sends a hundred rows at a time, then the rest). */
const inserts = new Map<number, Database.Statement>();
const insertOf = (rows: number) => {
  let insert = inserts.get(rows);
  if (insert === undefined) {
    const values = Array.from({ length: rows }, () => row).join(', ');
    insert = sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`);
    inserts.set(rows, insert);
  }
  return insert;
};

port.on('message', (values: unknown[] | null) => {
  if (values === null) {
    sqlite.exec('COMMIT');
    sqlite.close();
    port.postMessage('done');
    return;
  }
  if (values.length > 0) insertOf(values.length / width).run(values);
  port.postMessage('written');
});
