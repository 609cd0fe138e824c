import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { databaseEnv, processEnv } from './helpers/process-env.js';

// These tests start processes; a loaded machine can make them slow.
vi.setConfig({ testTimeout: 120_000 });

/**
 * Moving a record between the engines with the command-line tools, as the README tells a team to:
 * export from SQLite, import into an empty PostgreSQL database, export again, and back. Both
 * formats come out byte for byte the same on either side. (Within one engine:
 * import-export-cli.test.ts.)
 */
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'factcheck-transfer-'));
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
  rmSync(dir, { recursive: true, force: true });
});

function cli(script: 'import' | 'export' | 'seed', env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
    cwd: root,
    env: processEnv(env),
    encoding: 'utf8',
  });
  expect(result.status, `${script} ${args.join(' ')}: ${result.stderr}`).toBe(0);
}

const read = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('a record moved between SQLite and PostgreSQL', () => {
  it('export from SQLite → import into PostgreSQL → export, and back, gives identical files', async () => {
    const sqlite = { DB_FILE: join(dir, 'from.db') };
    const postgres = await databaseEnv(dir, 'unused');
    drops.push(postgres.drop);
    cli('seed', sqlite);
    for (const format of ['ndjson', 'json']) {
      cli('export', sqlite, join(dir, `sqlite.${format}`));
    }

    cli('import', postgres.env, join(dir, 'sqlite.ndjson'));
    for (const format of ['ndjson', 'json']) {
      cli('export', postgres.env, join(dir, `postgres.${format}`));
      expect(read(`postgres.${format}`)).toBe(read(`sqlite.${format}`));
    }
    expect(read('sqlite.ndjson').split('\n').length).toBeGreaterThan(50);

    const back = { DB_FILE: join(dir, 'back.db') };
    cli('import', back, join(dir, 'postgres.json'));
    cli('export', back, join(dir, 'back.ndjson'));
    expect(read('back.ndjson')).toBe(read('sqlite.ndjson'));
  });
});
