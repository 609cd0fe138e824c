import { loadConfig } from '../config.js';
import { databaseName, openConfiguredStore } from '../db/open-store.js';
import { runCli } from './run-cli.js';

runCli(async () => {
  const config = loadConfig();
  const store = openConfiguredStore(config);
  try {
    await store.migrate();
    console.log(`Migrated ${databaseName(config)}`);
  } finally {
    await store.close();
  }
});
