import type { Tx } from './store.js';

/**
 * Text streamed from one snapshot by a function a module exports, named rather than passed, so
 * that an engine can run it on a thread of its own (which loads the module there): `module` is the
 * module's URL (`import.meta.url`), `name` the exported function, called as `(tx, arg)`.
 */
export type SnapshotJob = { module: string; name: string; arg: unknown };

type SnapshotWork = (tx: Tx, arg: unknown) => AsyncIterable<string>;

/** What the job yields, read through `tx` (in a snapshot its caller opened). */
async function* runSnapshotJob(tx: Tx, job: SnapshotJob): AsyncGenerator<string> {
  const exported: unknown = (await import(job.module))[job.name];
  if (typeof exported !== 'function') {
    throw new Error(`${job.module} exports no function ${job.name}`);
  }
  yield* (exported as SnapshotWork)(tx, job.arg);
}

/**
 * The job's pieces as UTF-8, as a snapshot streams them (see Store.streamSnapshot), each in a
 * buffer of its own, so that a thread may hand it over whole.
 */
export async function* runSnapshotJobBytes(
  tx: Tx,
  job: SnapshotJob,
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  for await (const piece of runSnapshotJob(tx, job)) {
    // Sized first, then written in place: a third faster than TextEncoder's encode here (the
    // pieces are long strings built by concatenation), on a gigabyte of export.
    const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(piece));
    bytes.write(piece);
    yield bytes;
  }
}
