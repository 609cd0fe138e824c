import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Tx } from '../store.js';

// CommonJS, run in a worker: a read-only connection of its own that runs the statements sent to
// it (their SQL text and values) and answers with their rows as arrays.
const READ_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
db.pragma('cache_size = -' + workerData.cacheKb);
const statements = new Map();
parentPort.on('message', ({ id, sql, params }) => {
  try {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql).raw(true);
      statements.set(sql, statement);
    }
    parentPort.postMessage({ id, rows: statement.all(...params) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

type Answer = { id: number; rows?: unknown[][]; error?: string };

/** Threads for reads: one per core, at most four (a search's ranking is split among them). */
export const READ_THREADS = Math.min(4, availableParallelism());

/**
 * Statements whose cost the API cannot bound by its page run here, on threads of their own: a
 * search whose words are each in most claims but rarely together walks every claim's entry of
 * each word in one step of SQLite (hundreds of milliseconds on a million claims), which on the
 * main thread would keep every other request, `/health` included, waiting. A statement goes to
 * the thread with the fewest waiting, so that the parts of one read (see `size`) run side by side.
 * Each thread is started on first use.
 */
export class ReadWorker {
  private readonly threads: ReadThread[];

  /** `onStatement` sees each statement sent, as a connection's own sees those it runs. */
  constructor(
    file: string,
    busyTimeoutMs: number,
    private readonly onStatement?: (sql: string) => void,
    { cacheMb = 16, threads = READ_THREADS } = {},
  ) {
    this.threads = Array.from(
      { length: Math.max(1, threads) },
      () => new ReadThread(file, busyTimeoutMs, cacheMb),
    );
  }

  /** How many statements can run at once: the parts a bounded but costly read is split into. */
  get size(): number {
    return this.threads.length;
  }

  /** The rows of one statement (SQL text with `?` for each value), as arrays of columns. */
  all(sql: string, params: unknown[]): Promise<unknown[][]> {
    this.onStatement?.(sql);
    const [first, ...others] = this.threads;
    let idlest = first as ReadThread;
    for (const thread of others) if (thread.waiting < idlest.waiting) idlest = thread;
    return idlest.all(sql, params);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.close()));
  }
}

/** One thread of a ReadWorker, with its read-only connection. */
class ReadThread {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (rows: unknown[][]) => void; reject: (error: Error) => void }
  >();

  constructor(
    private readonly file: string,
    private readonly busyTimeoutMs: number,
    private readonly cacheMb: number,
  ) {}

  /** Statements sent and not yet answered. */
  get waiting(): number {
    return this.pending.size;
  }

  all(sql: string, params: unknown[]): Promise<unknown[][]> {
    const worker = this.started();
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Only while a statement runs does the thread keep the process alive.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, sql, params });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.fail(new Error('the read worker is closed'));
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(READ_WORKER, {
      eval: true,
      workerData: {
        driver,
        file: this.file,
        busyTimeoutMs: this.busyTimeoutMs,
        cacheKb: Math.trunc(this.cacheMb * 1024),
      },
    });
    worker.unref();
    worker.on('message', (answer: Answer) => this.settle(answer));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      this.fail(new Error(`the read worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private settle({ id, rows, error }: Answer): void {
    const waiter = this.pending.get(id);
    if (!waiter) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    if (error !== undefined) waiter.reject(new Error(error));
    else waiter.resolve(rows ?? []);
  }

  private fail(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

/**
 * What a read connection may hand to its read worker: the statements, and the database's change
 * mark as the running read began (before its snapshot was taken) and as it is now, which tell
 * whether a commit fell between the read's snapshot and the worker's.
 */
export type Offload = { worker: ReadWorker; markAtRead: () => number; markNow: () => number };

const offloads = new WeakMap<Tx, Offload>();

export function registerOffload(tx: Tx, offload: Offload): void {
  offloads.set(tx, offload);
}

/** The worker that serves reads on this connection; none on a writer or a `:memory:` database. */
export function offloadOf(tx: Tx): Offload | null {
  return offloads.get(tx) ?? null;
}

/**
 * Rows read by the worker, when the database has not changed since the running read began: its
 * own statements read the snapshot taken then, and rows from a later one could disagree with them.
 * Null when a commit came in between, or no worker serves `tx` (or it failed): the caller reads
 * on `tx` then.
 */
export async function readOffThread(
  tx: Tx,
  sql: string,
  params: unknown[],
): Promise<unknown[][] | null> {
  const offload = offloadOf(tx);
  if (!offload) return null;
  // A worker that cannot answer (it failed to start, it was stopped) leaves the work to `tx`,
  // which reports a fault of the statement itself as any read does.
  const rows = await offload.worker.all(sql, params).catch(() => null);
  return rows !== null && offload.markNow() === offload.markAtRead() ? rows : null;
}

/** How many statements the worker of `tx` runs at once (0: none serves it). */
export function offThreadParts(tx: Tx): number {
  return offloadOf(tx)?.worker.size ?? 0;
}
