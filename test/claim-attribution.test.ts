import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/modules/audit/audit.schemas.js';
import type { Claim, ClaimListItem } from '../src/modules/claims/claims.schemas.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { importedIntoEmpty } from './helpers/round-trip.js';

let ctx: TestContext;
let keys: { editor: string; admin: string };
beforeAll(async () => {
  ctx = await makeApp();
  keys = await makeKeys(ctx.store);
});
afterAll(() => ctx.close());

/** The line the article prints after Zarif's tweet without a byline: the seed's one inferred claimant. */
const ZARIF_LINE = 'zarif-no-9-11-terrorists-from-iran';
/** A claim whose claimant the article names. */
const STATED = 'zarif-pompeo-warmongering-lies';
const NOTE = 'The line follows Zarif’s tweet and its byline, with no byline of its own.';
const exportOf = async () => (await ctx.app.inject({ url: '/export' })).body;

describe('a claim’s attribution', () => {
  it('when a claim says nothing of it, then its claimant is stated, as every seeded claim’s but one', async () => {
    const list = await send<{ items: ClaimListItem[] }>(ctx.app, 'GET', '/claims?limit=100');
    expect(list.body.items.length).toBeGreaterThan(0);
    const inferred = list.body.items.filter(
      (c) => c.attribution !== 'stated' || c.attributionNote !== null,
    );
    expect(inferred.map((c) => [c.slug, c.attribution])).toEqual([[ZARIF_LINE, 'inferred']]);
    // Exports leave the default out: only the inferred claim says it.
    expect((await exportOf()).match(/"attribution":/g)).toEqual(['"attribution":']);
  });

  it('when a claim is patched to inferred with a note, then the claim and its list show it, audited', async () => {
    const patched = await send<Claim>(ctx.app, 'PATCH', `/claims/${STATED}`, {
      key: keys.editor,
      body: { attribution: 'inferred', attributionNote: NOTE },
    });
    expect(patched.status).toBe(200);
    expect([patched.body.attribution, patched.body.attributionNote]).toEqual(['inferred', NOTE]);
    const list = await send<{ items: ClaimListItem[] }>(
      ctx.app,
      'GET',
      '/claims?claimantId=mohammad-javad-zarif&limit=100',
    );
    const listed = list.body.items.find((c) => c.slug === STATED);
    expect([listed?.attribution, listed?.attributionNote]).toEqual(['inferred', NOTE]);

    const audit = await send<{ items: AuditEntry[] }>(
      ctx.app,
      'GET',
      `/audit?entityType=claim&entityId=${patched.body.id}`,
      { key: keys.admin },
    );
    expect(audit.body.items[0]?.changes).toEqual({
      attribution: { before: 'stated', after: 'inferred' },
      attributionNote: { before: null, after: NOTE },
    });
    // The ClaimReview of the claim is served as before.
    const review = await ctx.app.inject({ url: `/claims/${STATED}/claimreview` });
    expect(review.statusCode).toBeLessThan(500);
  });

  it('when a claim is created inferred, then it says so; a note set to null is removed', async () => {
    const created = await send<Claim>(ctx.app, 'POST', '/claims', {
      key: keys.editor,
      body: {
        text: 'No one is fooled.',
        claimantId: 'mohammad-javad-zarif',
        statedAt: '2021-01-12',
        attribution: 'inferred',
        attributionNote: NOTE,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.attribution).toBe('inferred');
    const cleared = await send<Claim>(ctx.app, 'PATCH', `/claims/${created.body.id}`, {
      key: keys.editor,
      body: { attribution: 'stated', attributionNote: null },
    });
    expect([cleared.body.attribution, cleared.body.attributionNote]).toEqual(['stated', null]);
  });

  it('when a note is given for a stated claimant, then 422 names attributionNote and nothing changes', async () => {
    type Problem = { errors: { path: string; message: string }[] };
    const created = await send<Problem>(ctx.app, 'POST', '/claims', {
      key: keys.editor,
      body: {
        text: 'A stated claim with a note.',
        claimantId: 'mohammad-javad-zarif',
        statedAt: '2021-01-12',
        attributionNote: NOTE,
      },
    });
    expect(created.status).toBe(422);
    expect(created.body.errors).toEqual([
      { path: 'body.attributionNote', message: 'is given but attribution is not inferred' },
    ]);
    // Made stated again while its note stays: refused too, the claim keeps both.
    const inferred = await send<Claim>(ctx.app, 'PATCH', `/claims/${ZARIF_LINE}`, {
      key: keys.editor,
      body: { attribution: 'inferred', attributionNote: NOTE },
    });
    expect(inferred.status).toBe(200);
    const stated = await send<Problem>(ctx.app, 'PATCH', `/claims/${ZARIF_LINE}`, {
      key: keys.editor,
      body: { attribution: 'stated' },
    });
    expect(stated.status).toBe(422);
    expect(stated.body.errors[0]?.path).toBe('body.attributionNote');
    const kept = await send<Claim>(ctx.app, 'GET', `/claims/${ZARIF_LINE}`);
    expect([kept.body.attribution, kept.body.attributionNote]).toEqual(['inferred', NOTE]);
  });

  it('when an attribution is not one of the two, then the request is refused (400)', async () => {
    const refused = await send(ctx.app, 'PATCH', `/claims/${ZARIF_LINE}`, {
      key: keys.editor,
      body: { attribution: 'guessed' },
    });
    expect(refused.status).toBe(400);
  });

  it('when exported, imported into an empty database and exported again, then the output is the same', async () => {
    const before = await exportOf();
    expect(before).toContain('"attribution":"inferred"');
    expect(before).toContain(`"attributionNote":${JSON.stringify(NOTE)}`);
    const moved = await importedIntoEmpty(before);
    expect(moved.status).toBe(200);
    expect(moved.exportedAgain).toBe(before);
    expect(moved.changedAgain).toBe(false);
  });
});
