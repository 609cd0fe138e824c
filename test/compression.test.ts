import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, type TestContext } from './helpers/app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await makeApp();
});
afterAll(() => ctx.close());

const inflate = { br: brotliDecompressSync, gzip: gunzipSync } as const;

async function both(url: string, encoding: 'br' | 'gzip', headers: Record<string, string> = {}) {
  const plain = await ctx.app.inject({ url, headers });
  const packed = await ctx.app.inject({
    url,
    headers: { ...headers, 'accept-encoding': encoding },
  });
  return { plain, packed };
}

describe('compressed answers', () => {
  it.each([
    ['/openapi.json', 'br'],
    ['/openapi.json', 'gzip'],
    ['/claims?limit=100', 'br'],
    ['/docs/static/swagger-ui-bundle.js', 'gzip'],
  ] as const)(
    '%s with Accept-Encoding %s: smaller, the same bytes once inflated, and says it varies',
    async (url, encoding) => {
      const { plain, packed } = await both(url, encoding);
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(packed.statusCode).toBe(200);
      expect(packed.headers['content-encoding']).toBe(encoding);
      expect(String(packed.headers.vary).toLowerCase()).toContain('accept-encoding');
      expect(packed.rawPayload.byteLength).toBeLessThan(plain.rawPayload.byteLength / 3);
      expect(inflate[encoding](packed.rawPayload).equals(plain.rawPayload)).toBe(true);
    },
  );

  it('streams an export compressed, the same record once inflated, in either format', async () => {
    for (const accept of ['application/json', 'application/x-ndjson']) {
      const { plain, packed } = await both('/export', 'gzip', { accept });
      expect(packed.headers['content-encoding']).toBe('gzip');
      expect(packed.headers['content-type']).toContain(accept);
      expect(gunzipSync(packed.rawPayload).toString()).toBe(plain.body);
    }
  });

  it('keeps the ETag of the representation and answers 304 to it compressed or not', async () => {
    const url = '/claims/pompeo-iran-al-qaeda-new-home-base';
    const { plain, packed } = await both(url, 'br');
    expect(packed.headers.etag).toBe(plain.headers.etag);
    const again = await ctx.app.inject({
      url,
      headers: { 'accept-encoding': 'br', 'if-none-match': String(plain.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('leaves small answers as they are', async () => {
    const health = await ctx.app.inject({ url: '/health', headers: { 'accept-encoding': 'br' } });
    expect(health.statusCode).toBe(200);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toEqual({ status: 'ok' });
  });
});
