import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, buildApp } from '../../src/app.js';
import { closeDb, type Db, openDb } from '../../src/db/client.js';
import { migrateDb } from '../../src/db/migrate.js';
import { seedDb } from '../../src/db/seed.js';
import { createKey } from '../../src/modules/keys/keys.service.js';

export type TestContext = { app: App; db: Db; dir: string; close: () => Promise<void> };

/** A fresh database file in a temp folder, migrated (and seeded unless told otherwise). */
export function makeDb(options: { seed?: boolean } = {}): { db: Db; dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'factcheck-test-'));
  const file = join(dir, 'factcheck.db');
  const db = openDb(file);
  migrateDb(db);
  if (options.seed ?? true) seedDb(db);
  return { db, dir, file };
}

export async function makeApp(
  options: {
    seed?: boolean;
    corsOrigins?: string[];
    readRequiresKey?: boolean;
    bodyLimit?: number;
    importBodyLimit?: number;
  } = {},
): Promise<TestContext> {
  const { db, dir, file } = makeDb(options);
  const app = await buildApp({
    connect: () => openDb(file),
    config: {
      CORS_ORIGINS: options.corsOrigins === undefined ? null : options.corsOrigins,
      LOG_LEVEL: 'silent',
      READ_REQUIRES_KEY: options.readRequiresKey ?? false,
      BODY_LIMIT: options.bodyLimit ?? 1_048_576,
      IMPORT_BODY_LIMIT: options.importBodyLimit ?? 100 * 1_048_576,
      PUBLISHER_NAME: 'Test Checkers',
      PUBLISHER_URL: 'https://checkers.example',
      PUBLIC_BASE_URL: 'https://factcheck.example',
    },
    db,
  });
  return {
    app,
    db,
    dir,
    close: async () => {
      await app.close();
      closeDb(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
export function makeKeys(db: Db): { editor: string; admin: string } {
  return { editor: createKey(db, 'ed', 'editor').key, admin: createKey(db, 'root', 'admin').key };
}
