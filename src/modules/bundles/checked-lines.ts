import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { ndjsonLines } from '../../lib/ndjson-lines.js';
import { threadModule } from '../../lib/thread-module.js';
import type { LinesBatch } from './checked-lines.worker.js';
import { type CheckedRecord, checkLine } from './record-check.js';

/**
 * An upload of at least this many bytes has its lines read and checked on a thread of its own; a
 * smaller one is done before the thread would have started (about half a second). Of a stream of
 * unknown length, this much is read first to tell.
 */
export const THREAD_FROM_BYTES = 8 * 1_048_576;

/** Chunks of input handed to the thread ahead of the records taken from it. */
const AHEAD = 8;

/**
 * The records of an NDJSON stream, each read and checked for its shape (see record-check), in
 * order; blank lines hold none. For an input expected to be large (`expectedBytes`; null for a
 * stream of unknown length, whose first THREAD_FROM_BYTES tell) the reading and checking (JSON, the
 * text rules, the schema: a tenth of a large import's time) runs on another core while the records
 * before are written. The input's chunks are copied to the thread a few ahead at most and its
 * records come back a chunk's worth at a time, so memory stays bounded however long the stream;
 * when the records stop being taken (the import failed), the input is destroyed and the thread
 * stopped.
 */
export async function* checkedLines(
  input: Readable,
  expectedBytes: number | null,
): AsyncGenerator<CheckedRecord> {
  try {
    if (expectedBytes !== null) {
      yield* expectedBytes >= THREAD_FROM_BYTES ? checkedOnThread(input) : checkedHere(input);
      return;
    }
    const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Chunk>;
    const head: Chunk[] = [];
    let size = 0;
    let rest: AsyncIterator<Chunk> | null = chunks;
    while (size < THREAD_FROM_BYTES && rest !== null) {
      const next = await chunks.next();
      if (next.done) rest = null;
      else {
        head.push(next.value);
        size += next.value.length;
      }
    }
    const whole = joined(head, rest);
    yield* rest === null ? checkedHere(whole) : checkedOnThread(whole);
  } finally {
    // Should the records stop being taken (the import failed), the reading stops with it.
    input.destroy();
  }
}

type Chunk = Uint8Array | string;

/** The chunks read ahead, then the rest of the stream. */
async function* joined(head: Chunk[], rest: AsyncIterator<Chunk> | null): AsyncGenerator<Chunk> {
  yield* head;
  if (rest === null) return;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function* checkedHere(input: AsyncIterable<Chunk>): AsyncGenerator<CheckedRecord> {
  for await (const read of ndjsonLines(input)) {
    const checked = checkLine(read);
    if (checked !== null) yield checked;
  }
}

async function* checkedOnThread(input: AsyncIterable<Chunk>): AsyncGenerator<CheckedRecord> {
  const { url, execArgv } = threadModule(import.meta.url, 'checked-lines.worker');
  // The thread makes garbage fast: left to grow its young generation as V8 likes, it added
  // 150 MB to a large import's peak memory; capped, about 40 MB, at the same speed.
  const worker = new Worker(url, { execArgv, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  const batches: LinesBatch[] = [];
  let failure: unknown = null;
  let ended = false;
  let stopped = false;
  let sent = 0;
  let taken = 0;
  let batchArrived: (() => void) | null = null;
  let roomMade: (() => void) | null = null;
  const arrived = () => batchArrived?.();
  const makeRoom = () => roomMade?.();
  worker.on('message', (batch: LinesBatch) => {
    batches.push(batch);
    if (batch.last) ended = true;
    arrived();
  });
  worker.on('error', (error) => {
    failure ??= error;
    arrived();
  });
  worker.on('exit', (code) => {
    if (!ended) failure ??= new Error(`the NDJSON reading thread stopped (exit code ${code})`);
    arrived();
  });
  const send = async () => {
    for await (const chunk of input) {
      if (stopped) return;
      if (typeof chunk === 'string') worker.postMessage(chunk);
      else {
        // A chunk is often a view of a larger pooled buffer, which posting it would copy whole:
        // its own bytes are copied once and handed over.
        const bytes = new Uint8Array(chunk);
        worker.postMessage(bytes, [bytes.buffer]);
      }
      sent++;
      while (sent - taken >= AHEAD && !stopped) await new Promise<void>((r) => (roomMade = r));
    }
    worker.postMessage(null);
  };
  send().catch((error: unknown) => {
    failure ??= error;
    arrived();
  });
  try {
    for (;;) {
      const batch = batches.shift();
      if (batch !== undefined) {
        if (!batch.last) taken++;
        makeRoom();
        yield* batch.records;
        if (batch.last) return;
      } else if (failure !== null) {
        throw failure;
      } else {
        await new Promise<void>((resolve) => (batchArrived = resolve));
      }
    }
  } finally {
    stopped = true;
    makeRoom();
    await worker.terminate();
  }
}
