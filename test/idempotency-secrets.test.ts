import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Problem } from '../src/lib/problem.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

/**
 * Issue 8, item 2: `POST /keys` with an `Idempotency-Key` stored its whole answer, the new secret
 * included, in `idempotency_keys` for 24 hours, and a retry showed it again. An answer that carries
 * a secret is never stored: the key is refused on that operation.
 */

let ctx: TestContext;
let admin: string;
let editor: string;

beforeEach(async () => {
  ctx = await makeApp({ seed: false });
  ({ admin, editor } = await makeKeys(ctx.store));
});
afterEach(async () => {
  await ctx.close();
});

const storedKeys = (of: TestContext = ctx) =>
  of.peek.value<number>('SELECT count(*) AS n FROM idempotency_keys');

describe('POST /keys with an Idempotency-Key (item 2)', () => {
  it('is refused with a 400 problem that says why, and creates no key', async () => {
    const created = await send<Problem>(ctx.app, 'POST', '/keys', {
      key: admin,
      body: { name: 'retried', role: 'admin' },
      headers: { 'idempotency-key': 'make-admin-1' },
    });
    expect(created.status).toBe(400);
    expect(created.headers['content-type']).toContain('application/problem+json');
    expect(created.body.type).toBe('urn:factcheck:problem:idempotency-key-refused');
    expect(created.body.detail).toContain('secret');
    expect(created.body.errors).toEqual([
      { path: 'header.idempotency-key', message: 'is not accepted by this operation' },
    ]);
    expect(JSON.stringify(created.body)).not.toMatch(/fck_/);
    const named = await ctx.peek.row("SELECT count(*) AS n FROM api_keys WHERE name = 'retried'");
    expect(named).toEqual({ n: 0 });
    expect(await storedKeys()).toBe(0);

    // Roles first: an editor learns nothing more than 403.
    const editorTry = await send(ctx.app, 'POST', '/keys', {
      key: editor,
      body: { name: 'retried', role: 'admin' },
      headers: { 'idempotency-key': 'make-admin-1' },
    });
    expect(editorTry.status).toBe(403);
  });

  it('never puts a secret in the database file; without the header, a key is made and shown once', async () => {
    const secrets: string[] = [];
    for (const [i, role] of (['editor', 'admin'] as const).entries()) {
      const refused = await send(ctx.app, 'POST', '/keys', {
        key: admin,
        body: { name: `frontend-${i}`, role },
        headers: { 'idempotency-key': `key-${i}` },
      });
      expect(refused.status).toBe(400);
      const made = await send<{ key: string }>(ctx.app, 'POST', '/keys', {
        key: admin,
        body: { name: `frontend-${i}`, role },
      });
      expect(made.status).toBe(201);
      secrets.push(made.body.key);
    }
    expect(await storedKeys()).toBe(0);
    const file = await ctx.peek.storedBytes();
    for (const secret of secrets) {
      expect(file.includes(Buffer.from(secret))).toBe(false);
      expect(file.includes(Buffer.from(secret.split('.')[1] ?? 'missing'))).toBe(false);
    }
    // Other writes still take a key and replay their answer.
    const actor = () =>
      send(ctx.app, 'POST', '/actors', {
        key: editor,
        body: { kind: 'person', name: 'Still Idempotent' },
        headers: { 'idempotency-key': 'actor-1' },
      });
    expect((await actor()).status).toBe(201);
    expect((await actor()).headers['idempotent-replayed']).toBe('true');
  });

  it('forgets, on start, a secret that an older release stored with its answer', async () => {
    const secret = 'fck_abcdefghijkl.0123456789012345678901234567890123456789abc';
    const started = await makeApp({
      seed: false,
      beforeReady: ({ peek }) =>
        peek.run(
          `INSERT INTO idempotency_keys (owner, key, fingerprint, state, status_code, headers, body, created_at)
           VALUES ('root', 'old-release', 'x', 'done', 201, '{}', ?, ?)`,
          JSON.stringify({ name: 'old', role: 'admin', key: secret }),
          new Date().toISOString(),
        ),
    });
    try {
      expect(await storedKeys(started)).toBe(0);
    } finally {
      await started.close();
    }
  });
});
