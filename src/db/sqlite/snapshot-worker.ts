import { parentPort, workerData } from 'node:worker_threads';
import { runSnapshotJobBytes, type SnapshotJob } from '../snapshot-jobs.js';
import { openConnection } from './connection.js';

/**
 * A snapshot job on a thread of its own (see snapshot-thread): a connection of its own, one read
 * transaction, the job's pieces sent as UTF-8 bytes while the thread that asked for them has room
 * (`{ room: n }` messages), then `{ done: true }`. A fault ends the thread with the error.
 */
export type SnapshotWorkerData = { file: string; busyTimeoutMs: number; job: SnapshotJob };

const port = parentPort;
if (port === null) throw new Error('the snapshot worker runs on a worker thread');
const { file, busyTimeoutMs, job } = workerData as SnapshotWorkerData;

let room = 0;
let roomMade: (() => void) | null = null;
port.on('message', (message: { room: number }) => {
  room += message.room;
  roomMade?.();
});

const { sqlite, tx } = openConnection(file, { busyTimeoutMs });
sqlite.exec('BEGIN DEFERRED');
// The first read fixes the snapshot: later commits by others are not seen.
sqlite.prepare('SELECT count(*) FROM sqlite_schema').get();
for await (const bytes of runSnapshotJobBytes(tx, job)) {
  while (room === 0) await new Promise<void>((resolve) => (roomMade = resolve));
  room--;
  // Handed over, not copied, and already UTF-8 (a piece is hundreds of KiB): the server's thread
  // only writes it out.
  port.postMessage(bytes, [bytes.buffer]);
}
sqlite.exec('COMMIT');
sqlite.close();
port.postMessage({ done: true });
// Nothing more will be asked: the thread may end.
port.unref();
