import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../src/lib/problem.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

/**
 * Another process (a command-line import) holding the database's write lock: the server's
 * writes wait for it without holding up anything else, then go through, or answer 503 in time.
 */
let ctx: TestContext;
let key: string;

beforeAll(async () => {
  ctx = await makeApp({ storeOptions: { busyTimeoutMs: 400 } });
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

const actor = (name: string) => ({ key, body: { kind: 'person', name } });

describe('a write lock held by another process', () => {
  it('when it is released soon, then the write waits for it while reads are served, and goes through', async () => {
    const release = await ctx.writeLock.hold();
    const write = send(ctx.app, 'POST', '/actors', actor('Waited For'));
    // The event loop is free while the write waits: a read is answered before the lock goes.
    const read = await send(ctx.app, 'GET', '/health');
    expect(read.status).toBe(200);
    await release();
    expect((await write).status).toBe(201);
  });

  it('when it is held too long, then the write answers 503 with Retry-After and nothing is written', async () => {
    const release = await ctx.writeLock.hold();
    try {
      const refused = await send<Problem>(ctx.app, 'POST', '/actors', actor('Never Written'));
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(refused.body.type).toBe('urn:factcheck:problem:busy');
    } finally {
      await release();
    }
    const found = await send<{ items: unknown[] }>(ctx.app, 'GET', '/actors?q=Never%20Written');
    expect(found.body.items).toEqual([]);
  });
});
