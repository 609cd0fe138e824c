import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, revokeKeyByName } from '../src/modules/keys/keys.commands.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

let ctx: TestContext;
let keys: { editor: string; admin: string };
beforeAll(async () => {
  ctx = await makeApp({ seed: false });
  keys = await makeKeys(ctx.store);
});
afterAll(() => ctx.close());

const actor = { kind: 'person', name: 'Ada Example' };

describe('who may write', () => {
  it('when no key is sent, then a write is 401 with WWW-Authenticate', async () => {
    const { status, headers, body } = await send(ctx.app, 'POST', '/actors', { body: actor });
    expect(status).toBe(401);
    expect(headers['www-authenticate']).toBe('Bearer realm="factcheck"');
    expect(headers['content-type']).toContain('application/problem+json');
    expect(body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('when the key is unknown, malformed or revoked, then 401 says the token is invalid', async () => {
    const revoked = (await ctx.store.write((tx) => createKey(tx, 'gone', 'admin'))).key;
    await ctx.store.write((tx) => revokeKeyByName(tx, 'gone'));
    const unknown = keys.editor.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    for (const key of ['not-a-key', unknown, revoked]) {
      const { status, headers } = await send(ctx.app, 'POST', '/actors', { key, body: actor });
      expect(status, key).toBe(401);
      expect(headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('when a key that has just been used is revoked (here or by another process), then its next request is 401', async () => {
    const { key } = await ctx.store.write((tx) => createKey(tx, 'short-lived', 'editor'));
    const other = await ctx.store.write((tx) => createKey(tx, 'revoked-elsewhere', 'editor'));
    for (const used of [key, other.key]) {
      expect((await send(ctx.app, 'POST', '/actors', { key: used, body: actor })).status).toBe(201);
    }
    expect((await send(ctx.app, 'DELETE', '/keys/short-lived', { key: keys.admin })).status).toBe(
      204,
    );
    await ctx.peek.run(
      "UPDATE api_keys SET revoked_at = '2026-01-01T00:00:00.000Z' WHERE name = ?",
      'revoked-elsewhere',
    );
    for (const used of [key, other.key]) {
      expect((await send(ctx.app, 'POST', '/actors', { key: used, body: actor })).status).toBe(401);
    }
  });

  it('when an editor writes content, then it succeeds; reading the audit log needs admin (403)', async () => {
    expect((await send(ctx.app, 'POST', '/actors', { key: keys.editor, body: actor })).status).toBe(
      201,
    );
    const audit = await send(ctx.app, 'GET', '/audit', { key: keys.editor });
    expect(audit.status).toBe(403);
    expect(audit.body).toMatchObject({ status: 403, detail: expect.stringContaining('admin') });
    expect((await send(ctx.app, 'GET', '/audit', { key: keys.admin })).status).toBe(200);
    expect(
      (
        await send(ctx.app, 'POST', '/actors', {
          key: keys.admin,
          body: { ...actor, name: 'Root Writer' },
        })
      ).status,
    ).toBe(201);
  });

  it('keeps reads open by default', async () => {
    expect((await send(ctx.app, 'GET', '/actors')).status).toBe(200);
  });

  it('stores no key in plain text: only a hash of its secret', async () => {
    const made = (await ctx.store.write((tx) => createKey(tx, 'plain-check', 'editor'))).key;
    const file = await ctx.peek.storedBytes();
    const secret = made.split('.')[1] ?? '';
    expect(secret).toHaveLength(43);
    expect(file.includes(Buffer.from(secret))).toBe(false);
    expect(file.includes(Buffer.from(made))).toBe(false);
    expect(file.includes(Buffer.from('plain-check'))).toBe(true);
  });
});

describe('READ_REQUIRES_KEY=true', () => {
  it('closes reads to callers without a key, but not health or the API document', async () => {
    const closed = await makeApp({ seed: false, readRequiresKey: true });
    const key = (await closed.store.write((tx) => createKey(tx, 'reader', 'editor'))).key;
    const anonymous = await send(closed.app, 'GET', '/claims');
    expect(anonymous.status).toBe(401);
    expect((await send(closed.app, 'GET', '/claims', { key })).status).toBe(200);
    expect((await send(closed.app, 'GET', '/health')).status).toBe(200);
    expect((await closed.app.inject({ url: '/openapi.json' })).statusCode).toBe(200);
    expect((await closed.app.inject({ url: '/docs/' })).statusCode).toBe(200);
    await closed.close();
  });
});

describe('CORS for browser frontends that write', () => {
  const preflight = (app: TestContext['app']) =>
    send(app, 'OPTIONS', '/claims/x', {
      headers: {
        origin: 'https://frontend.example',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,if-match,idempotency-key,content-type',
      },
    });

  it('by default lets any origin read but not write', async () => {
    const { headers } = await preflight(ctx.app);
    expect(String(headers['access-control-allow-methods'])).not.toContain('PATCH');
  });

  it('with CORS_ORIGINS set, lets those origins write, with the write headers, exposing ETag and Location', async () => {
    const open = await makeApp({ seed: false, corsOrigins: ['https://frontend.example'] });
    const { status, headers } = await preflight(open.app);
    expect(status).toBe(204);
    expect(headers['access-control-allow-origin']).toBe('https://frontend.example');
    const methods = String(headers['access-control-allow-methods']);
    for (const method of ['PATCH', 'DELETE', 'POST']) expect(methods).toContain(method);
    const allowed = String(headers['access-control-allow-headers']).toLowerCase();
    for (const header of ['authorization', 'if-match', 'if-none-match', 'idempotency-key']) {
      expect(allowed).toContain(header);
    }
    const exposed = await send(open.app, 'GET', '/actors', {
      headers: { origin: 'https://frontend.example' },
    });
    expect(String(exposed.headers['access-control-expose-headers'])).toMatch(/ETag.*Location/);
    await open.close();
  });
});

describe('keys through the API (admin)', () => {
  it('creates a key shown once, lists keys without secrets, revokes one; each change audited; editors may not', async () => {
    expect((await send(ctx.app, 'GET', '/keys', { key: keys.editor })).status).toBe(403);
    const created = await send<{ key: string; name: string; role: string }>(
      ctx.app,
      'POST',
      '/keys',
      {
        key: keys.admin,
        body: { name: 'frontend', role: 'editor' },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^fck_/);
    expect(
      (
        await send(ctx.app, 'POST', '/actors', {
          key: created.body.key,
          body: { kind: 'person', name: 'Via New Key' },
        })
      ).status,
    ).toBe(201);
    const listed = await send<{ items: { name: string }[] }>(ctx.app, 'GET', '/keys', {
      key: keys.admin,
    });
    expect(listed.body.items.map((k) => k.name)).toContain('frontend');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    expect(
      (
        await send(ctx.app, 'POST', '/keys', {
          key: keys.admin,
          body: { name: 'frontend', role: 'admin' },
        })
      ).status,
    ).toBe(409);
    expect((await send(ctx.app, 'DELETE', '/keys/frontend', { key: keys.admin })).status).toBe(204);
    expect(
      (
        await send(ctx.app, 'POST', '/actors', {
          key: created.body.key,
          body: { kind: 'person', name: 'Too Late' },
        })
      ).status,
    ).toBe(401);
    const audit = await send<{ items: { action: string; keyName: string }[] }>(
      ctx.app,
      'GET',
      '/audit?entityType=key&entityId=frontend',
      {
        key: keys.admin,
      },
    );
    expect(audit.body.items.map((e) => [e.action, e.keyName])).toEqual([
      ['update', 'root'],
      ['create', 'root'],
    ]);
  });

  it('answers at the Location a new key is given: the key without its secret, for admins only', async () => {
    const created = await send<{ key: string }>(ctx.app, 'POST', '/keys', {
      key: keys.admin,
      body: { name: 'desk@newsroom.example', role: 'editor' },
    });
    expect(created.status).toBe(201);
    const location = String(created.headers.location);
    expect(location).toBe('/keys/desk%40newsroom.example');
    const read = await send<Record<string, unknown>>(ctx.app, 'GET', location, { key: keys.admin });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      name: 'desk@newsroom.example',
      role: 'editor',
      createdAt: expect.any(String),
      revokedAt: null,
    });
    expect(JSON.stringify(read.body)).not.toContain(created.body.key);
    expect((await send(ctx.app, 'GET', location, { key: keys.editor })).status).toBe(403);
    expect((await send(ctx.app, 'GET', '/keys/nobody', { key: keys.admin })).status).toBe(404);
  });
});
