import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/modules/audit/audit.schemas.js';
import type { Claim } from '../src/modules/claims/claims.schemas.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { importedIntoEmpty } from './helpers/round-trip.js';

let ctx: TestContext;
let keys: { editor: string; admin: string };
beforeAll(async () => {
  ctx = await makeApp();
  keys = await makeKeys(ctx.store);
});
afterAll(() => ctx.close());

const MASRI_REPORTED =
  'Pompeo publicly confirmed for the first time that the extremist group’s second-in-command, Abu Muhammad al-Masri, was killed in Tehran in August.';
const exportOf = async () => (await ctx.app.inject({ url: '/export' })).body;

describe('a quote’s wording', () => {
  it('when a quote gives no wording, then it is verbatim, and exports leave the default out', async () => {
    // The seed gives wording only to the article's paraphrases, as of the home-base claim.
    const home = await send<Claim>(ctx.app, 'GET', '/claims/pompeo-iran-al-qaeda-new-home-base');
    expect(home.body.quotes.map((q) => q.wording)).toEqual(['paraphrase', 'verbatim']);
    const exported = JSON.parse(await exportOf()) as {
      claims: { slug: string; quotes: Record<string, unknown>[] }[];
    };
    const quotes = exported.claims.find((c) => c.slug === home.body.slug)?.quotes ?? [];
    expect(quotes.map((q) => q.wording)).toEqual(['paraphrase', undefined]);
  });

  it('when a claim is created and patched with a paraphrase, then the quote says so, audited', async () => {
    const created = await send<Claim>(ctx.app, 'POST', '/claims', {
      key: keys.editor,
      body: {
        text: 'Al-Masri was killed in Tehran.',
        claimantId: 'mike-pompeo',
        statedAt: '2021-01-12',
        quotes: [{ sourceId: 'article', exact: MASRI_REPORTED, wording: 'paraphrase' }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.quotes[0]?.wording).toBe('paraphrase');

    const quote = { sourceId: 'article', exact: MASRI_REPORTED };
    const patched = await send<Claim>(ctx.app, 'PATCH', `/claims/${created.body.id}`, {
      key: keys.editor,
      body: { quotes: [quote] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.quotes[0]?.wording).toBe('verbatim');
    expect(patched.body.version).toBe(2);

    const audit = await send<{ items: AuditEntry[] }>(
      ctx.app,
      'GET',
      `/audit?entityType=claim&entityId=${created.body.id}`,
      { key: keys.admin },
    );
    const quotes = audit.body.items[0]?.changes.quotes as {
      before: { wording: string }[];
      after: { wording: string }[];
    };
    expect([quotes.before[0]?.wording, quotes.after[0]?.wording]).toEqual([
      'paraphrase',
      'verbatim',
    ]);

    // The same quotes again change nothing.
    const same = await send<Claim>(ctx.app, 'PATCH', `/claims/${created.body.id}`, {
      key: keys.editor,
      body: { quotes: [{ ...quote, wording: 'verbatim' }] },
    });
    expect(same.body.version).toBe(2);
  });

  it('when a wording is not one of the two, then the request is refused (400)', async () => {
    const refused = await send(ctx.app, 'POST', '/claims', {
      key: keys.editor,
      body: {
        text: 'Al-Masri was killed.',
        claimantId: 'mike-pompeo',
        statedAt: '2021-01-12',
        quotes: [{ sourceId: 'article', exact: MASRI_REPORTED, wording: 'summary' }],
      },
    });
    expect(refused.status).toBe(400);
  });

  it('when a bundle brings a paraphrase, then it is stored, exported, and the round trip is the same', async () => {
    const imported = await send(ctx.app, 'POST', '/import', {
      key: keys.editor,
      body: {
        format: 'factcheck-bundle',
        version: 1,
        claims: [
          {
            slug: 'pompeo-masri-killed-reported',
            text: 'Al-Masri was killed in Tehran in August.',
            claimant: 'mike-pompeo',
            statedAt: '2021-01-12',
            quotes: [
              {
                source: 'article',
                exact: MASRI_REPORTED,
                start: 582,
                end: 727,
                wording: 'paraphrase',
              },
            ],
          },
        ],
      },
    });
    expect(imported.status).toBe(200);
    const before = await exportOf();
    expect(before).toContain('"wording":"paraphrase"');

    const moved = await importedIntoEmpty(before);
    expect(moved.status).toBe(200);
    expect(moved.exportedAgain).toBe(before);
  });
});
