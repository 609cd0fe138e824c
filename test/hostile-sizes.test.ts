import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../src/lib/problem.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

/** Inputs whose cost grew with their size faster than their size, or held a socket for ever. */
let ctx: TestContext;
let key: string;

beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(async () => ctx.close());

describe('sizes an editor controls', () => {
  it('when a bundle lists a hundred thousand bad items, then the import counts them all and lists the first thousand', async () => {
    const body = { format: 'factcheck-bundle', version: 1, actors: new Array(100_000).fill(0) };
    const refused = await send<Problem>(ctx.app, 'POST', '/import', { key, body });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('100000 problems');
    expect(refused.body.errors).toHaveLength(1000);
  });

  it('when quote records are added one by one to a claim, then each audit row holds the quote added, not all the claim’s quotes', async () => {
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({
        type: 'quote',
        claim: 'zarif-pompeo-warmongering-lies',
        source: 'article',
        exact: 'Al-Qaeda has a new home base',
        start: 802,
        end: 830,
        speaker: i % 2 === 0 ? 'mike-pompeo' : null,
        originalSource: i < 150 ? null : 'article',
      }),
    );
    const imported = await ctx.app.inject({
      method: 'POST',
      url: '/import',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      payload: lines.join('\n'),
    });
    expect(imported.statusCode).toBe(200);
    // The stored JSON as text: PostgreSQL's json has no length() or LIKE of its own.
    const rows = await ctx.peek.rows<{ size: number }>(
      "SELECT length(CAST(changes AS TEXT)) AS size FROM audit_log WHERE entity_id = (SELECT id FROM claims WHERE slug = 'zarif-pompeo-warmongering-lies') AND CAST(changes AS TEXT) LIKE '%addedQuote%'",
    );
    expect(rows.length).toBe(4);
    expect(Math.max(...rows.map((row) => row.size))).toBeLessThan(1000);
  });

  it('when an NDJSON import says its media type in capitals, then it is still streamed as NDJSON', async () => {
    const imported = await ctx.app.inject({
      method: 'POST',
      url: '/import',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'Application/X-NDJSON' },
      payload: JSON.stringify({
        type: 'actor',
        slug: 'capital-letters',
        kind: 'person',
        name: 'Caps',
      }),
    });
    expect(imported.statusCode).toBe(200);
  });
});

describe('a body that never comes', () => {
  it('when a request is answered before its body arrived (401), then the server closes the connection', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
    });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      'POST /actors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    );
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer.toLowerCase()).toContain('connection: close');
  });
});
