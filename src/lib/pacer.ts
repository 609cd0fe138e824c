import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long work that runs on this thread (an import, an export: SQLite is synchronous, so their
 * `await`s never wait for I/O) lets the event loop in every `sliceMs`, so that other requests,
 * `/health` included, are answered meanwhile. Call the returned function once per unit of work.
 */
export function pacer(sliceMs = 10): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await nextTurn();
    since = performance.now();
  };
}

/** What `records` yields, with the event loop let in every few milliseconds of producing it. */
export async function* paced<T>(records: AsyncIterable<T>, sliceMs = 10): AsyncGenerator<T> {
  const pace = pacer(sliceMs);
  for await (const record of records) {
    await pace();
    yield record;
  }
}
