import type { Config } from '../config.js';
import { withoutPassword } from '../lib/masked-url.js';
import { openPgStore } from './pg/store.js';
import { configuredStoreOptions, openSqliteStore } from './sqlite/store.js';
import type { Store } from './store.js';

type StoreConfig = Pick<
  Config,
  | 'DB_FILE'
  | 'DATABASE_URL'
  | 'DATABASE_POOL_MAX'
  | 'DB_MAX_SIZE_MB'
  | 'EXPORT_CONCURRENCY'
  | 'IMPORT_CACHE_MB'
>;

/**
 * The store the configuration names: PostgreSQL when DATABASE_URL is set, else the SQLite file
 * DB_FILE. `lockTimeoutMs`: how long a write waits behind another (an import, here or in another
 * process) before it is refused with 503; the engine's default unless given.
 */
export function openConfiguredStore(
  config: StoreConfig,
  { lockTimeoutMs }: { lockTimeoutMs?: number } = {},
): Store {
  if (config.DATABASE_URL !== undefined) {
    return openPgStore(config.DATABASE_URL, {
      poolMax: config.DATABASE_POOL_MAX,
      maxSnapshots: config.EXPORT_CONCURRENCY,
      lockTimeoutMs,
    });
  }
  const waits = lockTimeoutMs === undefined ? {} : { busyTimeoutMs: lockTimeoutMs, lockTimeoutMs };
  return openSqliteStore(config.DB_FILE, { ...configuredStoreOptions(config), ...waits });
}

/** The database as messages name it: the file, or the server and database without a password. */
export function databaseName(config: Pick<Config, 'DB_FILE' | 'DATABASE_URL'>): string {
  if (config.DATABASE_URL === undefined) return config.DB_FILE;
  return withoutPassword(config.DATABASE_URL);
}
