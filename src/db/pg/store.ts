import { AsyncLocalStorage } from 'node:async_hooks';
import { Mutex } from 'async-mutex';
import type { SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { sharedRead } from '../../lib/shared-read.js';
import { registerEngine } from '../engine.js';
import { tooManySnapshots } from '../errors.js';
import * as schema from '../schema.js';
import { runSnapshotJobBytes } from '../snapshot-jobs.js';
import type { HeldWrite, ReadOptions, Store, Tx, WriteOptions } from '../store.js';
import { isConnectionLost, PgConnections, type ReadLease } from './connections.js';
import { pgDialect } from './dialect.js';
import { translatePgError } from './errors.js';
import { openPgImport } from './import-parts.js';
import { migratePg } from './migrations.js';
import { MAKE_NOTED_DOCUMENTS, noteSearchIn } from './noted-search.js';
import { decodeValuesAsSqliteDoes } from './value-types.js';

export type PgStoreOptions = {
  /** Connections the pool may open (DATABASE_POOL_MAX). Default 10. */
  poolMax?: number;
  /** How long a write waits for the write lock (another instance's import) before 503. */
  lockTimeoutMs?: number;
  /** How many snapshots (exports) may be open at once, each holding a connection. Default 4. */
  maxSnapshots?: number;
  /** Called with every query the app's handles run, and with each write's COMMIT. */
  onStatement?: (sql: string) => void;
};

/** The transaction-level advisory lock every write takes: one writer at a time, as on SQLite. */
export const WRITE_LOCK = 0x7772_6974; // "writ"

/**
 * The PostgreSQL store. The app's queries are written once, with drizzle's builders over the
 * schema of src/db/schema.ts; drizzle's PostgreSQL dialect renders them from those tables as well
 * as from pg-core ones (names, columns, encoders: what it reads of a table is the same), and
 * test/schema-parity.test.ts holds the PostgreSQL tables to exactly that shape. So the handle a
 * transaction hands to the app is the node-postgres database, seen as the `Tx` the app is typed
 * against; what differs between the engines (search, bulk imports) lives in each engine's folder.
 *
 * Writes take one advisory lock for their transaction, so that writes from every instance are
 * serialised as SQLite's are (a version check and the update it guards cannot interleave with
 * another instance's); reads run in REPEATABLE READ transactions of their own, in parallel, but
 * for reads of one statement (the change mark, a claim whole), which see one snapshot by
 * themselves and so skip a transaction's round trips.
 */
export function openPgStore(url: string, options: PgStoreOptions = {}): Store {
  decodeValuesAsSqliteDoes();
  // A server that does not answer (a wrong host, a firewall) is a clear failure, not a hang.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection cut by the server (a restart) is replaced by the pool: not a crash.
  pool.on('error', () => {});
  const lockTimeoutMs = options.lockTimeoutMs ?? 5000;
  const maxSnapshots = options.maxSnapshots ?? 4;
  let snapshots = 0;
  const connections = new PgConnections(pool);
  const handles = new WeakMap<pg.PoolClient, Tx>();
  const txOf = (client: pg.PoolClient): Tx => {
    let tx = handles.get(client);
    if (!tx) {
      const { onStatement } = options;
      const logger = onStatement ? { logQuery: (query: string) => onStatement(query) } : undefined;
      tx = drizzle({ client, schema, logger }) as unknown as Tx;
      handles.set(client, tx);
      registerEngine(tx, {
        openImport: () => openPgImport(client),
        sql: pgDialect,
        translateError: translatePgError,
        readRows: pgRows,
        runStatement: async (handle, statement) => {
          await pgRows(handle, statement);
        },
      });
    }
    return tx;
  };
  /**
   * The mark every writing transaction moves (migrations-pg 0002), whoever writes: read for each
   * kept answer, so that a commit by any instance is seen by the next request here. Requests that
   * ask while one read of it is under way share the next one.
   */
  const readMark = sharedRead(async () => {
    const { rows } = await withRead(
      (client) =>
        client.query<{ mark: number }>({
          name: 'factcheck_change_mark',
          text: 'SELECT mark FROM change_mark',
        }),
      true,
    );
    return Number(rows[0]?.mark);
  });
  const ambient = new AsyncLocalStorage<Held>();
  let savepoints = 0;
  let closing: Promise<void> | undefined;

  /**
   * Connections whose noting table is made: in a write's transaction, so that a write rolled back
   * takes it with it and the next one makes it again.
   */
  const notingSearch = new WeakSet<pg.PoolClient>();

  /** In one round trip: the statements carry no parameters, so they go as one simple query. */
  async function beginWrite(
    client: pg.PoolClient,
    leaveRead: string,
    deferForeignKeys: boolean,
  ): Promise<void> {
    try {
      await client.query(
        `${leaveRead}BEGIN; SET LOCAL lock_timeout = ${Math.trunc(lockTimeoutMs)}; SELECT pg_advisory_xact_lock(${WRITE_LOCK});${deferForeignKeys ? ' SET CONSTRAINTS ALL DEFERRED;' : ''} ${noteSearchIn(!notingSearch.has(client))}`,
      );
    } catch (error) {
      // The lock not had in time: the connection goes back to the pool out of any transaction.
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  async function commitWrite(client: pg.PoolClient): Promise<void> {
    options.onStatement?.('COMMIT');
    await client.query(`${MAKE_NOTED_DOCUMENTS} COMMIT`);
    notingSearch.add(client);
  }

  /** Runs `work` in a read transaction of its own, or as one statement outside one (forRead). */
  async function withRead<T>(
    work: (client: pg.PoolClient) => Promise<T>,
    oneStatement = false,
  ): Promise<T> {
    const { client, end } = await connections.forRead(oneStatement);
    let broken = false;
    try {
      return await work(client);
    } catch (error) {
      broken = isConnectionLost(error);
      throw error;
    } finally {
      end(broken);
    }
  }

  async function inWrite<T>(
    work: (tx: Tx) => Promise<T>,
    { rollback = false, deferForeignKeys = false }: WriteOptions,
  ): Promise<T> {
    const { client, leaveRead } = await connections.take();
    let broken = false;
    try {
      await beginWrite(client, leaveRead, deferForeignKeys);
      try {
        const result = await work(txOf(client));
        if (rollback) await client.query('ROLLBACK');
        else await commitWrite(client);
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    } catch (error) {
      broken = isConnectionLost(error);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** The held write to run in, if the running code has one that is still open. */
  function heldWrite(): Held | null {
    const held = ambient.getStore();
    return held && !held.ended ? held : null;
  }

  async function inSavepoint<T>(
    held: Held,
    work: (tx: Tx) => Promise<T>,
    { rollback = false, deferForeignKeys = false }: WriteOptions = {},
  ): Promise<T> {
    const name = `write_${++savepoints}`;
    const { client } = held;
    await client.query(`SAVEPOINT ${name}`);
    try {
      if (deferForeignKeys) await client.query('SET CONSTRAINTS ALL DEFERRED');
      const result = await work(txOf(client));
      if (rollback) await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await client.query(`RELEASE SAVEPOINT ${name}`);
      throw error;
    }
  }

  function heldHandle(held: Held): HeldWrite {
    const end = async (finish: () => Promise<void>) => {
      if (held.ended) return;
      held.ended = true;
      let broken = false;
      try {
        await finish();
      } catch (error) {
        broken = isConnectionLost(error);
        await held.client.query('ROLLBACK').catch(() => {});
        throw translatePgError(error);
      } finally {
        held.client.release(broken);
      }
    };
    return {
      tx: txOf(held.client),
      get open() {
        return !held.ended;
      },
      run: (work) => ambient.run(held, work),
      async commit() {
        if (held.ended) throw new Error('this held write is over already');
        await end(() => commitWrite(held.client));
      },
      async rollback() {
        await end(async () => {
          await held.client.query('ROLLBACK');
        });
      },
    };
  }

  return {
    async read(work, readOptions: ReadOptions = {}) {
      return guarded(() => {
        const held = heldWrite();
        if (held) return held.inner.runExclusive(() => work(txOf(held.client)));
        return withRead((client) => work(txOf(client)), readOptions.oneStatement);
      });
    },

    async write(work, writeOptions: WriteOptions = {}) {
      return guarded(() => {
        const held = heldWrite();
        if (held) return held.inner.runExclusive(() => inSavepoint(held, work, writeOptions));
        return inWrite(work, writeOptions);
      });
    },

    async begin() {
      return guarded(async () => {
        const { client, leaveRead } = await connections.take();
        try {
          await beginWrite(client, leaveRead, false);
        } catch (error) {
          client.release(isConnectionLost(error));
          throw error;
        }
        return heldHandle({ ended: false, inner: new Mutex(), client });
      });
    },

    async *snapshot(work) {
      if (snapshots >= maxSnapshots) throw tooManySnapshots(maxSnapshots);
      snapshots++;
      let lease: ReadLease | null = null;
      try {
        lease = await guarded(() => connections.forRead());
        yield* work(txOf(lease.client));
      } finally {
        snapshots--;
        lease?.end();
      }
    },

    // PostgreSQL's server reads the snapshot: the work left to this thread awaits it.
    streamSnapshot(job) {
      return this.snapshot((tx) => runSnapshotJobBytes(tx, job));
    },

    async migrate() {
      await guarded(() => migratePg({ connect: () => connections.plain() }));
    },

    async checkpoint() {
      // PostgreSQL folds its log back by itself.
    },

    async ping() {
      await guarded(() =>
        withRead(
          (client) =>
            client.query({ name: 'factcheck_ping', text: 'SELECT 1 FROM claims LIMIT 1' }),
          true,
        ),
      );
    },

    changeMark: () => guarded(readMark),

    close() {
      // Closed once, however many callers ask (a test's own close, then its context's).
      closing ??= pool.end();
      return closing;
    },
  };
}

/** A held write's state: its connection, and `inner` to keep its request's writes in turn. */
type Held = { ended: boolean; inner: Mutex; client: pg.PoolClient };

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translatePgError(error);
  }
}

/** A statement written with drizzle's `sql`, run through the handle's `execute`: its rows. */
async function pgRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  // The handle is typed as SQLite's (see rowsChanged in ../store.ts); drizzle's own here.
  const { rows } = await (tx as unknown as NodePgDatabase).execute(query);
  return rows as T[];
}
