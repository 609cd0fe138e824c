import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/modules/audit/audit.schemas.js';
import type { Claim, ClaimListItem } from '../src/modules/claims/claims.schemas.js';
import type { Source, SourceDetail } from '../src/modules/sources/sources.schemas.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { importedIntoEmpty } from './helpers/round-trip.js';

let ctx: TestContext;
let keys: { editor: string; admin: string };
beforeAll(async () => {
  ctx = await makeApp();
  keys = await makeKeys(ctx.store);
});
afterAll(() => ctx.close());

const HOME_BASE = 'pompeo-iran-al-qaeda-new-home-base';
/** A seeded claim and source dated by the tweet's byline, as such: no note. */
const WARMONGERING = 'zarif-pompeo-warmongering-lies';
const TWEET = 'zarif-tweet-2021-01-12';
const BYLINE = 'Dated by the byline of the tweet: “January 12, 2021”.';
const TUESDAY =
  'The article says “on Tuesday”, a week before Biden’s inauguration on 20 January 2021.';
const EMBED = 'The embed has no date; it follows Zarif’s tweet dated January 12, 2021.';
const exportOf = async () => (await ctx.app.inject({ url: '/export' })).body;
const auditOf = async (entityType: string, id: string) =>
  (
    await send<{ items: AuditEntry[] }>(
      ctx.app,
      'GET',
      `/audit?entityType=${entityType}&entityId=${id}`,
      { key: keys.admin },
    )
  ).body.items;

describe('notes on derived dates', () => {
  it('when nothing is said of a date, then its note is null and exports leave it out', async () => {
    const claim = await send<Claim>(ctx.app, 'GET', `/claims/${WARMONGERING}`);
    expect(claim.body.statedAtNote).toBeNull();
    const source = await send<SourceDetail>(ctx.app, 'GET', `/sources/${TWEET}`);
    expect(source.body.publishedAtNote).toBeNull();
    const exported = JSON.parse(await exportOf()) as {
      claims: Record<string, unknown>[];
      sources: Record<string, unknown>[];
    };
    const claimRecord = exported.claims.find((c) => c.slug === WARMONGERING);
    const sourceRecord = exported.sources.find((s) => s.slug === TWEET);
    expect(claimRecord).toBeDefined();
    expect(claimRecord).not.toHaveProperty('statedAtNote');
    expect(sourceRecord).toBeDefined();
    expect(sourceRecord).not.toHaveProperty('publishedAtNote');
    // A derived date's note is exported with it.
    expect(exported.claims.find((c) => c.slug === HOME_BASE)?.statedAtNote).toContain('Tuesday');
  });

  it('when a claim’s statedAtNote is set, then the claim and its list show it, audited; null removes it', async () => {
    const patched = await send<Claim>(ctx.app, 'PATCH', `/claims/${WARMONGERING}`, {
      key: keys.editor,
      body: { statedAtNote: BYLINE },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.statedAtNote).toBe(BYLINE);
    const list = await send<{ items: ClaimListItem[] }>(
      ctx.app,
      'GET',
      '/claims?claimantId=mohammad-javad-zarif&limit=100',
    );
    expect(list.body.items.find((c) => c.slug === WARMONGERING)?.statedAtNote).toBe(BYLINE);
    const [entry] = await auditOf('claim', patched.body.id);
    expect(entry?.changes).toEqual({ statedAtNote: { before: null, after: BYLINE } });

    const created = await send<Claim>(ctx.app, 'POST', '/claims', {
      key: keys.editor,
      body: {
        text: 'Al-Qaeda is operating under the hard shell of the Iranian regime’s protection.',
        claimantId: 'mike-pompeo',
        statedAt: '2021-01-12',
        statedAtNote: TUESDAY,
      },
    });
    expect(created.body.statedAtNote).toBe(TUESDAY);
    const cleared = await send<Claim>(ctx.app, 'PATCH', `/claims/${created.body.id}`, {
      key: keys.editor,
      body: { statedAtNote: null },
    });
    expect(cleared.body.statedAtNote).toBeNull();
  });

  it('when a source’s publishedAtNote is set, then the source and the list show it, audited', async () => {
    const created = await send<SourceDetail>(ctx.app, 'POST', '/sources', {
      key: keys.editor,
      body: {
        kind: 'social_post',
        slug: 'zarif-tweet-no-one-is-fooled',
        publishedAt: '2021-01-12',
        publishedAtNote: EMBED,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.publishedAtNote).toBe(EMBED);
    const list = await send<{ items: Source[] }>(ctx.app, 'GET', '/sources?kind=social_post');
    expect(list.body.items.find((s) => s.slug === created.body.slug)?.publishedAtNote).toBe(EMBED);
    const patched = await send<SourceDetail>(ctx.app, 'PATCH', `/sources/${created.body.id}`, {
      key: keys.editor,
      body: { publishedAtNote: 'Dated by the tweet before it.' },
    });
    expect(patched.body.publishedAtNote).toBe('Dated by the tweet before it.');
    const [entry] = await auditOf('source', created.body.id);
    expect(entry?.changes).toEqual({
      publishedAtNote: { before: EMBED, after: 'Dated by the tweet before it.' },
    });
  });

  it('when a note is empty or too long, then the request is refused (400)', async () => {
    for (const [path, body] of [
      [`/claims/${HOME_BASE}`, { statedAtNote: ' ' }],
      ['/sources/article', { publishedAtNote: 'x'.repeat(2001) }],
    ] as const) {
      expect((await send(ctx.app, 'PATCH', path, { key: keys.editor, body })).status).toBe(400);
    }
  });

  it('when exported, imported into an empty database and exported again, then the output is the same', async () => {
    const before = await exportOf();
    expect(before).toContain(`"statedAtNote":${JSON.stringify(BYLINE)}`);
    expect(before).toContain('"publishedAtNote":"Dated by the tweet before it."');
    const moved = await importedIntoEmpty(before);
    expect(moved.status).toBe(200);
    expect(moved.exportedAgain).toBe(before);
  });
});
