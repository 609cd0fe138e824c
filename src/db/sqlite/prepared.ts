import type { Tx } from '../store.js';

/**
 * A drizzle query built once per connection and run many times with placeholders (`.execute()`),
 * for the reads and writes that are repeated per record, where building a query costs more than
 * running it. The caller gives the query; preparing it against the connection happens here.
 */
export function preparedFor<P>(build: (tx: Tx) => { prepare(): P }): (tx: Tx) => P {
  const cache = new WeakMap<Tx, P>();
  return (tx) => {
    let prepared = cache.get(tx);
    if (prepared === undefined) {
      prepared = build(tx).prepare();
      cache.set(tx, prepared);
    }
    return prepared;
  };
}
