import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { baselineImport } from './baseline.js';
import { writeSynthetic } from './synthetic.js';

/**
 * npm run bench:import -- [N]: N synthetic records (default 100,000) imported three ways into fresh
 * databases: plain prepared statements (the baseline, in this process), the CLI, and POST /import
 * on a running server. Prints records per second, the ratio to the baseline, and peak memory. The
 * baseline writes its rows into every index as it goes; beside it, the same statements with the
 * secondary indexes built at the end, as a large import does, so both ceilings are in view.
 */
const { positionals } = parseArgs({ allowPositionals: true });
const n = Number(positionals[0] ?? 100_000);
if (!Number.isInteger(n) || n < 100) {
  console.error('Usage: npm run bench:import -- [N]   (N ≥ 100, default 100000)');
  process.exit(2);
}

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'factcheck-bench-'));
const file = join(dir, 'records.ndjson');
const node = (args: string[], env: Record<string, string>) =>
  spawn(
    process.execPath,
    ['--import', join(import.meta.dirname, 'report-rss.mjs'), '--import', 'tsx', ...args],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
const collect = (child: ReturnType<typeof node>) => {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return {
    output: () => output,
    done: new Promise<number | null>((resolve) => child.once('exit', resolve)),
  };
};
const peakMb = (output: string) => Number(/PEAK_RSS_KB (\d+)/.exec(output)?.[1] ?? 0) / 1024;

async function viaCli(): Promise<{ rate: number; mb: number }> {
  const started = performance.now();
  const run = collect(node(['src/cli/import.ts', file], { DB_FILE: join(dir, 'cli.db') }));
  if ((await run.done) !== 0) throw new Error(`CLI import failed:\n${run.output()}`);
  return { rate: n / ((performance.now() - started) / 1000), mb: peakMb(run.output()) };
}

async function viaApi(): Promise<{ rate: number; mb: number }> {
  const child = node(['src/server.ts'], {
    DB_FILE: join(dir, 'api.db'),
    PORT: '0',
    SEED: 'none',
    LOG_LEVEL: 'info',
  });
  const server = collect(child);
  let address: string | undefined;
  let key: string | undefined;
  while (!address || !key) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    address = /Factcheck API on (\S+) /.exec(server.output())?.[1];
    key = /\n {2}(fck_\S+)\n/.exec(server.output())?.[1];
  }
  const started = performance.now();
  const response = await fetch(`${address}/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  const seconds = (performance.now() - started) / 1000;
  child.kill('SIGTERM');
  await server.done;
  if (!response.ok)
    throw new Error(`POST /import answered ${response.status}: ${text.slice(0, 500)}`);
  return { rate: n / seconds, mb: peakMb(server.output()) };
}

try {
  console.log(`Generating ${n.toLocaleString('en')} records…`);
  await writeSynthetic(file, n);
  console.log('Baseline: plain prepared statements in one transaction…');
  const baseline = await baselineImport(file, join(dir, 'baseline.db'));
  const baselineMb = process.resourceUsage().maxRSS / 1024;
  console.log('Baseline with the secondary indexes built after the rows…');
  const indexesAfter = await baselineImport(file, join(dir, 'baseline-after.db'), {
    indexesAfter: true,
  });
  console.log('CLI: npm run import…');
  const cli = await viaCli();
  console.log('API: POST /import…');
  const api = await viaApi();
  const row = (name: string, rate: number, mb: number) =>
    `${name.padEnd(26)} ${Math.round(rate).toLocaleString('en').padStart(10)}/s  ${(rate / baseline).toFixed(2).padStart(9)}×  ${mb.toFixed(0).padStart(8)} MB`;
  console.log(`\n${n.toLocaleString('en')} records          records/s   vs baseline   peak memory`);
  console.log(row('baseline (prepared stmts)', baseline, baselineMb));
  console.log(row('  indexes built after', indexesAfter, process.resourceUsage().maxRSS / 1024));
  console.log(row('CLI import', cli.rate, cli.mb));
  console.log(row('POST /import', api.rate, api.mb));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
