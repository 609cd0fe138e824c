import { request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { makeApp, makeKeys, type TestContext } from './helpers/app.js';

const JSON_LIMIT = 64 * 1024;
const IMPORT_BODY_LIMIT = 16 * JSON_LIMIT;

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp({
    seed: false,
    importJsonLimit: JSON_LIMIT,
    importBodyLimit: IMPORT_BODY_LIMIT,
  });
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

/** A bundle of `n` actors, and the same records as NDJSON lines. */
const actors = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    slug: `person-${i}`,
    kind: 'person',
    name: `Person number ${i} ${'x'.repeat(100)}`,
  }));
const bundle = (n: number) =>
  JSON.stringify({ format: 'factcheck-bundle', version: 1, actors: actors(n) });
const ndjson = (n: number) =>
  actors(n)
    .map((a) => JSON.stringify({ type: 'actor', ...a }))
    .join('\n');

const inject = (url: string, contentType: string, payload: string) =>
  ctx.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
    payload,
  });

describe('JSON imports have a limit of their own (IMPORT_JSON_LIMIT)', () => {
  it('is 32 MiB unless set, and at most 256 MiB (a body must stay a string V8 can hold)', () => {
    expect(loadConfig({}).IMPORT_JSON_LIMIT).toBe(32 * 1_048_576);
    expect(loadConfig({ IMPORT_JSON_LIMIT: '1048576' }).IMPORT_JSON_LIMIT).toBe(1_048_576);
    expect(() => loadConfig({ IMPORT_JSON_LIMIT: '1073741824' })).toThrow(ConfigError);
    expect(() => loadConfig({ IMPORT_JSON_LIMIT: '1073741824' })).toThrow(/IMPORT_JSON_LIMIT/);
  });

  it('refuses a bundle over it with 413 problem+json that points to NDJSON; the same records as NDJSON go in', async () => {
    const body = bundle(1000);
    expect(body.length).toBeGreaterThan(JSON_LIMIT);
    const refused = await inject('/import', 'application/json', body);
    expect(refused.statusCode).toBe(413);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const problem = JSON.parse(refused.body) as { type: string; detail: string };
    expect(problem.type).toBe('urn:factcheck:problem:body-too-large');
    expect(problem.detail).toContain(`over ${JSON_LIMIT} bytes`);
    expect(problem.detail).toContain('NDJSON');
    expect(await ctx.peek.value('SELECT count(*) FROM actors')).toBe(0);

    const streamed = await inject('/import', 'application/x-ndjson', ndjson(1000));
    expect(streamed.statusCode, streamed.body).toBe(200);
    expect(await ctx.peek.value('SELECT count(*) FROM actors')).toBe(1000);
  });

  it('refuses a ClaimReview document over it with 413, as JSON and as JSON-LD', async () => {
    const feed = JSON.stringify({ '@graph': actors(1000) });
    for (const type of ['application/json', 'application/ld+json']) {
      const refused = await inject('/import/claimreview', type, feed);
      expect(refused.statusCode).toBe(413);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('refuses a chunked upload at the limit while it is still being sent; the server answers on', async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    // What the server read, counted on its side: what the client wrote may wait in the kernel's
    // buffers, which on a busy machine hold more than the body limit.
    const accepted: Socket[] = [];
    ctx.app.server.on('connection', (socket: Socket) => accepted.push(socket));
    const chunk = Buffer.from(`"${'x'.repeat(16 * 1024 - 2)}",`);
    const status = await new Promise<number>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const upload = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/import',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
      });
      upload.on('response', (response) => {
        answered = true;
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      // Once answered the server closes the connection. A write after that fails (EPIPE, or a
      // reset), and Node's client then drops the socket, the 413 on its way with it, when the
      // failed write comes before the answer is read (a busy machine's turn of events): the
      // upload was still cut short, which the bound on the bytes the server read below checks.
      upload.on('error', (error) => {
        if (answered) return;
        const code = (error as { code?: string }).code;
        if (code === 'EPIPE' || code === 'ECONNRESET') resolve(0);
        else reject(error);
      });
      upload.write('{"format":"factcheck-bundle","version":1,"actors":[');
      // Never ends by itself: only the server's answer stops it (or 1,000 limits' worth).
      const send = () => {
        if (answered || upload.destroyed) return;
        if (sent > 1000 * JSON_LIMIT) {
          reject(new Error(`no answer after ${sent} bytes`));
          return;
        }
        sent += chunk.length;
        if (upload.write(chunk)) setImmediate(send);
        else upload.once('drain', send);
      };
      send();
    });
    // 413, or the connection cut by the server with its 413 unread (status 0).
    expect([413, 0]).toContain(status);
    // Refused as the limit was passed, not once the whole body (or IMPORT_BODY_LIMIT) was read.
    const read = accepted.reduce((total, socket) => total + socket.bytesRead, 0);
    expect(read).toBeGreaterThan(JSON_LIMIT);
    expect(read).toBeLessThan(IMPORT_BODY_LIMIT);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
  });
});
