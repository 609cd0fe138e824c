import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKey } from '../src/modules/keys/keys.commands.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { processEnv } from './helpers/process-env.js';

// The CLI case starts a process; a loaded machine can make it slow.
vi.setConfig({ testTimeout: 60_000 });

let ctx: TestContext;
let keys: { editor: string; admin: string };
beforeAll(async () => {
  ctx = await makeApp({ seed: false });
  keys = await makeKeys(ctx.store);
});
afterAll(() => ctx.close());

const activeAdmins = () =>
  ctx.peek.rows(
    "select name from api_keys where role = 'admin' and revoked_at is null order by name",
  );

describe('the last admin key', () => {
  it('when the only admin revokes its own key, then 409 says why and the key still works', async () => {
    const refused = await send(ctx.app, 'DELETE', '/keys/root', { key: keys.admin });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      type: 'urn:factcheck:problem:conflict',
      detail: expect.stringMatching(/'root' is the last active admin key/),
    });
    expect(await activeAdmins()).toEqual([{ name: 'root' }]);
    expect((await send(ctx.app, 'GET', '/keys', { key: keys.admin })).status).toBe(200);
    // Editors' keys are not what keeps the record manageable: revoking one is fine.
    expect((await send(ctx.app, 'DELETE', '/keys/ed', { key: keys.admin })).status).toBe(204);
  });

  it('when another admin remains, then an admin may revoke its own key; the remaining one then may not', async () => {
    const second = (await ctx.store.write((tx) => createKey(tx, 'second', 'admin'))).key;
    expect((await send(ctx.app, 'DELETE', '/keys/root', { key: keys.admin })).status).toBe(204);
    expect((await send(ctx.app, 'GET', '/keys', { key: keys.admin })).status).toBe(401);
    expect(await activeAdmins()).toEqual([{ name: 'second' }]);
    const refused = await send(ctx.app, 'DELETE', '/keys/second', { key: second });
    expect(refused.status).toBe(409);
    expect(await activeAdmins()).toEqual([{ name: 'second' }]);
    // Revoking an already revoked admin key changes nothing and is not refused.
    expect((await send(ctx.app, 'DELETE', '/keys/root', { key: second })).status).toBe(204);
  });

  it('when `npm run keys -- revoke` names the last admin key, then it refuses with exit code 1', async () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/keys.ts', 'revoke', 'second'],
      {
        cwd: join(import.meta.dirname, '..'),
        env: processEnv(ctx.databaseEnv),
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/'second' is the last active admin key/);
    expect(await activeAdmins()).toEqual([{ name: 'second' }]);
  });
});
