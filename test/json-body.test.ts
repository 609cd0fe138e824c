import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_MAX_DEPTH } from '../src/lib/json-input.js';
import { makeApp, makeKeys, type TestContext } from './helpers/app.js';

type Problem = {
  type: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
};

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

const count = (table: string) => ctx.peek.value<number>(`SELECT count(*) AS n FROM ${table}`);

async function post(
  url: string,
  payload: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string | undefined; body: Problem }> {
  const response = await ctx.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    payload,
  });
  return {
    status: response.statusCode,
    type: response.headers['content-type'],
    body: JSON.parse(response.body) as Problem,
  };
}

const INVALID_JSON = 'urn:factcheck:problem:invalid-json';
/** An actor whose extra field takes its nesting to `depth` levels of objects in all. */
const nested = (depth: number) =>
  `{"kind":"person","name":"Deep","x":${'{"a":'.repeat(depth - 1)}1${'}'.repeat(depth - 1)}}`;

describe('JSON bodies: bytes that are not UTF-8', () => {
  it.each([
    ['a byte that starts nothing (0xFF)', [0xff]],
    ['a sequence cut short (0xC3 then ")', [0xc3]],
    ['an overlong "/" (0xC0 0xAF)', [0xc0, 0xaf]],
    ['a surrogate encoded as UTF-8 (0xED 0xA0 0x80)', [0xed, 0xa0, 0x80]],
  ])('refuses %s with 400 instead of storing U+FFFD', async (_name, bytes) => {
    const before = await count('actors');
    const body = Buffer.concat([
      Buffer.from('{"kind":"person","name":"Bad '),
      Buffer.from(bytes),
      Buffer.from('"}'),
    ]);
    const { status, type, body: problem } = await post('/actors', body);
    expect(status).toBe(400);
    expect(type).toContain('application/problem+json');
    expect(problem.type).toBe(INVALID_JSON);
    expect(problem.errors).toEqual([{ path: 'body', message: expect.stringContaining('UTF-8') }]);
    expect(await count('actors')).toBe(before);
  });

  it('reads UTF-8 text, a byte-order mark included', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"kind":"person","name":"Zoë Ünicode 🙂"}'),
    ]);
    const { status, body: actor } = await post('/actors', body);
    expect(status).toBe(201);
    expect(actor).toMatchObject({ name: 'Zoë Ünicode 🙂' });
  });
});

describe('JSON bodies: strings that are not Unicode text', () => {
  it('refuses a lone surrogate in a quote (400 naming it) and stores nothing', async () => {
    const before = await count('claims');
    const { status, body } = await post(
      '/claims',
      JSON.stringify({
        text: 'A claim with a broken quote',
        claimantId: 'mike-pompeo',
        statedAt: '2021-01-12',
        quotes: [{ sourceId: 'article', exact: 'PLACEHOLDER' }],
      }).replace('PLACEHOLDER', '\\ude00 there'),
    );
    expect(status).toBe(400);
    expect(body.type).toBe('urn:factcheck:problem:validation');
    expect(body.errors).toEqual([
      { path: 'body.quotes.0.exact', message: expect.stringContaining('lone surrogate') },
    ]);
    expect(await count('claims')).toBe(before);
  });

  it('refuses a lone surrogate in a key or at the top level, and keeps well-formed pairs', async () => {
    const key = await post('/actors', '{"kind":"person","name":"x","\\ud800":1}');
    expect(key.status).toBe(400);
    expect(key.body.errors?.[0]?.path).toBe('body');
    expect(key.body.errors?.[0]?.message).toContain('key');
    const top = await post('/actors', '"\\udfff"');
    expect(top.status).toBe(400);
    expect(top.body.errors?.[0]?.path).toBe('body');
    const pair = await post('/actors', '{"kind":"person","name":"Pair \\ud83d\\ude42"}');
    expect(pair.status).toBe(201);
    expect(pair.body).toMatchObject({ name: 'Pair 🙂' });
  });
});

