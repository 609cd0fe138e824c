import { loadConfig } from '../config.js';
import { openSqliteStore } from '../db/sqlite/store.js';
import { runCli } from './run-cli.js';

runCli(async () => {
  const config = loadConfig();
  const store = openSqliteStore(config.DB_FILE);
  try {
    await store.migrate();
    console.log(`Migrated ${config.DB_FILE}`);
  } finally {
    await store.close();
  }
});
