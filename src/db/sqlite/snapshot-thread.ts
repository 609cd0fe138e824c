import { Worker } from 'node:worker_threads';
import { threadModule } from '../../lib/thread-module.js';
import type { SnapshotJob } from '../snapshot-jobs.js';
import type { SnapshotWorkerData } from './snapshot-worker.js';

/** Pieces a job may send ahead of the one being written: it works while the socket drains. */
const AHEAD = 4;

/**
 * What `job` yields, as UTF-8, run on a thread of its own with a connection and a snapshot of its
 * own. A long export on the request's thread (SQLite reads synchronously) holds every other
 * request behind its slices and the collection of the garbage it makes; on its own thread it
 * holds none, and it runs on another core. The pieces come as they are taken, a few ahead at
 * most, so a slow client holds the thread back rather than filling memory. Ending the iteration
 * early (a client gone) stops the thread, and its snapshot with it.
 */
export async function* onThreadOfItsOwn(
  file: string,
  busyTimeoutMs: number,
  job: SnapshotJob,
): AsyncGenerator<Uint8Array> {
  const { url, execArgv } = threadModule(import.meta.url, 'snapshot-worker');
  const worker = new Worker(url, {
    workerData: { file, busyTimeoutMs, job } satisfies SnapshotWorkerData,
    execArgv,
  });
  const pieces: Uint8Array[] = [];
  let done = false;
  let failure: Error | null = null;
  let arrived: (() => void) | null = null;
  const wake = () => arrived?.();
  worker.on('message', (message: Uint8Array | { done: true }) => {
    if (message instanceof Uint8Array) pieces.push(message);
    else done = true;
    wake();
  });
  worker.on('error', (error) => {
    failure = error;
    wake();
  });
  worker.on('exit', (code) => {
    if (!done) failure ??= new Error(`the snapshot thread stopped (exit code ${code})`);
    wake();
  });
  worker.postMessage({ room: AHEAD });
  try {
    for (;;) {
      const piece = pieces.shift();
      if (piece !== undefined) {
        worker.postMessage({ room: 1 });
        yield piece;
      } else if (failure !== null) {
        throw failure;
      } else if (done) {
        return;
      } else {
        await new Promise<void>((resolve) => (arrived = resolve));
      }
    }
  } finally {
    await worker.terminate();
  }
}
