import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageFullError } from '../src/db/errors.js';
import { AppError } from '../src/lib/problem.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { DRIVER_WORDS, fullDisk, ioError } from './helpers/storage-faults.js';

type Problem = { type: string; status: number; detail: string };

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp({
    beforeReady: ({ app, store }) => {
      // Routes that fail the way a broken disk makes requests fail, for the paths the API has no
      // other way to reach in a test.
      app.get('/test/io-error', () =>
        store.read(async () => {
          throw ioError();
        }),
      );
      app.get(
        '/test/full-while-answering',
        {
          onSend: async () => {
            throw new StorageFullError();
          },
        },
        async () => ({ ok: true }),
      );
      app.get(
        '/test/broken-hook',
        {
          onSend: async () => {
            throw ioError();
          },
        },
        async () => {
          throw new Error('internal detail that must stay in the log');
        },
      );
      app.get('/test/unserialisable', async () => {
        throw new AppError(409, 'conflict', 'Conflict', 'A member that JSON cannot write.', {
          extensions: { big: 10n },
        });
      });
    },
  });
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

const disk = () => fullDisk(ctx);

const bigSource = (slug: string) => ({
  kind: 'article',
  slug,
  text: `Words of a long article. ${'lorem ipsum '.repeat(50_000)}`,
});

const count = (slug: string) =>
  ctx.peek.value<number>('SELECT count(*) AS n FROM sources WHERE slug = ?', slug);

describe('a full disk (the attack: 500s, one leaking "database or disk is full")', () => {
  it('refuses the write with a 507 problem, keeps serving, and writes again once there is room', async () => {
    await disk().fill();
    const refused = await send<Problem>(ctx.app, 'POST', '/sources', {
      key,
      body: bigSource('too-big'),
    });
    expect(refused.status).toBe(507);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: 'urn:factcheck:problem:storage-full', status: 507 });
    expect(JSON.stringify(refused.body)).not.toMatch(DRIVER_WORDS);
    expect(await count('too-big')).toBe(0);

    expect((await send(ctx.app, 'GET', '/health')).status).toBe(200);
    expect((await send(ctx.app, 'GET', '/claims?limit=3')).status).toBe(200);

    await disk().free();
    const written = await send(ctx.app, 'POST', '/sources', { key, body: bigSource('too-big') });
    expect(written.status).toBe(201);
    expect(await count('too-big')).toBe(1);
  });

  it('ends an import that does not fit with the 507, not as a problem of one of its records', async () => {
    await disk().fill();
    const lines = [
      { type: 'actor', slug: 'fits-maybe', kind: 'person', name: 'Fits Maybe' },
      { type: 'source', ...bigSource('import-too-big') },
      { type: 'actor', slug: 'after-the-fault', kind: 'person', name: 'After The Fault' },
    ];
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/import',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      payload: lines.map((line) => JSON.stringify(line)).join('\n'),
    });
    expect(response.statusCode).toBe(507);
    expect(response.json()).toMatchObject({ type: 'urn:factcheck:problem:storage-full' });
    expect(await count('import-too-big')).toBe(0);
    await disk().free();
  });

  it('answers a keyed write with the same problem, and frees its Idempotency-Key', async () => {
    await disk().fill();
    const headers = { 'idempotency-key': 'full-disk-retry-1' };
    const refused = await send<Problem>(ctx.app, 'POST', '/sources', {
      key,
      headers,
      body: bigSource('keyed'),
    });
    expect(refused.status).toBe(507);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.type).toBe('urn:factcheck:problem:storage-full');
    expect(JSON.stringify(refused.body)).not.toMatch(DRIVER_WORDS);

    await disk().free();
    const retried = await send(ctx.app, 'POST', '/sources', {
      key,
      headers,
      body: bigSource('keyed'),
    });
    expect(retried.status).toBe(201);
    expect(await count('keyed')).toBe(1);
  });
});

describe('I/O errors and problems that fail on their way out', () => {
  it('turns an I/O error into a 503 problem with Retry-After, the driver unquoted', async () => {
    const response = await send<Problem>(ctx.app, 'GET', '/test/io-error');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBeDefined();
    expect(response.body.type).toBe('urn:factcheck:problem:storage-unavailable');
    expect(JSON.stringify(response.body)).not.toMatch(DRIVER_WORDS);
  });

  it('still answers with a problem when a hook fails while the answer goes out', async () => {
    const full = await send<Problem>(ctx.app, 'GET', '/test/full-while-answering');
    expect(full.status).toBe(507);
    expect(full.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(full.body.type).toBe('urn:factcheck:problem:storage-full');

    const broken = await send<Problem>(ctx.app, 'GET', '/test/broken-hook');
    expect(broken.status).toBe(500);
    expect(broken.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(broken.body.type).toBe('urn:factcheck:problem:internal');
    expect(JSON.stringify(broken.body)).not.toMatch(DRIVER_WORDS);
    expect(JSON.stringify(broken.body)).not.toContain('internal detail');
  });

  it('sends a problem whose extension cannot be written as JSON, without it', async () => {
    const response = await send<Problem>(ctx.app, 'GET', '/test/unserialisable');
    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: 'urn:factcheck:problem:conflict', status: 409 });
  });
});
