import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/modules/audit/audit.schemas.js';
import type { Claim, LinkedClaimListItem } from '../src/modules/claims/claims.schemas.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { importedIntoEmpty } from './helpers/round-trip.js';

let ctx: TestContext;
let keys: { editor: string; admin: string };
beforeAll(async () => {
  ctx = await makeApp();
  keys = await makeKeys(ctx.store);
});
afterAll(() => ctx.close());

const DENIAL = 'iran-no-al-qaeda-terrorists-on-its-soil';
const PROTECTION = 'pompeo-al-qaeda-under-iranian-regime-protection';
/** A claim of Pompeo's that no reply in the seeded record rebuts. */
const AXIS = 'pompeo-iran-al-qaeda-axis-grave-threat';
const NOTE =
  'If there are no al-Qaeda “terrorists” on Iranian soil, there is no Iran–al-Qaeda axis to pose a threat.';

const rebuttals = (slug: string) =>
  send<{ items: LinkedClaimListItem[] }>(ctx.app, 'GET', `/claims/${slug}/rebuttals`);

describe('a link’s note', () => {
  it('when a link is posted with a note, then both claims and the paged list show it', async () => {
    const posted = await send<Claim>(ctx.app, 'POST', `/claims/${AXIS}/rebuttals`, {
      key: keys.editor,
      body: { claimId: DENIAL, note: `  ${NOTE} ` },
    });
    expect(posted.status).toBe(201);
    expect(posted.body.rebuts.find((c) => c.slug === AXIS)?.linkNote).toBe(NOTE);
    const target = await send<Claim>(ctx.app, 'GET', `/claims/${AXIS}`);
    expect(target.body.rebuttedBy.find((c) => c.slug === DENIAL)?.linkNote).toBe(NOTE);
    const listed = await rebuttals(AXIS);
    expect(listed.body.items.map((c) => [c.slug, c.linkNote])).toEqual([[DENIAL, NOTE]]);
  });

  it('when a link has no note, then it shows null', async () => {
    const target = 'pompeo-bin-laden-creation-poised-to-gain-strength';
    const posted = await send<Claim>(ctx.app, 'POST', `/claims/${target}/rebuttals`, {
      key: keys.editor,
      body: { claimId: 'parsi-pompeo-comments-very-unconvincing' },
    });
    expect(posted.status).toBe(201);
    const claim = await send<Claim>(ctx.app, 'GET', `/claims/${target}`);
    expect(claim.body.rebuttedBy.map((c) => c.linkNote)).toEqual([null]);
    const listed = await rebuttals(target);
    expect(listed.body.items.map((c) => c.linkNote)).toEqual([null]);
  });

  it('when a new claim is created as a support with a note, then the link carries it', async () => {
    const posted = await send<Claim>(ctx.app, 'POST', `/claims/${PROTECTION}/supports`, {
      key: keys.editor,
      body: {
        text: 'Al-Qaeda’s leaders live in Iran.',
        claimantId: 'mike-pompeo',
        statedAt: '2021-01-12',
        note: 'Leaders living in Iran is what the protection would be for.',
      },
    });
    expect(posted.status).toBe(201);
    expect(posted.body.supports[0]?.linkNote).toBe(
      'Leaders living in Iran is what the protection would be for.',
    );
  });

  it('when an existing link is posted again with another note, then its note is replaced (200), audited, both versions move on', async () => {
    const before = await send<Claim>(ctx.app, 'GET', `/claims/${AXIS}`);
    const edited = await send<Claim>(ctx.app, 'POST', `/claims/${AXIS}/rebuttals`, {
      key: keys.editor,
      body: { claimId: DENIAL, note: 'Tehran denies what the allegation assumes.' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.rebuts.find((c) => c.slug === AXIS)?.linkNote).toBe(
      'Tehran denies what the allegation assumes.',
    );
    const after = await send<Claim>(ctx.app, 'GET', `/claims/${AXIS}`);
    expect(after.body.version).toBe(before.body.version + 1);
    // The link keeps its place: still one rebuttal, the same one.
    expect(after.body.rebuttedBy.map((c) => c.slug)).toEqual([DENIAL]);

    const audit = await send<{ items: AuditEntry[] }>(
      ctx.app,
      'GET',
      `/audit?entityType=link&entityId=${edited.body.id}→${after.body.id}`,
      { key: keys.admin },
    );
    expect(audit.body.items.map((e) => e.action)).toEqual(['update', 'link']);
    expect(audit.body.items[0]?.changes).toEqual({
      note: { before: NOTE, after: 'Tehran denies what the allegation assumes.' },
    });
    expect(audit.body.items[1]?.changes.note).toEqual({ before: null, after: NOTE });

    const same = await send<Claim>(ctx.app, 'POST', `/claims/${AXIS}/rebuttals`, {
      key: keys.editor,
      body: { claimId: DENIAL, note: 'Tehran denies what the allegation assumes.' },
    });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(edited.body.version);

    const cleared = await send<Claim>(ctx.app, 'POST', `/claims/${AXIS}/rebuttals`, {
      key: keys.editor,
      body: { claimId: DENIAL, note: null },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.rebuts.find((c) => c.slug === AXIS)?.linkNote).toBeNull();
  });

  it('when a link is posted again without a note, or as the other kind, then it is a duplicate (422)', async () => {
    for (const [path, body] of [
      ['rebuttals', { claimId: DENIAL }],
      ['supports', { claimId: DENIAL, note: 'Another kind.' }],
    ] as const) {
      const again = await send<{ type: string }>(ctx.app, 'POST', `/claims/${PROTECTION}/${path}`, {
        key: keys.editor,
        body,
      });
      expect(again.status).toBe(422);
      expect(again.body.type).toBe('urn:factcheck:problem:duplicate-link');
    }
  });

  it('when a note is empty or longer than 2000 characters, then the request is refused (400)', async () => {
    for (const note of ['  ', 'x'.repeat(2001)]) {
      const refused = await send(ctx.app, 'POST', `/claims/${PROTECTION}/supports`, {
        key: keys.editor,
        body: { claimId: 'pompeo-iran-al-qaeda-partners-in-terrorism', note },
      });
      expect(refused.status).toBe(400);
    }
  });
});

describe('a link’s note in bundles', () => {
  const link = { from: DENIAL, kind: 'rebuts', to: PROTECTION } as const;
  const importLinks = (links: Record<string, unknown>[]) =>
    send<{ counts: Record<string, { created: number; updated: number; unchanged: number }> }>(
      ctx.app,
      'POST',
      '/import',
      { key: keys.editor, body: { format: 'factcheck-bundle', version: 1, links } },
    );
  const exportedLink = async () => {
    const response = await ctx.app.inject({ url: '/export' });
    const exported = JSON.parse(response.body) as { links: Record<string, unknown>[] };
    return exported.links.find((l) => l.from === DENIAL && l.to === PROTECTION);
  };

  it('when a link record brings a note, then it is stored, exported, and a record without one keeps it', async () => {
    const created = await importLinks([{ ...link, note: NOTE }]);
    expect(created.status).toBe(200);
    expect(await exportedLink()).toEqual({ ...link, note: NOTE });
    const kept = await importLinks([link]);
    expect(kept.body.counts.links?.unchanged).toBe(1);
    expect(await exportedLink()).toEqual({ ...link, note: NOTE });
    const changed = await importLinks([{ ...link, note: 'Reworded.' }]);
    expect(changed.body.counts.links?.updated).toBe(1);
    const removed = await importLinks([{ ...link, note: null }]);
    expect(removed.body.counts.links?.updated).toBe(1);
    expect(await exportedLink()).toEqual(link);
  });

  it('when existing=keep meets a stored link whose note differs, then the link is kept and its note listed', async () => {
    await importLinks([{ ...link, note: NOTE }]);
    const kept = await send<{
      counts: Record<string, { kept: number }>;
      differing: { type: string; key: string; fields: string[] }[];
    }>(ctx.app, 'POST', '/import?existing=keep', {
      key: keys.editor,
      body: { format: 'factcheck-bundle', version: 1, links: [{ ...link, note: 'Other.' }] },
    });
    expect(kept.body.counts.links?.kept).toBe(1);
    expect(kept.body.differing).toEqual([
      { type: 'link', key: `${DENIAL}→${PROTECTION}`, fields: ['note'] },
    ]);
    expect(await exportedLink()).toEqual({ ...link, note: NOTE });
  });

  it('when a record with a note is exported, imported into an empty database and exported again, then the output is the same', async () => {
    await importLinks([{ ...link, note: NOTE }]);
    const before = (await ctx.app.inject({ url: '/export' })).body;
    const moved = await importedIntoEmpty(before);
    expect(moved.status).toBe(200);
    expect(moved.exportedAgain).toBe(before);
  });
});
