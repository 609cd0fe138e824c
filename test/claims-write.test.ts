import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim, StatusChangeEntry } from '../src/modules/claims/claims.schemas.js';
import type { Evidence } from '../src/modules/evidence/evidence.schemas.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

type Problem = {
  status: number;
  type: string;
  detail: string;
  errors?: { path: string; message: string }[];
};

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
  // A source with repeated words, to anchor quotes in.
  await send(ctx.app, 'POST', '/sources', {
    key,
    body: {
      kind: 'speech',
      slug: 'echo',
      text: 'We will win. We will win again. 🙂 Then we rest.',
    },
  });
});
afterAll(() => ctx.close());

const count = (sql: string) => ctx.peek.value<number>(sql);
const newClaim = (extra: Record<string, unknown> = {}) => ({
  text: 'We will win.',
  claimantId: 'mike-pompeo',
  statedAt: '2021-01-12',
  ...extra,
});

describe('POST /claims: quotes anchored by the server', () => {
  it('finds a unique quote, disambiguates by offsets or by prefix/suffix, counting code points', async () => {
    const { status, body, headers } = await send<Claim>(ctx.app, 'POST', '/claims', {
      key,
      body: newClaim({
        tags: ['Test', 'test', 'speech'],
        quotes: [
          { sourceId: 'echo', exact: 'Then we rest' },
          { sourceId: 'echo', exact: 'We will win', start: 13, end: 24 },
          { sourceId: 'echo', exact: 'We will win', suffix: '.' },
          { sourceId: 'echo', exact: 'will', prefix: 'We ', suffix: ' win again' },
        ],
      }),
    });
    expect(status).toBe(201);
    expect(headers.location).toBe(`/claims/${body.id}`);
    expect(body).toMatchObject({
      slug: 'we-will-win',
      status: 'unverified',
      version: 1,
      tags: ['speech', 'test'],
    });
    expect(body.quotes.map((q) => [q.exact, q.start, q.end])).toEqual([
      ['Then we rest', 34, 46],
      ['We will win', 13, 24],
      ['We will win', 0, 11],
      ['will', 16, 20],
    ]);
    const history = await send<{ items: { changedBy: string }[] }>(
      ctx.app,
      'GET',
      `/claims/${body.id}/history`,
    );
    expect(history.body.items).toEqual([
      expect.objectContaining({ status: 'unverified', changedBy: 'ed' }),
    ]);
  });

  it.each([
    [{ sourceId: 'echo', exact: 'We lose' }, 'is not in the source text'],
    [{ sourceId: 'echo', exact: 'We will win' }, 'occurs 2 times'],
    [{ sourceId: 'echo', exact: 'We will win', start: 1, end: 12 }, 'does not match its offsets'],
    [{ sourceId: 'echo', exact: 'We will', prefix: 'Nope' }, 'with that prefix/suffix'],
    [{ sourceId: 'nowhere', exact: 'x' }, "no source has the id or slug 'nowhere'"],
    [{ sourceId: 'pompeo-national-press-club-remarks', exact: 'x' }, 'has no text'],
  ])('refuses a quote it cannot anchor (422 naming the quote): %o', async (quote, message) => {
    const before = await count('SELECT count(*) AS n FROM claims');
    const { status, body } = await send<Problem>(ctx.app, 'POST', '/claims', {
      key,
      body: newClaim({ quotes: [{ sourceId: 'echo', exact: 'Then we rest' }, quote] }),
    });
    expect(status).toBe(422);
    expect(body.errors).toEqual([
      { path: 'body.quotes.1', message: expect.stringContaining(message) },
    ]);
    expect(await count('SELECT count(*) AS n FROM claims')).toBe(before);
  });

  it('refuses an unknown claimant (422) and a taken slug (409)', async () => {
    const unknown = await send<Problem>(ctx.app, 'POST', '/claims', {
      key,
      body: newClaim({ claimantId: 'nobody' }),
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors?.[0]?.path).toBe('body.claimantId');
    const taken = await send<Problem>(ctx.app, 'POST', '/claims', {
      key,
      body: newClaim({ slug: 'pompeo-iran-al-qaeda-new-home-base' }),
    });
    expect(taken.status).toBe(409);
  });
});

describe('verdicts', () => {
  it('records a status with its note, who and when; supported needs supporting evidence (422)', async () => {
    const claim = (
      await send<Claim>(ctx.app, 'POST', '/claims', {
        key,
        body: newClaim({ text: 'Verdict test claim' }),
      })
    ).body;
    const unbacked = await send<Problem>(ctx.app, 'POST', `/claims/${claim.id}/status`, {
      key,
      body: { status: 'supported', note: 'Looks right' },
    });
    expect(unbacked.status).toBe(422);
    expect(unbacked.body.errors?.[0]).toEqual({
      path: 'body.status',
      message: "status 'supported' needs at least one evidence item with stance 'supports'",
    });
    const noNote = await send<Problem>(ctx.app, 'POST', `/claims/${claim.id}/status`, {
      key,
      body: { status: 'disputed' },
    });
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors?.[0]?.path).toBe('body.note');

    const evidence = await send<Evidence>(ctx.app, 'POST', `/claims/${claim.id}/evidence`, {
      key,
      body: {
        stance: 'supports',
        summary: 'The speech says so',
        sourceId: 'echo',
        quote: { exact: 'Then we rest' },
      },
    });
    expect(evidence.status).toBe(201);
    expect(evidence.body.quote).toEqual({ exact: 'Then we rest', start: 34, end: 46 });
    const backed = await send<Claim>(ctx.app, 'POST', `/claims/${claim.id}/status`, {
      key,
      body: { status: 'supported', note: 'The speech itself supports it.' },
    });
    expect(backed.status).toBe(200);
    expect(backed.body).toMatchObject({
      status: 'supported',
      statusNote: 'The speech itself supports it.',
      evidenceCount: 1,
    });

    // The evidence a verdict rests on cannot be taken away or turned around.
    const turn = await send<Problem>(ctx.app, 'PATCH', `/evidence/${evidence.body.id}`, {
      key,
      body: { stance: 'refutes' },
    });
    expect(turn.status).toBe(409);
    expect(turn.body.detail).toContain("needs at least one evidence item with stance 'supports'");
    expect((await send(ctx.app, 'DELETE', `/evidence/${evidence.body.id}`, { key })).status).toBe(
      409,
    );
    const summary = await send<Evidence>(ctx.app, 'PATCH', `/evidence/${evidence.body.slug}`, {
      key,
      body: { summary: 'The speech says so, verbatim' },
    });
    expect(summary.body).toMatchObject({ summary: 'The speech says so, verbatim', version: 2 });

    // A status changed by PATCH is recorded the same way, and needs a note.
    const patchNoNote = await send<Problem>(ctx.app, 'PATCH', `/claims/${claim.id}`, {
      key,
      body: { status: 'disputed' },
    });
    expect(patchNoNote.status).toBe(422);
    expect(patchNoNote.body.type).toBe('urn:factcheck:problem:status-needs-note');
    expect(patchNoNote.body.errors?.[0]?.path).toBe('body.statusNote');
    const patched = await send<Claim>(ctx.app, 'PATCH', `/claims/${claim.id}`, {
      key,
      body: { status: 'disputed', statusNote: 'A reader found a counter-example.' },
    });
    expect(patched.body.status).toBe('disputed');
    expect((await send(ctx.app, 'DELETE', `/evidence/${evidence.body.id}`, { key })).status).toBe(
      204,
    );

    const history = await send<{
      items: {
        status: string;
        previousStatus: string | null;
        note: string | null;
        changedBy: string;
      }[];
    }>(ctx.app, 'GET', `/claims/${claim.id}/history`);
    expect(
      history.body.items.map((h) => [h.previousStatus, h.status, h.note, h.changedBy]),
    ).toEqual([
      [null, 'unverified', null, 'ed'],
      ['unverified', 'supported', 'The speech itself supports it.', 'ed'],
      ['supported', 'disputed', 'A reader found a counter-example.', 'ed'],
    ]);

    // Every correction is public, newest first.
    const changes = await send<{ items: StatusChangeEntry[] }>(
      ctx.app,
      'GET',
      '/status-changes?limit=2',
    );
    expect(changes.body.items.map((c) => [c.claim.slug, c.status])).toEqual([
      [claim.slug, 'disputed'],
      [claim.slug, 'supported'],
    ]);
    const future = '2999-01-01T00:00:00Z';
    const since = await send<{ items: StatusChangeEntry[] }>(
      ctx.app,
      'GET',
      `/status-changes?since=${future}`,
    );
    expect(since.body.items).toEqual([]);
  });

  it('refuted needs refuting evidence; unsubstantiated needs none', async () => {
    const claim = (
      await send<Claim>(ctx.app, 'POST', '/claims', {
        key,
        body: newClaim({ text: 'Burden of proof' }),
      })
    ).body;
    expect(
      (
        await send(ctx.app, 'POST', `/claims/${claim.id}/status`, {
          key,
          body: { status: 'refuted', note: 'No' },
        })
      ).status,
    ).toBe(422);
    const unsub = await send<Claim>(ctx.app, 'POST', `/claims/${claim.id}/status`, {
      key,
      body: { status: 'unsubstantiated', note: 'No evidence was offered.' },
    });
    expect(unsub.status).toBe(200);
  });
});

