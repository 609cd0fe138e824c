import { isMainThread } from 'node:worker_threads';
import { claims } from '../../src/db/schema.js';
import type { Tx } from '../../src/db/store.js';

/**
 * Snapshot jobs for the tests (see src/db/snapshot-jobs): a job names a function its module
 * exports, so that an engine can run it on a thread of its own.
 */

/** Where the job ran, and how many claims its snapshot holds. */
export async function* whereRun(tx: Tx): AsyncGenerator<string> {
  const stored = await tx.$count(claims);
  yield `${isMainThread ? 'main thread' : 'own thread'}: ${stored} claims`;
}

/** One piece, then a fault. */
export async function* failsAfterOne(): AsyncGenerator<string> {
  yield 'first piece\n';
  throw new Error('the job failed after its first piece');
}

export const jobsModule = import.meta.url;
