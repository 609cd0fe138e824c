import type { Db } from './client.js';

/**
 * A drizzle query built once per database and run many times with placeholders: for the writes an
 * import repeats per record, where building the query costs more than running it.
 */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let prepared = cache.get(db);
    if (prepared === undefined) {
      prepared = build(db);
      cache.set(db, prepared);
    }
    return prepared;
  };
}
