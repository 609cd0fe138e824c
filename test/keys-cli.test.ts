import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { databasesIn, processEnv } from './helpers/process-env.js';

// These tests start processes; a loaded machine can make them slow.
vi.setConfig({ testTimeout: 60_000 });

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'factcheck-keys-'));
const databases = databasesIn(dir);
afterAll(async () => {
  await databases.dropAll();
  rmSync(dir, { recursive: true, force: true });
});

async function keys(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/keys.ts', ...args], {
    cwd: root,
    env: processEnv(await databases.env('keys.db')),
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('npm run keys', async () => {
  it('creates a key shown once, lists keys without secrets, revokes by name', async () => {
    const created = await keys('create', '--name', 'alice', '--role', 'editor');
    expect(created.code).toBe(0);
    const key = /fck_\S+/.exec(created.out)?.[0] ?? '';
    expect(key).toMatch(/^fck_[a-z0-9]{12}\.[A-Za-z0-9_-]{43}$/);

    const listed = await keys('list');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/alice\teditor\tcreated \S+\tactive/);
    expect(listed.out).not.toContain(key.split('.')[1]);

    expect((await keys('create', '--name', 'alice', '--role', 'admin')).code).toBe(1);
    expect((await keys('revoke', 'alice')).code).toBe(0);
    expect((await keys('list')).out).toMatch(/alice\teditor\tcreated \S+\trevoked /);
    expect((await keys('revoke', 'nobody')).code).toBe(1);
  });

  it('exits 2 with the usage on a usage error', async () => {
    for (const args of [
      [],
      ['bogus'],
      ['create', '--name', 'bob'],
      ['create', '--role', 'admin'],
      ['list', '--wat'],
    ]) {
      const result = await keys(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toContain('Usage:');
    }
  });
});
