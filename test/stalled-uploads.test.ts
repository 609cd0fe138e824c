import { request as httpRequest, type IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

type Problem = { type: string; status: number; detail: string };

const line = (record: Record<string, unknown>) => `${JSON.stringify(record)}\n`;
const actor = (slug: string) => line({ type: 'actor', slug, kind: 'person', name: slug });

async function untilLockTaken(ctx: TestContext): Promise<void> {
  while (!(await ctx.writeLock.isTaken())) await nextTurn();
}

/**
 * A request over a real socket whose body is sent in part and then nothing more: the response
 * (if any comes) with its body, while the request is still unfinished.
 */
function stalledRequest(
  base: string,
  path: string,
  headers: Record<string, string>,
  sent: string,
): Promise<{ response: IncomingMessage; body: string; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: 'POST', headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ response, body, finished: req.writableEnded }));
    });
    req.on('error', reject);
    req.write(sent);
  });
}

describe('a stalled NDJSON import (the attack: every write 503 for 150 s)', () => {
  let ctx: TestContext;
  let base: string;
  let key: string;
  beforeAll(async () => {
    ctx = await makeApp({ importIdleTimeoutMs: 300, requestTimeoutMs: 300 });
    key = (await makeKeys(ctx.store)).editor;
    base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => ctx.close());

  it('is cancelled after the idle time: 408 problem, rolled back, the lock freed', async () => {
    const stalled = stalledRequest(
      base,
      '/import',
      {
        authorization: `Bearer ${key}`,
        'content-type': 'application/x-ndjson',
        'transfer-encoding': 'chunked',
      },
      actor('half-sent'),
    );
    await untilLockTaken(ctx);

    const { response, body, finished } = await stalled;
    expect(finished).toBe(false);
    expect(response.statusCode).toBe(408);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers.connection).toBe('close');
    expect(JSON.parse(body)).toMatchObject({
      type: 'urn:factcheck:problem:request-timeout',
      status: 408,
      detail: expect.stringMatching(/nothing of it was written/),
    });

    expect(await ctx.writeLock.isTaken()).toBe(false);
    expect(await ctx.peek.value("SELECT count(*) FROM actors WHERE slug = 'half-sent'")).toBe(0);
    const write = await send(ctx.app, 'POST', '/actors', {
      key,
      body: { kind: 'person', name: 'After The Stall' },
    });
    expect(write.status).toBe(201);
  });

  it('cuts an ordinary body that stops arriving (the attack: a slow POST /actors held for 150 s)', async () => {
    const { response, body } = await stalledRequest(
      base,
      '/actors',
      {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'content-length': '100',
      },
      '{"kind":"person",',
    );
    expect(response.statusCode).toBe(408);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(body)).toMatchObject({
      type: 'urn:factcheck:problem:request-timeout',
      detail: expect.stringMatching(/did not arrive within/),
    });
  });

  it('keeps an import whose client is slow but not idle', async () => {
    const body = new PassThrough();
    const importing = ctx.app.inject({
      method: 'POST',
      url: '/import',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      payload: body,
    });
    // Each line comes well within the idle time; together they take longer than it.
    for (let i = 0; i < 6; i++) {
      body.write(actor(`slow-${i}`));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    body.end();
    const response = await importing;
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ counts: { actors: { created: 6 } } });
  });
});

describe('writes during an import (the attack: each refused write froze the server)', () => {
  let ctx: TestContext;
  let key: string;
  beforeAll(async () => {
    ctx = await makeApp({ storeOptions: { lockTimeoutMs: 50 } });
    key = (await makeKeys(ctx.store)).editor;
  });
  afterAll(() => ctx.close());

  it('refuses a write with 503 and Retry-After at once, while reads go on', async () => {
    const body = new PassThrough();
    const importing = ctx.app.inject({
      method: 'POST',
      url: '/import',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      payload: body,
    });
    body.write(actor('held-open'));
    await untilLockTaken(ctx);

    const refused = await send<Problem>(ctx.app, 'POST', '/actors', {
      key,
      body: { kind: 'person', name: 'Waits Its Turn' },
    });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.body.type).toBe('urn:factcheck:problem:busy');

    const read = await send(ctx.app, 'GET', '/claims?limit=5');
    expect(read.status).toBe(200);
    // The import is not committed: what it wrote is not seen yet.
    expect((await send(ctx.app, 'GET', '/actors/held-open')).status).toBe(404);
    expect(await ctx.writeLock.isTaken()).toBe(true);

    body.end();
    expect((await importing).statusCode).toBe(200);
    expect((await send(ctx.app, 'GET', '/actors/held-open')).status).toBe(200);
    const retried = await send(ctx.app, 'POST', '/actors', {
      key,
      body: { kind: 'person', name: 'Waits Its Turn' },
    });
    expect(retried.status).toBe(201);
  });
});
