import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from '../config.js';
import { openConfiguredStore } from '../db/open-store.js';
import { batched } from '../lib/batched.js';
import { exportFromSnapshot } from '../modules/bundles/bundle.export.js';
import { remoteFailure } from './import-report.js';
import { Progress } from './progress.js';
import { EXIT, parseCliArgs, runCli, usageError } from './run-cli.js';

const USAGE = `Usage: npm run export -- [FILE] [--format bundle|ndjson] [--url URL [--key KEY]]

Writes the whole record from the database (DATABASE_URL, else DB_FILE), or with --url from a
running server, to FILE (standard output without one): a bundle (.json, the default) or NDJSON
(.ndjson, .jsonl).
Exit codes: 0 done, 1 failed, 2 usage.`;

const { positionals, values } = parseCliArgs(
  {
    options: {
      format: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  },
  USAGE,
);
const [file, ...extra] = positionals;
if (extra.length > 0) usageError('give at most one FILE', USAGE);
const format = values.format ?? (/\.(ndjson|jsonl)$/.test(file ?? '') ? 'ndjson' : 'bundle');
if (format !== 'bundle' && format !== 'ndjson') usageError(`unknown --format '${format}'`, USAGE);

runCli(async () => {
  const started = Date.now();
  const progress = new Progress(null);
  const output: Writable = file ? createWriteStream(file) : process.stdout;
  let records = 0;
  const onRecord = () => {
    records++;
    progress.record();
  };
  if (values.url) {
    const base = values.url.endsWith('/') ? values.url : `${values.url}/`;
    const response = await fetch(new URL('export', base), {
      headers: {
        accept: format === 'ndjson' ? 'application/x-ndjson' : 'application/json',
        ...(values.key ? { authorization: `Bearer ${values.key}` } : {}),
      },
    });
    if (!response.ok || !response.body) {
      console.error(remoteFailure(response.status, await response.json().catch(() => ({}))));
      process.exitCode = EXIT.failed;
      return;
    }
    await pipeline(Readable.fromWeb(response.body as never), progress.meter(), output);
  } else {
    const config = loadConfig();
    const store = openConfiguredStore(config);
    try {
      await store.migrate();
      const lines = exportFromSnapshot(store, format, onRecord);
      await pipeline(Readable.from(batched(lines)), output);
    } finally {
      await store.close();
    }
  }
  progress.stop();
  const what = values.url ? 'the record' : `${records} records`;
  console.error(
    `Exported ${what} as ${format} to ${file ?? 'standard output'} in ${Date.now() - started} ms`,
  );
});
