import { parentPort } from 'node:worker_threads';
import { ndjsonLines } from '../../lib/ndjson-lines.js';
import { type CheckedRecord, checkLine } from './record-check.js';

/**
 * The thread of checkedLines: it takes the stream's chunks (a `null` after the last), and sends
 * back, once it has read every whole line of a chunk, the records those lines held; `last` with
 * the records of the end of the stream.
 */
export type LinesBatch = { records: CheckedRecord[]; last: boolean };

const port = parentPort;
if (port === null) throw new Error('the NDJSON reading worker runs on a worker thread');

const chunks: (Uint8Array | string | null)[] = [];
let chunkArrived: (() => void) | null = null;
port.on('message', (chunk: Uint8Array | string | null) => {
  chunks.push(chunk);
  chunkArrived?.();
});

let records: CheckedRecord[] = [];
const send = (last: boolean) => {
  port.postMessage({ records, last } satisfies LinesBatch);
  records = [];
};

async function* received(): AsyncGenerator<Uint8Array | string> {
  for (let first = true; ; first = false) {
    // Asked for the next chunk: the lines of the one before are all read.
    if (!first) send(false);
    while (chunks.length === 0) await new Promise<void>((resolve) => (chunkArrived = resolve));
    const chunk = chunks.shift();
    if (chunk === null || chunk === undefined) return;
    yield chunk;
  }
}

for await (const read of ndjsonLines(received())) {
  const checked = checkLine(read);
  if (checked !== null) records.push(checked);
}
send(true);
// Nothing more will come: the thread may end.
port.unref();