describe('rebuttals', () => {
  it('links an existing claim as a rebuttal (201 with the rebutting claim); both versions move on', async () => {
    const target = await send<Claim>(ctx.app, 'GET', '/claims/collins-capitol-mob-was-iranians');
    const rebutter = await send<Claim>(
      ctx.app,
      'GET',
      '/claims/khatibzadeh-pompeo-fabricating-false-evidence',
    );
    const { status, body } = await send<Claim>(
      ctx.app,
      'POST',
      '/claims/collins-capitol-mob-was-iranians/rebuttals',
      {
        key,
        body: { claimId: rebutter.body.id },
      },
    );
    expect(status).toBe(201);
    expect(body.slug).toBe('khatibzadeh-pompeo-fabricating-false-evidence');
    expect(body.rebuts.map((c) => c.slug)).toContain('collins-capitol-mob-was-iranians');
    expect(body.version).toBe(rebutter.body.version + 1);
    const after = await send<Claim>(ctx.app, 'GET', '/claims/collins-capitol-mob-was-iranians');
    expect(after.body.version).toBe(target.body.version + 1);
    expect(after.body.rebuttedBy.map((c) => c.id)).toContain(rebutter.body.id);

    const again = await send<Problem>(
      ctx.app,
      'POST',
      '/claims/collins-capitol-mob-was-iranians/rebuttals',
      {
        key,
        body: { claimId: rebutter.body.slug },
      },
    );
    expect(again.status).toBe(422);
    expect(again.body.type).toBe('urn:factcheck:problem:duplicate-link');
    const self = await send<Problem>(
      ctx.app,
      'POST',
      '/claims/collins-capitol-mob-was-iranians/rebuttals',
      {
        key,
        body: { claimId: 'collins-capitol-mob-was-iranians' },
      },
    );
    expect(self.status).toBe(422);

    const removed = await ctx.app.inject({
      method: 'DELETE',
      url: `/claims/collins-capitol-mob-was-iranians/rebuttals/${rebutter.body.slug}`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(removed.statusCode, removed.body).toBe(204);
    const gone = await send(
      ctx.app,
      'DELETE',
      `/claims/collins-capitol-mob-was-iranians/rebuttals/${rebutter.body.slug}`,
      { key },
    );
    expect(gone.status).toBe(404);
  });

  it('creates a new claim and its rebuttal link in one transaction', async () => {
    const before = await count('SELECT count(*) AS n FROM claims');
    const { status, body } = await send<Claim>(
      ctx.app,
      'POST',
      '/claims/pompeo-masri-killed-in-tehran/rebuttals',
      {
        key,
        body: {
          text: 'Tehran denies that al-Masri was in Iran.',
          claimantId: 'iran-government',
          statedAt: '2021-01',
          quotes: [{ sourceId: 'article', exact: 'no al-Qaeda “terrorists” on its soil' }],
        },
      },
    );
    expect(status).toBe(201);
    expect(body).toMatchObject({
      claimant: { slug: 'iran-government' },
      rebuts: [expect.objectContaining({ slug: 'pompeo-masri-killed-in-tehran' })],
    });
    expect(await count('SELECT count(*) AS n FROM claims')).toBe(before + 1);

    // A new claim whose quote fails leaves neither the claim nor a link behind.
    const failed = await send<Problem>(
      ctx.app,
      'POST',
      '/claims/pompeo-masri-killed-in-tehran/rebuttals',
      {
        key,
        body: {
          text: 'Broken',
          claimantId: 'iran-government',
          statedAt: '2021',
          quotes: [{ sourceId: 'article', exact: 'not there' }],
        },
      },
    );
    expect(failed.status).toBe(422);
    expect(await count('SELECT count(*) AS n FROM claims')).toBe(before + 1);
  });

  it('supports work the same way', async () => {
    const { status } = await send<Claim>(
      ctx.app,
      'POST',
      '/claims/parsi-pompeo-comments-very-unconvincing/supports',
      {
        key,
        body: { claimId: 'khatibzadeh-pompeo-fabricating-false-evidence' },
      },
    );
    expect(status).toBe(201);
    const target = await send<Claim>(
      ctx.app,
      'GET',
      '/claims/parsi-pompeo-comments-very-unconvincing',
    );
    expect(target.body.supportedBy.map((c) => c.slug)).toContain(
      'khatibzadeh-pompeo-fabricating-false-evidence',
    );
  });
});

describe('ETags of representations that embed other records', () => {
  it('change when a linked claim’s status or the claimant’s name changes, so a 304 is never stale', async () => {
    const url = '/claims/pompeo-iran-al-qaeda-new-home-base';
    const first = await send(ctx.app, 'GET', url);
    await send(ctx.app, 'POST', '/claims/parsi-pompeo-comments-very-unconvincing/status', {
      key,
      body: { status: 'unverified', note: 'Re-opened for review.' },
    });
    const second = await send(ctx.app, 'GET', url, {
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(second.status).toBe(200);
    await send(ctx.app, 'PATCH', '/actors/mike-pompeo', {
      key,
      body: { name: 'Michael R. Pompeo' },
    });
    const third = await send(ctx.app, 'GET', url, {
      headers: { 'if-none-match': String(second.headers.etag) },
    });
    expect(third.status).toBe(200);
    expect(third.headers.etag).not.toBe(second.headers.etag);
    // The claim's own version did not move: If-Match on it still takes the version.
    expect(String(third.headers.etag)).toMatch(/^"1-/);
  });
});

describe('DELETE /claims/{id}', () => {
  it('removes the claim with its quotes, links, tags, evidence and history in one go; audit rows stay', async () => {
    const claim = await send<Claim>(ctx.app, 'GET', '/claims/collins-capitol-mob-was-iranians');
    const id = claim.body.id;
    const stale = await send(ctx.app, 'DELETE', `/claims/${id}`, {
      key,
      headers: { 'if-match': '"0"' },
    });
    expect(stale.status).toBe(412);
    expect((await send(ctx.app, 'DELETE', `/claims/${id}`, { key })).status).toBe(204);
    for (const sql of [
      `SELECT count(*) AS n FROM quotes WHERE claim_id = '${id}'`,
      `SELECT count(*) AS n FROM evidence WHERE claim_id = '${id}'`,
      `SELECT count(*) AS n FROM claim_tags WHERE claim_id = '${id}'`,
      `SELECT count(*) AS n FROM claim_links WHERE from_claim_id = '${id}' OR to_claim_id = '${id}'`,
      `SELECT count(*) AS n FROM status_history WHERE claim_id = '${id}'`,
    ]) {
      expect(await count(sql), sql).toBe(0);
    }
    expect(
      await count(
        `SELECT count(*) AS n FROM audit_log WHERE entity_id = '${id}' AND action = 'delete'`,
      ),
    ).toBe(1);
    expect((await send(ctx.app, 'GET', `/claims/${id}`)).status).toBe(404);
    const search = await send<{ items: { id: string }[] }>(
      ctx.app,
      'GET',
      '/claims?q=capitol%20mob&limit=100',
    );
    expect(search.body.items.map((item) => item.id)).not.toContain(id);
  });
});

describe('DELETE /claims/{id} and the claims linked to it', () => {
  it('moves the linked claims on to a new version and keeps links and evidence in the audit row', async () => {
    const target = await send<Claim>(ctx.app, 'GET', '/claims/pompeo-iran-al-qaeda-new-home-base');
    const gone = await send<Claim>(
      ctx.app,
      'GET',
      '/claims/iran-no-al-qaeda-terrorists-on-its-soil',
    );
    expect((await send(ctx.app, 'DELETE', `/claims/${gone.body.id}`, { key })).status).toBe(204);
    const after = await send<Claim>(ctx.app, 'GET', '/claims/pompeo-iran-al-qaeda-new-home-base');
    expect(after.body.version).toBe(target.body.version + 1);
    expect(after.body.rebuttedBy.map((c) => c.id)).not.toContain(gone.body.id);
    // JSON comes back as its text on both engines.
    const stored = await ctx.peek.value<string>(
      "SELECT changes FROM audit_log WHERE entity_id = ? AND action = 'delete'",
      gone.body.id,
    );
    const changes = JSON.parse(stored) as Record<string, { before: unknown }>;
    expect(changes.links?.before).toMatchObject({
      rebuts: expect.arrayContaining([target.body.id]),
    });
    expect(changes.quotes?.before).toEqual(expect.any(Array));
  });
});
