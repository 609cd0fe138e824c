import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, inject } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { openPgStore } from '../../src/db/pg/store.js';
import { seedDb } from '../../src/db/seed.js';
import { openSqliteStore, type SqliteStoreOptions } from '../../src/db/sqlite/store.js';
import type { Store } from '../../src/db/store.js';
import { createKey } from '../../src/modules/keys/keys.commands.js';
import { type Peek, peekPg, peekSqlite } from './peek.js';
import { clusterAt, createDatabase, dropDatabase } from './pg-cluster.js';
import { pgWriteLock, sqliteWriteLock, type WriteLock } from './write-lock.js';

/** The engine the suite runs on: SQLite (`npm test`) or PostgreSQL (`npm run test:pg`). */
export const TEST_ENGINE = process.env.TEST_ENGINE === 'pg' ? 'pg' : 'sqlite';

export type TestContext = {
  app: App;
  store: Store;
  dir: string;
  file: string;
  /** A connection of the test's own to the same file, to look at stored rows (not the store's). */
  raw: Database.Database;
  /** The stored rows, through a connection of the test's own, on either engine. */
  peek: Peek;
  /** The database's write lock, as another process takes it. */
  writeLock: WriteLock;
  /** The variables that name the test's database to a process it starts (DB_FILE or DATABASE_URL). */
  databaseEnv: Record<string, string>;
  close: () => Promise<void>;
};

/** The store's options on either engine; `poolMax` is PostgreSQL's alone (SQLite has no pool). */
type TestStoreOptions = SqliteStoreOptions & { poolMax?: number };

/** The temp folders made for this test file's databases (see removeMadeDirs). */
const madeDirs = new Set<string>();

/**
 * Removes the temp folders the test file's databases were made in, once its own hooks have closed
 * them (run after every test file, see vitest.config.ts): a test that closes its store need not
 * remove its folder too, and none is left behind in the system's temporary folder.
 */
export function removeMadeDirs(): void {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
  madeDirs.clear();
}

/**
 * A fresh database file in a temp folder, migrated (and seeded unless told otherwise); with
 * `memory`, a `:memory:` database instead (then `raw` sees another, empty, database).
 */
export async function makeStore(
  options: { seed?: boolean; storeOptions?: TestStoreOptions; memory?: boolean } = {},
): Promise<{
  store: Store;
  dir: string;
  file: string;
  /** The PostgreSQL database's URL (`npm run test:pg`). */
  url?: string;
  drop: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'factcheck-test-'));
  madeDirs.add(dir);
  if (TEST_ENGINE === 'pg') {
    // A database of its own, copied from the run's migrated template.
    const cluster = clusterAt(inject('pgAdminUrl'));
    const url = await createDatabase(cluster);
    // The write lock is waited for alike whoever holds it: another process or this one.
    const { busyTimeoutMs, lockTimeoutMs, maxSnapshots, onStatement, poolMax } =
      options.storeOptions ?? {};
    const waits = [busyTimeoutMs, lockTimeoutMs].filter((ms) => ms !== undefined);
    const store = openPgStore(url, {
      onStatement,
      maxSnapshots,
      poolMax,
      lockTimeoutMs: waits.length > 0 ? Math.min(...waits) : undefined,
    });
    if (options.seed ?? true) await seedDb(store);
    // `file` stays a path, in the test's folder: a test that hands it to a command-line tool (a
    // SQLite file) fails there, instead of the tool making a folder of the URL.
    return {
      store,
      dir,
      file: join(dir, 'no-sqlite-file'),
      url,
      drop: () => dropDatabase(cluster, url),
    };
  }
  const file = options.memory ? ':memory:' : join(dir, 'factcheck.db');
  const store = openSqliteStore(file, options.storeOptions);
  await store.migrate();
  if (options.seed ?? true) await seedDb(store);
  return { store, dir, file, drop: async () => {} };
}

/** On PostgreSQL there is no file to open: a test that looks at SQLite's rows says so when run. */
const noSqliteFile = new Proxy({} as Database.Database, {
  get() {
    throw new Error('this test reads the SQLite file directly; on PostgreSQL it cannot');
  },
});