describe(`JSON bodies: nesting deeper than ${JSON_MAX_DEPTH}`, () => {
  it('reads a body nested to the limit, and refuses one level more before parsing it', async () => {
    // At the limit the parser lets it through: the route's schema refuses the unknown field.
    const atLimit = await post('/actors', nested(JSON_MAX_DEPTH));
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.type).toBe('urn:factcheck:problem:validation');
    const over = await post('/actors', nested(JSON_MAX_DEPTH + 1));
    expect(over.status).toBe(400);
    expect(over.body.type).toBe(INVALID_JSON);
    expect(over.body.errors?.[0]?.message).toContain(`deeper than ${JSON_MAX_DEPTH}`);
    // Brackets inside strings are text, not nesting.
    const inString = await post(
      '/actors',
      JSON.stringify({ kind: 'person', name: `Brackets ${'[{'.repeat(100)}\\"` }),
    );
    expect(inString.status).toBe(201);
  });

  it.each(['/actors', '/import', '/import/claimreview'])(
    'answers a 5,000-deep body with an Idempotency-Key on %s with 400, not 500, and the key stays free',
    async (url) => {
      const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const idempotencyKey = `deep-${url}`;
      const first = await post(url, deep, { 'idempotency-key': idempotencyKey });
      expect(first.status).toBe(400);
      expect(first.body.type).toBe(INVALID_JSON);
      if (url !== '/actors') return;
      // The key was never taken: a good request with it is written.
      const retry = await post('/actors', '{"kind":"person","name":"After the deep one"}', {
        'idempotency-key': idempotencyKey,
      });
      expect(retry.status).toBe(201);
    },
  );
});

describe('JSON bodies: what fastify refused before is still refused', () => {
  it.each([
    ['prototype poisoning', '{"kind":"person","name":"x","__proto__":{"admin":true}}'],
    ['constructor poisoning', '{"kind":"person","name":"x","constructor":{"prototype":{}}}'],
    ['a syntax error', '{"kind":"person",'],
    ['an empty body', ''],
  ])('%s: 400 problem+json', async (_name, payload) => {
    const before = await count('actors');
    const { status, type, body } = await post('/actors', payload);
    expect(status).toBe(400);
    expect(type).toContain('application/problem+json');
    expect(body.type).toBe(INVALID_JSON);
    expect(await count('actors')).toBe(before);
  });

  it('takes application/ld+json on the ClaimReview import only', async () => {
    const actor = await post('/actors', '{"kind":"person","name":"x"}', {
      'content-type': 'application/ld+json',
    });
    expect(actor.status).toBe(415);
    const review = await post('/import/claimreview', '{"@graph":[]}', {
      'content-type': 'application/ld+json',
    });
    expect(review.status).not.toBe(415);
    const bad = await post('/import/claimreview', Buffer.from([0x7b, 0xff, 0x7d]), {
      'content-type': 'application/ld+json',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.type).toBe(INVALID_JSON);
  });
});

describe('a charset other than UTF-8', () => {
  it('when a JSON body is said to be latin1, then 415 and nothing is stored; utf-8 is fine', async () => {
    const ctx = await makeApp({ seed: false });
    try {
      const { editor } = await makeKeys(ctx.store);
      const post = (type: string) =>
        ctx.app.inject({
          method: 'POST',
          url: '/actors',
          headers: { authorization: `Bearer ${editor}`, 'content-type': type },
          payload: JSON.stringify({ kind: 'person', name: 'Charset Test' }),
        });
      const latin1 = await post('application/json; charset=latin1');
      expect(latin1.statusCode).toBe(415);
      expect(latin1.headers['content-type']).toContain('application/problem+json');
      expect((await post('application/json; charset=UTF-8')).statusCode).toBe(201);
    } finally {
      await ctx.close();
    }
  });
});

describe('text no record can hold: a NUL character', () => {
  it('when a body string holds a NUL, then 400 names the field and nothing is stored', async () => {
    const before = await count('actors');
    const { status, body } = await post('/actors', '{"kind":"person","name":"Nul\\u0000Name"}');
    expect(status).toBe(400);
    expect(body.type).toBe('urn:factcheck:problem:validation');
    expect(body.errors).toEqual([{ path: 'body.name', message: expect.stringContaining('NUL') }]);
    expect(await count('actors')).toBe(before);
  });

  it.each([
    ['a path segment', '/actors/mike%00pompeo', 'path.id'],
    ['a query value', '/claims?q=iran%00', 'query.q'],
    ['a repeated query value', '/claims?status=refuted&status=%00', 'query.status'],
  ])('when %s holds an encoded NUL, then 400 names it', async (_what, url, path) => {
    const response = await ctx.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(400);
    const problem = JSON.parse(response.body) as Problem;
    expect(problem.errors).toEqual([{ path, message: expect.stringContaining('NUL') }]);
  });

  it('when a URL holds ordinary text, then it is answered as before', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/actors/mike-pompeo' })).statusCode).toBe(
      200,
    );
  });
});
