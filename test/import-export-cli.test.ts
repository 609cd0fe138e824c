import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { databasesIn, processEnv } from './helpers/process-env.js';

// These tests start processes; a loaded machine can make them slow.
vi.setConfig({ testTimeout: 60_000 });

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'factcheck-cli-'));
const databases = databasesIn(dir);
afterAll(async () => {
  await databases.dropAll();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(script: 'import' | 'export' | 'seed', database: string, ...args: string[]) {
  const entry = {
    import: 'src/cli/import.ts',
    export: 'src/cli/export.ts',
    seed: 'src/cli/seed.ts',
  }[script];
  const result = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: root,
    env: processEnv(await databases.env(database)),
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('npm run import / export', async () => {
  it('export → import into an empty database → export gives identical files; a second import changes nothing', async () => {
    expect((await cli('seed', 'a.db')).code).toBe(0);
    for (const name of ['a.ndjson', 'a.json']) {
      const exported = await cli('export', 'a.db', join(dir, name));
      expect(exported.code).toBe(0);
      expect(exported.err).toMatch(/Exported \d+ records as (ndjson|bundle)/);
    }
    const dry = await cli('import', 'b.db', join(dir, 'a.ndjson'), '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^Dry run \(nothing written\): \d+ records/);
    expect((await cli('export', 'b.db', join(dir, 'empty.ndjson'))).code).toBe(0);
    expect(readFileSync(join(dir, 'empty.ndjson'), 'utf8')).toBe('');

    const imported = await cli('import', 'b.db', join(dir, 'a.ndjson'));
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^Imported \d+ records .*claims 29 created/);
    expect((await cli('export', 'b.db', join(dir, 'b.ndjson'))).code).toBe(0);
    expect(readFileSync(join(dir, 'b.ndjson'), 'utf8')).toBe(
      readFileSync(join(dir, 'a.ndjson'), 'utf8'),
    );

    const bundle = await cli('import', 'c.db', join(dir, 'a.json'));
    expect(bundle.code).toBe(0);
    expect((await cli('export', 'c.db', join(dir, 'c.json'))).code).toBe(0);
    expect(readFileSync(join(dir, 'c.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'a.json'), 'utf8'),
    );

    const again = await cli('import', 'b.db', join(dir, 'a.ndjson'));
    expect(again.out).toMatch(/^Nothing to change/);
  });

  it('exits 1 listing each bad record, writing nothing', async () => {
    writeFileSync(
      join(dir, 'bad.ndjson'),
      [
        '{"type":"actor","slug":"ok","kind":"person","name":"Ok"}',
        '{"type":"actor","slug":"x","kind":"alien","name":"X"}',
      ].join('\n'),
    );
    const result = await cli('import', 'd.db', join(dir, 'bad.ndjson'));
    expect(result.code).toBe(1);
    expect(result.err).toContain('lines.2.kind');
    expect((await cli('export', 'd.db', join(dir, 'd.ndjson'))).code).toBe(0);
    expect(readFileSync(join(dir, 'd.ndjson'), 'utf8')).toBe('');
  });

  it('exits 2 with the usage on a usage error', async () => {
    for (const args of [
      [],
      ['a', 'b'],
      ['x.json', '--format', 'xml'],
      ['x.ndjson', '--url', 'http://localhost:1'],
      ['-', '--format', 'bundle'],
    ]) {
      const result = await cli('import', 'e.db', ...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toContain('Usage:');
    }
    expect((await cli('export', 'e.db', 'a', 'b')).code).toBe(2);
  });
});

describe('npm run import / export --url', async () => {
  it('go through a running server with a key', async () => {
    const { spawn } = await import('node:child_process');
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: processEnv({ PORT: '0', SEED: 'none', ...(await databases.env('served.db')) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      while (!/Factcheck API on/.test(output) || !/fck_\S+/.test(output)) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const url = /Factcheck API on (\S+) /.exec(output)?.[1] ?? '';
      const key = /(fck_\S+)/.exec(output)?.[1] ?? '';
      const run = (script: string, args: string[]) =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
            cwd: root,
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let out = '';
          child.stdout?.on('data', (chunk: Buffer) => {
            out += chunk.toString();
          });
          child.stderr?.on('data', (chunk: Buffer) => {
            out += chunk.toString();
          });
          child.once('exit', (code) => resolve({ code, out }));
        });
      const imported = await run('src/cli/import.ts', [
        join(dir, 'a.ndjson'),
        '--url',
        url,
        '--key',
        key,
      ]);
      expect(imported.code, imported.out).toBe(0);
      expect(imported.out).toMatch(/Imported \d+ records/);
      const refused = await run('src/cli/import.ts', [
        join(dir, 'bad.ndjson'),
        '--url',
        url,
        '--key',
        key,
      ]);
      expect(refused.code).toBe(1);
      expect(refused.out).toContain('lines.2.kind');
      const exported = await run('src/cli/export.ts', [join(dir, 'served.ndjson'), '--url', url]);
      expect(exported.code, exported.out).toBe(0);
      expect(readFileSync(join(dir, 'served.ndjson'), 'utf8')).toBe(
        readFileSync(join(dir, 'a.ndjson'), 'utf8'),
      );
    } finally {
      server.kill('SIGTERM');
    }
  });
});