export async function makeApp(
  options: {
    seed?: boolean;
    corsOrigins?: string[];
    corsReadOrigins?: string[];
    readRequiresKey?: boolean;
    bodyLimit?: number;
    importBodyLimit?: number;
    importJsonLimit?: number;
    /** A `:memory:` database instead of a file. */
    memory?: boolean;
    /** Rate-limit budgets (requests per window, window in seconds); each is off unless given. */
    rateLimits?: Partial<Record<'reads' | 'writes' | 'badKeys', { max: number; window: number }>>;
    trustProxy?: boolean | string[];
    hstsMaxAge?: number;
    /** How the store waits for its write lock (`lockTimeoutMs`: then 503), and its quota. */
    storeOptions?: TestStoreOptions;
    requestTimeoutMs?: number;
    importIdleTimeoutMs?: number;
    exportIdleTimeoutMs?: number;
    /** Memory for kept answers to reads; on as in production unless 0. */
    readCacheMb?: number;
    /** PUBLIC_BASE_URL; `undefined` leaves it unset (the listened address then). */
    publicBaseUrl?: string | undefined;
    /**
     * Runs before the app is made ready (its start-up work done): routes and hooks a test adds,
     * or rows an older release left for that start-up work to find.
     */
    beforeReady?: (ctx: TestContext) => Promise<void> | void;
  } = {},
): Promise<TestContext> {
  const off = { max: 0, window: 60 };
  const { reads = off, writes = off, badKeys = off } = options.rateLimits ?? {};
  const { store, dir, file, url, drop } = await makeStore(options);
  const app = await buildApp({
    config: {
      HOST: '127.0.0.1',
      PORT: 0,
      CORS_ORIGINS: options.corsOrigins === undefined ? null : options.corsOrigins,
      CORS_READ_ORIGINS: options.corsReadOrigins ?? null,
      // TEST_LOG_LEVEL=error shows what a failing test's server logged.
      LOG_LEVEL: (process.env.TEST_LOG_LEVEL as 'error' | undefined) ?? 'silent',
      READ_REQUIRES_KEY: options.readRequiresKey ?? false,
      BODY_LIMIT: options.bodyLimit ?? 1_048_576,
      IMPORT_BODY_LIMIT: options.importBodyLimit ?? 100 * 1_048_576,
      IMPORT_JSON_LIMIT: options.importJsonLimit ?? 32 * 1_048_576,
      PUBLISHER_NAME: 'Test Checkers',
      PUBLISHER_URL: 'https://checkers.example',
      PUBLIC_BASE_URL:
        'publicBaseUrl' in options ? options.publicBaseUrl : 'https://factcheck.example',
      TRUST_PROXY: options.trustProxy ?? false,
      HSTS_MAX_AGE: options.hstsMaxAge ?? 0,
      RATE_LIMIT_READS: reads.max,
      RATE_LIMIT_READS_WINDOW: reads.window,
      RATE_LIMIT_WRITES: writes.max,
      RATE_LIMIT_WRITES_WINDOW: writes.window,
      RATE_LIMIT_BAD_KEYS: badKeys.max,
      RATE_LIMIT_BAD_KEYS_WINDOW: badKeys.window,
      REQUEST_TIMEOUT_MS: options.requestTimeoutMs ?? 60_000,
      IMPORT_IDLE_TIMEOUT_MS: options.importIdleTimeoutMs ?? 30_000,
      EXPORT_IDLE_TIMEOUT_MS: options.exportIdleTimeoutMs ?? 60_000,
      READ_CACHE_MB: options.readCacheMb ?? 64,
    },
    store,
  });
  const raw = TEST_ENGINE === 'pg' ? noSqliteFile : new Database(file);
  const peek = url ? peekPg(url) : peekSqlite(raw);
  const writeLock = url ? pgWriteLock(url) : sqliteWriteLock(file);
  const ctx: TestContext = {
    app,
    store,
    dir,
    file,
    raw,
    peek,
    writeLock,
    databaseEnv: url ? { DATABASE_URL: url } : { DB_FILE: file },
    close: async () => {
      await app.close();
      // Closing twice is harmless: a test may have closed the store to break it.
      await store.close();
      await peek.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await options.beforeReady?.(ctx);
    // Started as the server starts it: its start-up writes are over before a test's first
    // request, so that they cannot be taken for the test's own (a write lock seen taken, say).
    await app.ready();
  } catch (error) {
    await ctx.close().catch(() => {});
    throw error;
  }
  return ctx;
}

/** GET through app.inject, returning the status, headers and parsed JSON body. */
export async function get<T = Record<string, unknown>>(
  app: App,
  url: string,
  headers: Record<string, string> = {},
) {
  const response = await app.inject({ method: 'GET', url, headers });
  const body = response.body ? (JSON.parse(response.body) as T) : (undefined as T);
  return { status: response.statusCode, headers: response.headers, body };
}

export type Sent<T> = { status: number; headers: Record<string, unknown>; body: T };

/** The body of an answer that must have this status (the body is shown when it has not). */
export async function ok<T>(sent: Promise<Sent<T>>, status = 200): Promise<T> {
  const response = await sent;
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
}

/** Any request through app.inject with an optional API key; the JSON body parsed when there is one. */
export async function send<T = Record<string, unknown>>(
  app: App,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'OPTIONS',
  url: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Sent<T>> {
  const response = await app.inject({
    method,
    url,
    headers: {
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { payload: options.body as Record<string, unknown> }),
  });
  const body = response.body ? (JSON.parse(response.body) as T) : (undefined as T);
  return { status: response.statusCode, headers: response.headers, body };
}

/** An editor and an admin key for a test database. */
export async function makeKeys(store: Store): Promise<{ editor: string; admin: string }> {
  return store.write(async (tx) => ({
    editor: (await createKey(tx, 'ed', 'editor')).key,
    admin: (await createKey(tx, 'root', 'admin')).key,
  }));
}
