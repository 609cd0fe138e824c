import { loadConfig } from '../config.js';
import { describeReport, seedDb } from '../db/seed.js';
import { configuredStoreOptions, openSqliteStore } from '../db/sqlite/store.js';
import { runCli } from './run-cli.js';

runCli(async () => {
  const config = loadConfig();
  const store = openSqliteStore(config.DB_FILE, configuredStoreOptions(config));
  try {
    await store.migrate();
    console.log(describeReport(await seedDb(store)));
  } finally {
    await store.close();
  }
});
