import { loadConfig } from '../config.js';
import { configuredStoreOptions, openSqliteStore } from '../db/sqlite/store.js';
import { runCli } from './run-cli.js';

runCli(async () => {
  const config = loadConfig();
  const store = openSqliteStore(config.DB_FILE, configuredStoreOptions(config));
  try {
    await store.migrate();
    console.log(`Migrated ${config.DB_FILE}`);
  } finally {
    await store.close();
  }
});
