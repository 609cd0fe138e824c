import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, type TestContext } from './helpers/app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await makeApp();
});
afterAll(() => ctx.close());

describe('a known path asked with a method it does not answer', () => {
  it.each([
    ['PUT', '/claims', 'GET, HEAD, POST'],
    ['PUT', '/claims/pompeo-iran-al-qaeda-new-home-base', 'GET, HEAD, PATCH, DELETE'],
    ['POST', '/health', 'GET, HEAD'],
    ['DELETE', '/claims/pompeo-iran-al-qaeda-new-home-base/history', 'GET, HEAD'],
  ])(
    '%s %s is a 405 problem whose Allow header lists the methods the path answers',
    async (method, url, allow) => {
      const response = await ctx.app.inject({ method: method as 'PUT', url });
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe(allow);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({
        type: 'urn:factcheck:problem:method-not-allowed',
        status: 405,
        instance: url,
      });
      expect(response.json().detail).toContain(allow);
    },
  );

  it('leaves a path no route has a 404, with no Allow header', async () => {
    const response = await ctx.app.inject({ method: 'PUT', url: '/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers.allow).toBeUndefined();
    expect(response.json()).toMatchObject({ type: 'urn:factcheck:problem:not-found' });
  });

  it('ignores the query when it finds the path', async () => {
    const response = await ctx.app.inject({ method: 'PATCH', url: '/claims?limit=5' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD, POST');
  });
});

describe('representations chosen by Accept', () => {
  it.each(['application/json', 'application/x-ndjson'])(
    'GET /export as %s says it varies by Accept, so a cache keeps the two apart',
    async (accept) => {
      const response = await ctx.app.inject({
        url: '/export',
        headers: { accept, origin: 'https://newsroom.example' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain(accept);
      const vary = String(response.headers.vary ?? '')
        .split(',')
        .map((name) => name.trim().toLowerCase());
      expect(vary).toContain('accept');
    },
  );
});
