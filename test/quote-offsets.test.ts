import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

type Problem = {
  type: string;
  status: number;
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
  (await count('claims')) + (await count('quotes')) + (await count('evidence'));

// One source with text and one without: without text nothing else checks the offsets, so before
// the schema did, such a quote went as far as the database's CHECK.
const base = {
  format: 'factcheck-bundle',
  version: 1,
  actors: [{ slug: 'speaker', kind: 'person', name: 'A Speaker' }],
  sources: [
    { slug: 'untold', kind: 'speech' },
    { slug: 'talk', kind: 'speech', text: 'Hello there, friends.' },
  ],
};
const claim = (quotes: object[] = []) => ({
  slug: 'hello',
  text: 'Hello there',
  claimant: 'speaker',
  statedAt: '2024',
  quotes,
});
const END = { message: 'must be greater than start' };

describe('a quote whose end is not after its start, in an import', () => {
  it.each([
    [
      'claims[].quotes (source without text, end = start)',
      { claims: [claim([{ source: 'untold', exact: 'Hello', start: 5, end: 5 }])] },
      'claims.0.quotes.0.end',
    ],
    [
      'claims[].quotes (source with text, end < start)',
      { claims: [claim([{ source: 'talk', exact: 'Hello', start: 5, end: 0 }])] },
      'claims.0.quotes.0.end',
    ],
    [
      'a quotes record',
      {
        claims: [claim()],
        quotes: [{ claim: 'hello', source: 'untold', exact: 'Hello', start: 3, end: 1 }],
      },
      'quotes.0.end',
    ],
    [
      'an evidence quote',
      {
        claims: [claim()],
        evidence: [
          {
            slug: 'said-so',
            claim: 'hello',
            stance: 'supports',
            summary: 'It was said.',
            source: 'untold',
            quote: { exact: 'Hello', start: 4, end: 4 },
          },
        ],
      },
      'evidence.0.quote.end',
    ],
  ])('%s: 422 listing it, nothing written', async (_name, records, path) => {
    const { status, body } = await send<Problem>(ctx.app, 'POST', '/import', {
      key,
      body: { ...base, ...records },
    });
    expect(status).toBe(422);
    expect(body.errors).toEqual([{ path, ...END }]);
    expect(await stored()).toBe(0);
  });

  it('NDJSON quote, claim and evidence records: 422 listing each line', async () => {
    const records = [
      { type: 'actor', ...base.actors[0] },
      { type: 'source', ...base.sources[0] },
      { type: 'claim', ...claim([{ source: 'untold', exact: 'Hello', start: 2, end: 2 }]) },
      { type: 'quote', claim: 'hello', source: 'untold', exact: 'Hello', start: 9, end: 1 },
      {
        type: 'evidence',
        slug: 'said-so',
        claim: 'hello',
        stance: 'supports',
        summary: 'It was said.',
        source: 'untold',
        quote: { exact: 'Hello', start: 1, end: 0 },
      },
    ];
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/import',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      payload: records.map((r) => JSON.stringify(r)).join('\n'),
    });
    expect(response.statusCode).toBe(422);
    expect((JSON.parse(response.body) as Problem).errors).toEqual([
      { path: 'lines.3.quotes.0.end', ...END },
      { path: 'lines.4.end', ...END },
      { path: 'lines.5.quote.end', ...END },
    ]);
    expect(await stored()).toBe(0);
  });
});

describe('a quote whose end is not after its start, in the write API', () => {
  beforeAll(async () => {
    const imported = await send(ctx.app, 'POST', '/import', {
      key,
      body: { ...base, claims: [claim()] },
    });
    expect(imported.status).toBe(200);
  });

  it.each([
    ['untold', 5, 5],
    ['talk', 6, 0],
  ])(
    'a claim quote in %s at [%i, %i): 400 naming body.quotes.0.end',
    async (sourceId, start, end) => {
      const before = await stored();
      const { status, body } = await send<Problem>(ctx.app, 'POST', '/claims', {
        key,
        body: {
          text: 'Another claim',
          claimantId: 'speaker',
          statedAt: '2024',
          quotes: [{ sourceId, exact: 'Hello', start, end }],
        },
      });
      expect(status).toBe(400);
      expect(body.type).toBe('urn:factcheck:problem:validation');
      expect(body.errors).toEqual([{ path: 'body.quotes.0.end', message: expect.any(String) }]);
      expect(await stored()).toBe(before);
    },
  );

  it('an evidence quote, on create and on patch: 400 naming body.quote.end', async () => {
    const before = await stored();
    const quote = { exact: 'there', start: 6, end: 6 };
    const created = await send<Problem>(ctx.app, 'POST', '/claims/hello/evidence', {
      key,
      body: { stance: 'supports', summary: 'It was said.', sourceId: 'untold', quote },
    });
    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual([{ path: 'body.quote.end', message: expect.any(String) }]);
    expect(await stored()).toBe(before);

    const made = await send<{ id: string }>(ctx.app, 'POST', '/claims/hello/evidence', {
      key,
      body: { stance: 'supports', summary: 'It was said.', sourceId: 'talk' },
    });
    expect(made.status).toBe(201);
    const patched = await send<Problem>(ctx.app, 'PATCH', `/evidence/${made.body.id}`, {
      key,
      body: { quote: { exact: 'there', start: 11, end: 6 } },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.errors).toEqual([{ path: 'body.quote.end', message: expect.any(String) }]);
  });
});
