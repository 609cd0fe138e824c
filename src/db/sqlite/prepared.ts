import type { Tx } from '../store.js';

/**
 * A drizzle query built once per connection and run many times with placeholders (`.execute()`),
 * for the reads and writes that are repeated per record, where building a query costs more than
 * running it.
 */
export function preparedFor<T>(build: (tx: Tx) => T): (tx: Tx) => T {
  const cache = new WeakMap<Tx, T>();
  return (tx) => {
    let prepared = cache.get(tx);
    if (prepared === undefined) {
      prepared = build(tx);
      cache.set(tx, prepared);
    }
    return prepared;
  };
}
