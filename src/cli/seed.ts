import { loadConfig } from '../config.js';
import { openConfiguredStore } from '../db/open-store.js';
import { seedDb } from '../db/seed.js';
import { describeSeed } from '../db/seed-report.js';
import { parseCliArgs, runCli, usageError } from './run-cli.js';

const USAGE = `Usage: npm run db:seed [-- --force]

Loads seeds/article.bundle.json into the database (DATABASE_URL, else DB_FILE), all or nothing.
Adds the records the database lacks (by slug) and leaves every stored one as it is, listing
those that differ from the seed and the fields that do. --force overwrites them with the seed's.
Exit codes: 0 done, 1 refused (each problem listed), 2 usage.`;

const { positionals, values } = parseCliArgs(
  {
    options: {
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  },
  USAGE,
);
if (positionals.length > 0) usageError(`unexpected argument '${positionals[0]}'`, USAGE);

runCli(async () => {
  const config = loadConfig();
  const store = openConfiguredStore(config);
  try {
    await store.migrate();
    console.log(describeSeed(await seedDb(store, { force: values.force })));
  } finally {
    await store.close();
  }
});
