import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createKey, revokeKeyByName } from '../src/modules/keys/keys.commands.js';
import { makeApp, makeKeys, type TestContext } from './helpers/app.js';

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

async function open(options: Parameters<typeof makeApp>[0]): Promise<TestContext> {
  ctx = await makeApp(options);
  return ctx;
}

type Call = {
  method?: 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  key?: string;
  ip?: string;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
};

async function call(app: TestContext['app'], c: Call): Promise<LightMyRequestResponse> {
  return app.inject({
    method: c.method ?? 'GET',
    url: c.url,
    remoteAddress: c.ip ?? '203.0.113.7',
    headers: { ...(c.key ? { authorization: `Bearer ${c.key}` } : {}), ...c.headers },
    ...(c.body ? { payload: c.body } : {}),
  });
}

function expectRateLimited(response: LightMyRequestResponse, policy: string) {
  expect(response.statusCode).toBe(429);
  expect(response.headers['content-type']).toContain('application/problem+json');
  // A HEAD answer has the headers of a GET and no body.
  if (response.raw.req.method === 'HEAD') expect(response.body).toBe('');
  else
    expect(response.json()).toMatchObject({
      type: 'urn:factcheck:problem:rate-limited',
      title: 'Too Many Requests',
      status: 429,
    });
  expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(String(response.headers.ratelimit)).toMatch(new RegExp(`"${policy}";r=0;t=[1-9]\\d*`));
  expect(String(response.headers['ratelimit-policy'])).toContain(`"${policy}";q=`);
}

const actor = (name: string) => ({ kind: 'person', name });

