import type { Tx } from '../store.js';
import { placeholderFiller } from './placeholders.js';
import { rowsMappedOnce } from './row-mapping.js';

/** What drizzle prepares: run with placeholder values, it gives `R` (rows, or a run result). */
type Prepared<R> = { execute(values?: Record<string, unknown>): PromiseLike<R> };

/** A prepared query run with placeholder values: the same result, through one plain promise. */
export type PreparedQuery<R> = { execute(values?: Record<string, unknown>): Promise<R> };

/**
 * A drizzle query built once per connection and run many times with placeholders (`.execute()`),
 * for the reads and writes that are repeated per record, where building a query costs more than
 * running it. The caller gives the query; preparing it against the connection happens here. On
 * better-sqlite3 the statement runs synchronously: its result is handed back as a resolved
 * promise directly, without drizzle's lazy query-promise chain (several promises per statement,
 * which dominated imports), a select's rows mapped as rowsMappedOnce does.
 */
let statementNames = 0;

export function preparedFor<R>(
  build: (tx: Tx) => { prepare(name?: string): Prepared<R> },
): (tx: Tx) => PreparedQuery<R> {
  const cache = new WeakMap<Tx, PreparedQuery<R>>();
  // PostgreSQL keeps a named statement per connection, parsed and planned once (SQLite's
  // statements need no name).
  const name = `factcheck_${++statementNames}`;
  return (tx) => {
    let prepared = cache.get(tx);
    if (prepared === undefined) {
      prepared = direct(build(tx).prepare(name));
      cache.set(tx, prepared);
    }
    return prepared;
  };
}

function direct<R>(query: Prepared<R>): PreparedQuery<R> {
  const sync = query as unknown as Record<string, unknown> & { executeMethod?: unknown };
  const method = typeof sync.executeMethod === 'string' ? sync[sync.executeMethod] : undefined;
  if (typeof method !== 'function') return { execute: async (values) => query.execute(values) };
  const run =
    rowsMappedOnce<R>(query) ??
    runDirectly<R>(query) ??
    ((values?: Record<string, unknown>) => method.call(query, values) as R);
  return {
    execute: (values) => {
      try {
        return Promise.resolve(run(values));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}

/** What drizzle's prepared better-sqlite3 write holds (not part of its typed API). */
type RunInternals = {
  executeMethod?: unknown;
  stmt?: { run(...params: unknown[]): unknown };
  query?: { params: unknown[] };
};

/**
 * A prepared write (`run`) as drizzle runs it, its placeholders filled as found once; undefined
 * for anything else.
 */
function runDirectly<R>(query: unknown): ((values?: Record<string, unknown>) => R) | undefined {
  const { executeMethod, stmt, query: built } = query as RunInternals;
  if (executeMethod !== 'run' || !stmt || !built) return undefined;
  const fill = placeholderFiller(built.params);
  return (values) => stmt.run(...fill(values)) as R;
}
