import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_MAX_DEPTH } from '../src/lib/json-input.js';
import { type NdjsonLine, ndjsonLines } from '../src/lib/ndjson-lines.js';
import { makeApp, makeKeys, type TestContext } from './helpers/app.js';
import { speakerRecords } from './helpers/bundles.js';

type Problem = {
  type: string;
  status: number;
  detail: string;
  errors: { path: string; message: string }[];
};

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp({ seed: false });
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

const count = (table: string) => ctx.peek.value<number>(`SELECT count(*) AS n FROM ${table}`);
const stored = async () =>
  (await count('actors')) +
  (await count('sources')) +
  (await count('claims')) +
  (await count('quotes'));

const { actor, source, claim } = speakerRecords;

async function importNdjson(payload: Buffer | Readable, contentType = 'application/x-ndjson') {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/import',
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
    payload,
  });
  return { status: response.statusCode, body: JSON.parse(response.body) as Problem };
}

const lines = (...records: (object | Buffer)[]) =>
  Buffer.concat(
    records.flatMap((r) => [
      Buffer.isBuffer(r) ? r : Buffer.from(JSON.stringify(r)),
      Buffer.from('\n'),
    ]),
  );

describe('NDJSON import: bytes that are not UTF-8', () => {
  it('refuses a line with invalid bytes (422 naming the line) instead of storing U+FFFD', async () => {
    const bad = Buffer.concat([
      Buffer.from('{"type":"actor","slug":"bad","kind":"person","name":"Bad '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const { status, body } = await importNdjson(lines(actor, source, bad, claim));
    expect(status).toBe(422);
    expect(body.errors).toEqual([{ path: 'lines.3', message: expect.stringContaining('UTF-8') }]);
    expect(await stored()).toBe(0);
  });

  it('reads a character whose bytes arrive in two chunks', async () => {
    const text = lines({ ...actor, name: 'Zoë 🙂' });
    const cut = text.indexOf(Buffer.from('🙂')) + 2;
    const { status } = await importNdjson(
      Readable.from([text.subarray(0, cut), text.subarray(cut)]),
    );
    expect(status).toBe(200);
    const name = await ctx.peek.value(`SELECT name FROM actors WHERE slug = 'speaker'`);
    expect(name).toBe('Zoë 🙂');
    await ctx.peek.run(`DELETE FROM actors`);
  });
});

describe('NDJSON import: lines checked like JSON bodies', () => {
  it('refuses a lone surrogate in a quote record and in a claim’s quotes, naming each', async () => {
    const quote = { type: 'quote', claim: 'hello', source: 'talk', exact: 'X', start: 0, end: 5 };
    const payload = lines(actor, source, claim, quote, { ...claim, slug: 'hello-2' })
      .toString('utf8')
      .replace('"exact":"X"', '"exact":"\\ude00 there"')
      .replace(/("slug":"hello-2".*?"exact":")Hello there/, '$1\\ud800Hello');
    const { status, body } = await importNdjson(Buffer.from(payload));
    expect(status).toBe(422);
    expect(body.errors).toEqual([
      { path: 'lines.4.exact', message: expect.stringContaining('lone surrogate') },
      { path: 'lines.5.quotes.0.exact', message: expect.stringContaining('lone surrogate') },
    ]);
    expect(await stored()).toBe(0);
  });

  it(`refuses a line nested deeper than ${JSON_MAX_DEPTH}, and one that poisons a prototype`, async () => {
    const deep = Buffer.from(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    const poisoned = Buffer.from('{"type":"actor","__proto__":{"slug":"x"}}');
    const { status, body } = await importNdjson(lines(actor, deep, poisoned));
    expect(status).toBe(422);
    expect(body.errors).toEqual([
      { path: 'lines.2', message: expect.stringContaining(`deeper than ${JSON_MAX_DEPTH}`) },
      { path: 'lines.3', message: expect.stringContaining('prototype') },
    ]);
    expect(await stored()).toBe(0);
  });
});

describe('JSON import: a lone surrogate in a quote', () => {
  it('is refused (400 naming it) and nothing is stored', async () => {
    const bundle = JSON.stringify({
      format: 'factcheck-bundle',
      version: 1,
      actors: [{ ...actor, type: undefined }],
      sources: [{ ...source, type: undefined }],
      claims: [
        { ...claim, type: undefined, quotes: [{ ...claim.quotes[0], exact: 'PLACEHOLDER' }] },
      ],
    }).replace('PLACEHOLDER', '\\ude00 there');
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/import',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: bundle,
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({
      type: 'urn:factcheck:problem:validation',
      errors: [{ path: 'body.claims.0.quotes.0.exact' }],
    });
    expect(await stored()).toBe(0);
  });
});

describe('ndjsonLines', () => {
  const read = async (chunks: (string | Buffer)[], maxBytes?: number) => {
    const out: NdjsonLine[] = [];
    for await (const line of ndjsonLines(Readable.from(chunks), maxBytes)) out.push(line);
    return out;
  };

  it('numbers lines across chunks, a last line without its newline included', async () => {
    expect(await read(['a\nb', 'c\n\r\n', 'd'])).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'bc' },
      { line: 3, text: '\r' },
      { line: 4, text: 'd' },
    ]);
  });

  it('refuses a line over the limit without holding it, and goes on with the next', async () => {
    expect(await read(['123456', '67890\nok\n', 'x'.repeat(11), '\n0123456789'], 10)).toEqual([
      { line: 1, error: 'is over 10 bytes' },
      { line: 2, text: 'ok' },
      { line: 3, error: 'is over 10 bytes' },
      { line: 4, text: '0123456789' },
    ]);
  });
});
