import type { MutexInterface } from 'async-mutex';
import { StorageUnavailableError, withCause } from '../errors.js';
import type { Tx } from '../store.js';
import type { Connection } from './connection.js';
import { commitWrite } from './pending-search.js';

type Work<T> = (tx: Tx) => Promise<T>;
type Queued = {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Writes in one commit at most: a long queue still commits (and answers) every so often. */
const MOST_IN_ONE_COMMIT = 32;

/**
 * Writes that queue for the writer while another runs share its transaction: each in a savepoint
 * of its own (a failing one is rolled back alone and gets its error), all committed together once
 * none is waiting. Committing is most of a small write's cost, so under load it is paid once per
 * group rather than once per write. No write is answered before the commit that keeps it; should
 * that commit fail, every write of the group gets the error and none is kept.
 */
export function groupCommit(opts: {
  writer: Connection;
  lock: MutexInterface;
  begin: () => Promise<void>;
  inSavepoint: <T>(work: Work<T>) => Promise<T>;
}) {
  const { writer, lock } = opts;
  const waiting: Queued[] = [];
  let draining = false;

  async function commitOne(): Promise<void> {
    await opts.begin();
    const done: { queued: Queued; result: unknown }[] = [];
    try {
      for (let count = 0; count < MOST_IN_ONE_COMMIT; count++) {
        // Before committing, one turn of the event loop: requests whose bodies have just come in
        // may reach their write and join this commit.
        if (waiting.length === 0) await turn();
        const queued = waiting.shift();
        if (!queued) break;
        try {
          done.push({ queued, result: await opts.inSavepoint(queued.work) });
        } catch (error) {
          queued.reject(error);
          // SQLite ends the whole transaction on some errors (a full disk, I/O): what the group
          // wrote before is gone with it.
          if (!writer.sqlite.inTransaction) {
            throw withCause(new StorageUnavailableError(), error);
          }
        }
      }
      commitWrite(writer.sqlite);
    } catch (error) {
      if (writer.sqlite.inTransaction) writer.sqlite.exec('ROLLBACK');
      for (const { queued } of done) queued.reject(error);
      return;
    }
    for (const { queued, result } of done) queued.resolve(result);
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (waiting.length > 0) await lock.runExclusive(commitOne);
    } catch (error) {
      // The lock or the transaction could not be had (busy): none of the waiting writes ran.
      for (const queued of waiting.splice(0)) queued.reject(error);
    } finally {
      draining = false;
    }
  }

  return {
    add<T>(work: Work<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!draining) void drain();
      });
    },
  };
}
