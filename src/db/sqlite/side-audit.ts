import { Worker } from 'node:worker_threads';
import { getTableColumns, getTableName } from 'drizzle-orm';
import { threadModule } from '../../lib/thread-module.js';
import type { AuditRowsSink } from '../engine.js';
import { type AuditRow, auditLog } from '../schema.js';
import type { Tx } from '../store.js';
import { clientOf } from './connection.js';
import type { SideAuditWorkerData } from './side-audit-worker.js';
import { type SideFile, sideFileOf } from './side-files.js';

type AuditInsert = Omit<AuditRow, 'id'>;

/** The audit table's columns but its row key, as an insert names them (the schema's order). */
const COLUMNS = Object.entries(getTableColumns(auditLog)).filter(([, column]) => !column.primary);
const COLUMN_NAMES = COLUMNS.map(([, column]) => `"${column.name}"`);

const TABLE = getTableName(auditLog);
/** The attached side file the rows are written in (see side-files). */
const SIDE: SideFile = 'side_audit';

/** Batches sent and not yet written before `take` waits: memory stays bounded. */
const MOST_IN_FLIGHT = 64;

/**
 * A large import's audit rows written on a thread of their own, into the attached side file
 * `side_audit` (see side-files), and brought into the audit table in one `INSERT … SELECT` when
 * the import ends. Every record writes an audit entry, a claim's with all its fields: on the
 * 1 M record they are 3 M rows and a third of the database, and writing them was the largest
 * item of the import's own thread. Here that thread only turns each row into its column values
 * (as drizzle's insert would) and sends a hundred at a time; the other core writes them. The
 * table's row keys are given as the rows come in, after the rows written in place before.
 * Without the side file (an import inside a request's held write) it takes nothing.
 */
export class SideAudit implements AuditRowsSink {
  private worker: Worker | null = null;
  private done: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private inFlight = 0;
  private wake: (() => void) | null = null;

  constructor(private readonly tx: Tx) {}

  /** The import has become large: rows are taken from now on. */
  start(): void {
    const file = sideFileOf(this.tx, SIDE);
    if (file === undefined || this.worker !== null) return;
    const client = clientOf(this.tx);
    const definition = client
      .prepare("SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?")
      .pluck()
      .get(TABLE);
    if (typeof definition !== 'string') throw new Error('the audit table has no definition');
    // The next row key the table would give: past its highest, and past any it gave before.
    const firstId = Number(
      client
        .prepare(
          `SELECT max(coalesce((SELECT seq FROM main.sqlite_sequence WHERE name = ?), 0),
                      coalesce((SELECT max(id) FROM main.${TABLE}), 0)) + 1`,
        )
        .pluck()
        .get(TABLE),
    );
    const { url, execArgv } = threadModule(import.meta.url, 'side-audit-worker');
    const worker = new Worker(url, {
      workerData: {
        file,
        definition,
        table: TABLE,
        columns: COLUMN_NAMES,
        firstId,
      } satisfies SideAuditWorkerData,
      execArgv,
    });
    this.worker = worker;
    this.done = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: 'written' | 'done') => {
        if (message === 'done') resolve();
        else this.written();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the audit thread stopped (${code})`)));
    });
    this.done.catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.written();
    });
  }

  async take(rows: AuditInsert[]): Promise<boolean> {
    if (this.worker === null) return false;
    if (this.failure) throw this.failure;
    const values: unknown[] = [];
    for (const row of rows) {
      for (const [key, column] of COLUMNS) {
        const value = row[key as keyof AuditInsert];
        values.push(value === null || value === undefined ? null : column.mapToDriverValue(value));
      }
    }
    this.worker.postMessage(values);
    this.inFlight++;
    while (this.inFlight > MOST_IN_FLIGHT && !this.failure) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    if (this.failure) throw this.failure;
    return true;
  }

  async finish(): Promise<void> {
    const worker = this.worker;
    if (worker === null) return;
    worker.postMessage(null);
    try {
      await this.done;
      // The same table, row keys and all: SQLite copies its records as they are (its transfer
      // optimisation: 1.3 s for a million rows against 2.4 s column by column), without taking
      // each row apart, as long as the table has no index (they are set aside while the import is
      // large); otherwise row by row, to the same effect.
      clientOf(this.tx).exec(`INSERT INTO main.${TABLE} SELECT * FROM ${SIDE}.${TABLE}`);
    } finally {
      this.worker = null;
      await worker.terminate();
    }
  }

  drop(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  private written(): void {
    this.inFlight--;
    this.wake?.();
    this.wake = null;
  }
}
