import { loadConfig } from '../config.js';
import { openConfiguredStore } from '../db/open-store.js';
import { describeReport, seedDb } from '../db/seed.js';
import { runCli } from './run-cli.js';

runCli(async () => {
  const config = loadConfig();
  const store = openConfiguredStore(config);
  try {
    await store.migrate();
    console.log(describeReport(await seedDb(store)));
  } finally {
    await store.close();
  }
});
