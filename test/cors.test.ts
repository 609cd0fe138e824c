import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

/** A page of another site, the team's own frontend, and a site only allowed to read. */
const OTHER = 'https://other.example';
const FRONTEND = 'https://frontend.example';
const READER = 'https://reader.example';

type Setting = {
  name: string;
  options: { corsOrigins?: string[]; corsReadOrigins?: string[]; readRequiresKey?: boolean };
  /** origin → [may read, may write] */
  expected: Record<string, [boolean, boolean]>;
};

const SETTINGS: Setting[] = [
  {
    name: 'nothing set',
    options: {},
    expected: { [OTHER]: [true, false], [FRONTEND]: [true, false], [READER]: [true, false] },
  },
  {
    name: 'CORS_ORIGINS = the frontend',
    options: { corsOrigins: [FRONTEND] },
    expected: { [OTHER]: [true, false], [FRONTEND]: [true, true], [READER]: [true, false] },
  },
  {
    name: 'CORS_ORIGINS = *',
    options: { corsOrigins: ['*'] },
    expected: { [OTHER]: [true, true], [FRONTEND]: [true, true], [READER]: [true, true] },
  },
  {
    name: 'CORS_ORIGINS = the frontend, READ_REQUIRES_KEY',
    options: { corsOrigins: [FRONTEND], readRequiresKey: true },
    expected: { [OTHER]: [false, false], [FRONTEND]: [true, true], [READER]: [false, false] },
  },
  {
    name: 'CORS_ORIGINS = the frontend, CORS_READ_ORIGINS = the reader',
    options: { corsOrigins: [FRONTEND], corsReadOrigins: [READER] },
    expected: { [OTHER]: [false, false], [FRONTEND]: [true, true], [READER]: [true, false] },
  },
];

describe.each(SETTINGS)('CORS with $name', ({ options, expected }) => {
  let ctx: TestContext;
  let editor: string;
  beforeAll(async () => {
    ctx = await makeApp({ seed: false, ...options });
    editor = (await makeKeys(ctx.store)).editor;
  });
  afterAll(() => ctx.close());

  const actors = () => ctx.peek.value<number>('SELECT count(*) AS n FROM actors');

  it.each(Object.entries(expected))(
    'a page from %s reads and writes as the setting says',
    async (origin, [reads, writes]) => {
      const auth = options.readRequiresKey ? { authorization: `Bearer ${editor}` } : {};
      const read = await ctx.app.inject({ url: '/actors', headers: { origin, ...auth } });
      expect(read.statusCode).toBe(200);
      const allowOrigin = read.headers['access-control-allow-origin'];
      if (reads) expect([origin, '*']).toContain(allowOrigin);
      else expect(allowOrigin).toBeUndefined();

      const preflight = await ctx.app.inject({
        method: 'OPTIONS',
        url: '/actors',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,idempotency-key',
        },
      });
      const preflightAllows =
        [origin, '*'].includes(String(preflight.headers['access-control-allow-origin'])) &&
        String(preflight.headers['access-control-allow-methods']).includes('POST');
      expect(preflightAllows).toBe(writes);
      // Refused as the write would be: a 403 problem, not a method the path lacks.
      expect(preflight.statusCode).toBe(writes ? 204 : 403);

      // The write itself, as a browser sends it (a form's POST is not preflighted): refused
      // before it runs when the origin may not write; nothing is written.
      const before = await actors();
      const write = await send(ctx.app, 'POST', '/actors', {
        key: editor,
        headers: { origin },
        body: { kind: 'person', name: `Writer from ${origin}` },
      });
      if (writes) {
        expect(write.status).toBe(201);
        expect(await actors()).toBe(before + 1);
      } else {
        expect(write.status).toBe(403);
        expect(write.headers['content-type']).toContain('application/problem+json');
        expect(JSON.stringify(write.body)).toContain('CORS_ORIGINS');
        expect(await actors()).toBe(before);
      }
    },
  );

  it('lets scripts without an Origin and the explorer of the server itself write', async () => {
    const script = await send(ctx.app, 'POST', '/actors', {
      key: editor,
      body: { kind: 'person', name: 'Scripted Import' },
    });
    expect(script.status).toBe(201);
    const explorer = await send(ctx.app, 'POST', '/actors', {
      key: editor,
      headers: { origin: 'http://localhost:80', host: 'localhost:80' },
      body: { kind: 'person', name: 'Explorer User' },
    });
    expect(explorer.status).toBe(201);
  });
});

describe('headers a script needs', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await makeApp({ seed: false, corsOrigins: [FRONTEND] });
  });
  afterAll(() => ctx.close());

  it('exposes the validators, locations, replays, limits and challenges of every answer', async () => {
    const response = await ctx.app.inject({ url: '/actors', headers: { origin: FRONTEND } });
    const exposed = String(response.headers['access-control-expose-headers'])
      .split(',')
      .map((name) => name.trim().toLowerCase());
    for (const header of [
      'etag',
      'location',
      'idempotent-replayed',
      'retry-after',
      'www-authenticate',
      'ratelimit',
      'ratelimit-policy',
    ]) {
      expect(exposed).toContain(header);
    }
  });

  it('lets a script send what reads and writes take', async () => {
    const preflight = await ctx.app.inject({
      method: 'OPTIONS',
      url: '/claims/x',
      headers: {
        origin: FRONTEND,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,if-match,idempotency-key,content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    const allowed = String(preflight.headers['access-control-allow-headers']).toLowerCase();
    for (const header of [
      'authorization',
      'if-match',
      'if-none-match',
      'idempotency-key',
      'cache-control',
    ]) {
      expect(allowed).toContain(header);
    }
  });
});
