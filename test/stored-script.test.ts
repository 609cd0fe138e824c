import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

/** What editors store is served back inert: no script in JSON-LD, no forged marks or history. */
let ctx: TestContext;
let keys: { editor: string; admin: string };

beforeAll(async () => {
  ctx = await makeApp();
  keys = await makeKeys(ctx.store);
});
afterAll(async () => ctx.close());

const HOSTILE = 'Zebras </script><script>alert(1)</script> & <!-- more\u2028 and\u2029 so on';

describe('JSON-LD that publishers embed in a <script> element', () => {
  it('when a claim text holds </script>, then its ClaimReview and the feed carry it only escaped, and parse back to the same text', async () => {
    const created = await send<{ id: string }>(ctx.app, 'POST', '/claims', {
      key: keys.editor,
      body: { text: HOSTILE, claimantId: 'mike-pompeo', statedAt: '2021-01-12' },
    });
    expect(created.status).toBe(201);
    const rated = await send(ctx.app, 'POST', `/claims/${created.body.id}/status`, {
      key: keys.editor,
      body: { status: 'not_checkable', note: 'An opinion </script> & more.' },
    });
    expect(rated.status).toBe(200);

    for (const url of [`/claims/${created.body.id}/claimreview`, '/export/claimreview']) {
      const response = await ctx.app.inject({ url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('application/ld+json');
      expect(response.body).not.toMatch(/[<>&\u2028\u2029]/);
      expect(response.body).toContain('\\u003c/script\\u003e');
      const parsed = JSON.parse(response.body) as unknown;
      const reviews = (Array.isArray(parsed) ? parsed : [parsed]) as { claimReviewed: string }[];
      expect(reviews.map((r) => r.claimReviewed)).toContain(HOSTILE);
    }
  });
});

describe('search snippets', () => {
  it('when a claim text holds the characters snippets once used as hit marks, then they mark nothing and the text is escaped', async () => {
    const text = 'Zebra \u0002crossing\u0003 near <b>the</b> quagga';
    const created = await send(ctx.app, 'POST', '/claims', {
      key: keys.editor,
      body: { text, claimantId: 'mike-pompeo', statedAt: '2021-01-12' },
    });
    expect(created.status).toBe(201);
    const page = await send<{ items: { snippet: string; text: string }[] }>(
      ctx.app,
      'GET',
      '/claims?q=quagga',
    );
    expect(page.status).toBe(200);
    const [hit] = page.body.items;
    expect(hit?.text).toBe(text);
    expect(hit?.snippet).toContain('<mark>quagga</mark>');
    expect(hit?.snippet).not.toContain('<mark>crossing');
    expect(hit?.snippet).not.toContain('<b>');
    expect(hit?.snippet.match(/<mark>/g)).toHaveLength(1);
  });
});

describe('imported history', () => {
  it('when an NDJSON status record names another writer and an old date, then the history names the importing key, keeps the date as data, and the audit log has the write', async () => {
    const lines = [
      {
        type: 'claim',
        slug: 'forged-history-claim',
        text: 'A claim with history brought along',
        claimant: 'mike-pompeo',
        statedAt: '2001-09-11',
      },
      {
        type: 'status',
        claim: 'forged-history-claim',
        status: 'unsubstantiated',
        previousStatus: 'unverified',
        note: 'Nothing backs it.',
        changedBy: 'admin',
        changedAt: '2001-09-12T00:00:00.000Z',
      },
    ];
    const imported = await ctx.app.inject({
      method: 'POST',
      url: '/import',
      headers: { authorization: `Bearer ${keys.editor}`, 'content-type': 'application/x-ndjson' },
      payload: lines.map((line) => JSON.stringify(line)).join('\n'),
    });
    expect(imported.statusCode).toBe(200);
    const history = await send<{ items: { changedBy: string; changedAt: string }[] }>(
      ctx.app,
      'GET',
      '/claims/forged-history-claim/history',
    );
    expect(history.body.items).toEqual([
      expect.objectContaining({ changedBy: 'ed', changedAt: '2001-09-12T00:00:00.000Z' }),
    ]);
    const audit = await send<{ items: { keyName: string; action: string; entityId: string }[] }>(
      ctx.app,
      'GET',
      '/audit?entityType=claim&limit=100',
      { key: keys.admin },
    );
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ keyName: 'ed', action: 'status' }),
    );
    expect(audit.body.items.some((row) => row.keyName === 'admin')).toBe(false);
  });
});
