import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { loadConfig } from '../config.js';
import { openConfiguredStore } from '../db/open-store.js';
import { readBundleFile } from '../db/seed.js';
import { type ImportReport, importBundle, importNdjson } from '../modules/bundles/bundle.import.js';
import { describeImport, remoteFailure } from './import-report.js';
import { Progress } from './progress.js';
import { EXIT, parseCliArgs, runCli, usageError } from './run-cli.js';

const USAGE = `Usage: npm run import -- FILE|- [--dry-run] [--format bundle|ndjson] [--url URL --key KEY]

Imports a bundle (.json) or NDJSON (one record a line; - reads standard input) into the
database (DATABASE_URL, else DB_FILE), or with --url and --key through a running server.
All or nothing; a second run changes nothing.
Exit codes: 0 done, 1 refused (each problem listed), 2 usage.`;

const { positionals, values } = parseCliArgs(
  {
    options: {
      'dry-run': { type: 'boolean', default: false },
      format: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  },
  USAGE,
);
const [file, ...extra] = positionals;
if (!file || extra.length > 0) usageError('give one FILE, or - for standard input', USAGE);
const format = values.format ?? (file.endsWith('.json') ? 'bundle' : 'ndjson');
if (format !== 'bundle' && format !== 'ndjson') usageError(`unknown --format '${format}'`, USAGE);
if (Boolean(values.url) !== Boolean(values.key)) usageError('--url and --key go together', USAGE);
if (format === 'bundle' && file === '-')
  usageError('a bundle is read from a file; stdin takes NDJSON', USAGE);

const dryRun = values['dry-run'] ?? false;
const size = file === '-' ? null : statSync(file).size;
const progress = new Progress(size);
const input = () => (file === '-' ? process.stdin : createReadStream(file)).pipe(progress.meter());

runCli(async () => {
  const report = values.url ? await remote(values.url, values.key ?? '') : await local();
  progress.stop();
  if (report) console.log(describeImport(report));
  else process.exitCode = EXIT.failed;
});

/** Into the database, through the same import (and so the same commands) as the API's. */
async function local(): Promise<ImportReport> {
  const config = loadConfig();
  const store = openConfiguredStore(config);
  try {
    await store.migrate();
    // The command has the database to itself: a first load may skip SQLite's log.
    const options = { dryRun, by: 'cli', alone: true };
    return format === 'ndjson'
      ? await importNdjson(store, input(), options, {
          expectedBytes: size,
          onRecord: () => progress.record(),
        })
      : await importBundle(store, readBundleFile(file as string), options);
  } finally {
    await store.close();
  }
}

/** Sends the file to a running server's POST /import, streamed; null when it refused. */
async function remote(url: string, key: string): Promise<ImportReport | null> {
  const body =
    format === 'bundle'
      ? JSON.stringify(readBundleFile(file as string))
      : (Readable.toWeb(input()) as ReadableStream<Uint8Array>);
  const response = await fetch(new URL(`import${dryRun ? '?dryRun=true' : ''}`, withSlash(url)), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': format === 'bundle' ? 'application/json' : 'application/x-ndjson',
    },
    body,
    duplex: 'half',
  } as RequestInit);
  const payload = (await response.json()) as unknown;
  if (response.ok) return payload as ImportReport;
  progress.stop();
  console.error(remoteFailure(response.status, payload));
  return null;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