describe('the read budget', () => {
  it('when a client reads past its budget, then 429 problem with Retry-After and RateLimit fields; others, /health and /docs go on', async () => {
    const { app } = await open({ rateLimits: { reads: { max: 3, window: 60 } } });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await call(app, { url: '/claims?limit=1' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['ratelimit-policy']).toBe('"reads";q=3;w=60');
      remaining.push(String(response.headers.ratelimit));
    }
    expect(remaining.map((field) => /r=(\d+)/.exec(field)?.[1])).toEqual(['2', '1', '0']);

    const refused = await call(app, { url: '/claims?limit=1' });
    expectRateLimited(refused, 'reads');
    expect(refused.json().detail).toMatch(/3 per 60 s/);
    // HEAD is a read too; a 404 costs the same as a found resource.
    expectRateLimited(await call(app, { method: 'HEAD', url: '/claims' }), 'reads');
    expectRateLimited(await call(app, { url: '/nowhere' }), 'reads');

    // Exempt: health checks and the explorer's page and assets.
    for (const url of ['/health', '/docs/', '/docs/static/swagger-ui.css', '/docs/json']) {
      const response = await call(app, { url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers.ratelimit, url).toBeUndefined();
    }
    // Another client has a budget of its own.
    expect((await call(app, { url: '/claims', ip: '198.51.100.2' })).statusCode).toBe(200);
  });

  it('when TRUST_PROXY is off, then X-Forwarded-For cannot buy a fresh budget; when on, it names the client', async () => {
    const direct = await open({ seed: false, rateLimits: { reads: { max: 1, window: 60 } } });
    expect((await call(direct.app, { url: '/actors' })).statusCode).toBe(200);
    const spoofed = await call(direct.app, {
      url: '/actors',
      headers: { 'x-forwarded-for': '192.0.2.99' },
    });
    expectRateLimited(spoofed, 'reads');
    await direct.close();

    const proxied = await open({
      seed: false,
      trustProxy: true,
      rateLimits: { reads: { max: 1, window: 60 } },
    });
    const via = (client: string) =>
      call(proxied.app, {
        url: '/actors',
        ip: '10.0.0.1',
        headers: { 'x-forwarded-for': client },
      });
    expect((await via('192.0.2.1')).statusCode).toBe(200);
    expectRateLimited(await via('192.0.2.1'), 'reads');
    expect((await via('192.0.2.2')).statusCode).toBe(200);
  });
});

describe('the write budget', () => {
  it('when reads are spent, then writes still go through; writes are counted per API key', async () => {
    const { app, store } = await open({
      seed: false,
      rateLimits: { reads: { max: 1, window: 60 }, writes: { max: 2, window: 60 } },
    });
    const keys = await makeKeys(store);
    expect((await call(app, { url: '/actors' })).statusCode).toBe(200);
    expectRateLimited(await call(app, { url: '/actors' }), 'reads');

    for (const name of ['One', 'Two']) {
      const written = await call(app, {
        method: 'POST',
        url: '/actors',
        key: keys.editor,
        body: actor(name),
      });
      expect(written.statusCode).toBe(201);
      expect(written.headers['ratelimit-policy']).toBe('"writes";q=2;w=60');
    }
    const refused = await call(app, {
      method: 'POST',
      url: '/actors',
      key: keys.editor,
      body: actor('Three'),
    });
    expectRateLimited(refused, 'writes');
    // Refused before the handler ran: nothing written.
    const threes = await ctx?.peek.row('select count(*) as n from actors where name = ?', 'Three');
    expect(threes).toEqual({ n: 0 });

    // Another key from the same address has its own write budget; PATCH and DELETE count too.
    const created = await call(app, {
      method: 'POST',
      url: '/actors',
      key: keys.admin,
      body: actor('Four'),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(
      (
        await call(app, {
          method: 'PATCH',
          url: `/actors/${id}`,
          key: keys.admin,
          body: { name: 'Four B' },
        })
      ).statusCode,
    ).toBe(200);
    expectRateLimited(
      await call(app, { method: 'DELETE', url: `/actors/${id}`, key: keys.admin }),
      'writes',
    );
  });

  it('when writes come without a key, then they are counted per client address', async () => {
    const { app } = await open({ seed: false, rateLimits: { writes: { max: 1, window: 60 } } });
    expect((await call(app, { method: 'POST', url: '/actors', body: actor('A') })).statusCode).toBe(
      401,
    );
    expectRateLimited(
      await call(app, { method: 'POST', url: '/actors', body: actor('A') }),
      'writes',
    );
  });
});

describe('the failed-authentication budget', () => {
  it('when bad keys are sent all at once, then no more than the budget are looked up: the rest are 429', async () => {
    const { app } = await open({ seed: false, rateLimits: { badKeys: { max: 5, window: 900 } } });
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        call(app, { url: '/actors', key: `fck_${'a'.repeat(12)}.${String(i).padStart(43, 'x')}` }),
      ),
    );
    const statuses = answers.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(55);
  });

  it('when a client has sent N bad keys, then every further bad key is 429 while a good key from the same address still works', async () => {
    const { app, store } = await open({
      seed: false,
      rateLimits: { badKeys: { max: 3, window: 900 } },
    });
    const keys = await makeKeys(store);
    await store.write((tx) => createKey(tx, 'gone', 'editor'));
    const revoked = (await store.write((tx) => createKey(tx, 'gone2', 'editor'))).key;
    await store.write((tx) => revokeKeyByName(tx, 'gone2'));
    const unknown = keys.editor.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));

    const guesses = ['not-a-key', unknown, revoked];
    const left: string[] = [];
    for (const key of guesses) {
      const response = await call(app, { url: '/actors', key });
      expect(response.statusCode, key).toBe(401);
      left.push(String(response.headers.ratelimit));
    }
    expect(left).toEqual([
      expect.stringMatching(/^"bad-keys";r=2;t=\d+$/),
      expect.stringMatching(/^"bad-keys";r=1;t=\d+$/),
      expect.stringMatching(/^"bad-keys";r=0;t=\d+$/),
    ]);

    for (const key of guesses) {
      expectRateLimited(await call(app, { url: '/actors', key }), 'bad-keys');
      expectRateLimited(
        await call(app, { method: 'POST', url: '/actors', key, body: actor('X') }),
        'bad-keys',
      );
    }
    // The right key still works, for reads and writes.
    expect((await call(app, { url: '/actors', key: keys.editor })).statusCode).toBe(200);
    expect(
      (await call(app, { method: 'POST', url: '/actors', key: keys.editor, body: actor('Ok') }))
        .statusCode,
    ).toBe(201);
    // Without a key, reads stay open; another address still gets its 401s.
    expect((await call(app, { url: '/actors' })).statusCode).toBe(200);
    expect((await call(app, { url: '/actors', key: unknown, ip: '198.51.100.3' })).statusCode).toBe(
      401,
    );

    // A malformed key is refused without looking at the database at all.
    await store.close();
    expectRateLimited(await call(app, { url: '/actors', key: 'fck_guess' }), 'bad-keys');
  });
});
