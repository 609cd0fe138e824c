import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, type TestContext } from './helpers/app.js';

let ctx: TestContext;
let port: number;
beforeAll(async () => {
  ctx = await makeApp({ seed: false });
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const address = ctx.app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(() => ctx.close());

/** Sends bytes as they are (no HTTP client would send these) and reads until the server closes. */
function raw(
  request: string,
): Promise<{ status: number; headers: Map<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = new Map(
        lines.map((line) => {
          const at = line.indexOf(':');
          return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()] as const;
        }),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    // Not half-closed: a client that ends its side before the answer is written gets none, and
    // the server closes every one of these connections itself (Connection: close, or an error).
    socket.write(request);
  });
}

function expectProblem(
  response: Awaited<ReturnType<typeof raw>>,
  status: number,
  type: string,
): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(response.body));
  expect(JSON.parse(response.body)).toMatchObject({ type, status, title: expect.any(String) });
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  // The same headers as any other answer: helmet's own set, not a copy that can fall behind.
  expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
}

describe('requests the HTTP parser refuses', () => {
  it('when the URL is over 16 KiB, then 431 is a problem document', async () => {
    const response = await raw(
      `GET /claims?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    );
    expectProblem(response, 431, 'urn:factcheck:problem:headers-too-large');
  });

  it('when the headers are over 16 KiB, then 431 is a problem document', async () => {
    const response = await raw(
      `GET /claims HTTP/1.1\r\nHost: localhost\r\nX-Filler: ${'b'.repeat(20_000)}\r\n\r\n`,
    );
    expectProblem(response, 431, 'urn:factcheck:problem:headers-too-large');
  });

  for (const [what, request] of [
    ['a malformed request line', 'GET /claims HTTP/1.1 extra\r\nHost: localhost\r\n\r\n'],
    ['an unknown method', 'BREW /claims HTTP/1.1\r\nHost: localhost\r\n\r\n'],
    ['a header without a colon', 'GET /claims HTTP/1.1\r\nHost localhost\r\n\r\n'],
    ['not HTTP at all', '\u0000\u0001\u0002 hello\r\n\r\n'],
  ] as const) {
    it(`when the request has ${what}, then 400 is a problem document`, async () => {
      expectProblem(await raw(request), 400, 'urn:factcheck:problem:malformed-request');
    });
  }

  it('when the server has answered them, then it still serves well-formed requests', async () => {
    const response = await raw(
      'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    expect(response.status).toBe(200);
  });
});
