import { loadConfig } from '../config.js';
import { closeDb, openDb } from '../db/client.js';
import { migrateDb } from '../db/migrate.js';
import { describeReport, seedDb } from '../db/seed.js';
import { runCli } from './run-cli.js';

runCli(() => {
  const config = loadConfig();
  const db = openDb(config.DB_FILE);
  try {
    migrateDb(db);
    console.log(describeReport(seedDb(db)));
  } finally {
    closeDb(db);
  }
});
