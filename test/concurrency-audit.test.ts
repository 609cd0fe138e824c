import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/modules/audit/audit.schemas.js';
import type { Claim } from '../src/modules/claims/claims.schemas.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

type Problem = { status: number; detail: string; currentVersion?: number };

let ctx: TestContext;
let keys: { editor: string; admin: string };
beforeAll(async () => {
  ctx = await makeApp();
  keys = await makeKeys(ctx.store);
});
afterAll(() => ctx.close());

const count = (sql: string) => ctx.peek.value<number>(sql);

describe('optimistic concurrency', () => {
  it('when two updates of one claim carry the same If-Match, then exactly one wins and the other gets 412', async () => {
    const claim = await send<Claim>(ctx.app, 'GET', '/claims/zarif-pompeo-warmongering-lies');
    const etag = String(claim.headers.etag);
    const [a, b] = await Promise.all(
      ['First editor’s wording.', 'Second editor’s wording.'].map((statusNote) =>
        send<Claim | Problem>(ctx.app, 'PATCH', '/claims/zarif-pompeo-warmongering-lies', {
          key: keys.editor,
          body: { statusNote },
          headers: { 'if-match': etag },
        }),
      ),
    );
    expect([a?.status, b?.status].sort()).toEqual([200, 412]);
    const loser = [a, b].find((r) => r?.status === 412);
    expect((loser?.body as Problem | undefined)?.currentVersion).toBe(claim.body.version + 1);
    const after = await send<Claim>(ctx.app, 'GET', '/claims/zarif-pompeo-warmongering-lies');
    expect(after.body.version).toBe(claim.body.version + 1);
  });
});

describe('Idempotency-Key on POST', () => {
  const body = { kind: 'organization', name: 'Idempotent Institute' };

  it('when a POST is retried with the same key and body, then the first response comes back and no second row is made', async () => {
    const headers = { 'idempotency-key': 'create-institute-1' };
    const first = await send<{ id: string }>(ctx.app, 'POST', '/actors', {
      key: keys.editor,
      body,
      headers,
    });
    const retry = await send<{ id: string }>(ctx.app, 'POST', '/actors', {
      key: keys.editor,
      body,
      headers,
    });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(
      await count("SELECT count(*) AS n FROM actors WHERE name = 'Idempotent Institute'"),
    ).toBe(1);
    // The same body in another key order is the same request.
    const reordered = await send(ctx.app, 'POST', '/actors', {
      key: keys.editor,
      body: { name: body.name, kind: body.kind },
      headers,
    });
    expect(reordered.status).toBe(201);
  });

  it('when the same key comes with a different body, then 422', async () => {
    const headers = { 'idempotency-key': 'create-institute-1' };
    const other = await send<Problem>(ctx.app, 'POST', '/actors', {
      key: keys.editor,
      body: { kind: 'organization', name: 'Something Else' },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.detail).toContain('different request');
  });

  it('replays a failed request’s answer too (a 4xx is a final answer), and scopes keys to the API key', async () => {
    const headers = { 'idempotency-key': 'bad-claim' };
    const bad = { text: 'x', claimantId: 'nobody', statedAt: '2021' };
    const first = await send(ctx.app, 'POST', '/claims', { key: keys.editor, body: bad, headers });
    const again = await send(ctx.app, 'POST', '/claims', { key: keys.editor, body: bad, headers });
    expect([first.status, again.status]).toEqual([422, 422]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const otherKey = await send(ctx.app, 'POST', '/claims', {
      key: keys.admin,
      body: bad,
      headers,
    });
    expect(otherKey.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('audit trail', () => {
  it('appends a row per write, with the key name and each changed field before → after', async () => {
    const before = await count('SELECT count(*) AS n FROM audit_log');
    const created = await send<Claim>(ctx.app, 'POST', '/claims', {
      key: keys.editor,
      body: {
        text: 'Audited claim',
        claimantId: 'susan-collins',
        statedAt: '2021-01-11',
        tags: ['audit'],
      },
    });
    await send(ctx.app, 'PATCH', `/claims/${created.body.id}`, {
      key: keys.editor,
      body: { text: 'Audited claim, edited' },
    });
    await send(ctx.app, 'POST', `/claims/${created.body.id}/status`, {
      key: keys.editor,
      body: { status: 'not_checkable', note: 'Opinion.' },
    });
    await send(ctx.app, 'POST', `/claims/${created.body.id}/rebuttals`, {
      key: keys.editor,
      body: { claimId: 'parsi-pompeo-comments-very-unconvincing' },
    });
    await send(ctx.app, 'POST', `/claims/${created.body.id}/evidence`, {
      key: keys.editor,
      body: { stance: 'context', summary: 'Background', url: 'https://example.org/background' },
    });
    await send(ctx.app, 'DELETE', `/claims/${created.body.id}`, { key: keys.editor });
    expect(await count('SELECT count(*) AS n FROM audit_log')).toBe(before + 6);

    const { status, body } = await send<{ items: AuditEntry[] }>(
      ctx.app,
      'GET',
      `/audit?entityType=claim&entityId=${created.body.id}`,
      { key: keys.admin },
    );
    expect(status).toBe(200);
    expect(body.items.map((e) => e.action)).toEqual(['delete', 'status', 'update', 'create']);
    expect(body.items.every((e) => e.keyName === 'ed')).toBe(true);
    expect(body.items[2]?.changes).toEqual({
      text: { before: 'Audited claim', after: 'Audited claim, edited' },
    });
    expect(body.items[1]?.changes).toEqual({
      status: { before: 'unverified', after: 'not_checkable' },
      statusNote: { before: null, after: 'Opinion.' },
    });
    expect(body.items[3]?.changes.tags).toEqual({ before: null, after: ['audit'] });

    const links = await send<{ items: AuditEntry[] }>(
      ctx.app,
      'GET',
      '/audit?entityType=link&limit=1',
      { key: keys.admin },
    );
    expect(links.body.items[0]).toMatchObject({
      action: 'link',
      entityId: expect.stringContaining('→'),
    });
    const evidence = await send<{ items: AuditEntry[] }>(
      ctx.app,
      'GET',
      '/audit?entityType=evidence',
      { key: keys.admin },
    );
    expect(evidence.body.items[0]?.action).toBe('create');
  });

  it('pages with a cursor and filters by time', async () => {
    const first = await send<{ items: AuditEntry[]; nextCursor: string }>(
      ctx.app,
      'GET',
      '/audit?limit=2',
      {
        key: keys.admin,
      },
    );
    expect(first.body.items).toHaveLength(2);
    const next = await send<{ items: AuditEntry[] }>(
      ctx.app,
      'GET',
      `/audit?limit=2&cursor=${first.body.nextCursor}`,
      {
        key: keys.admin,
      },
    );
    expect(next.body.items[0]?.id).toBeLessThan(first.body.items[1]?.id ?? 0);
    const future = await send<{ items: AuditEntry[] }>(
      ctx.app,
      'GET',
      '/audit?since=2999-01-01T00:00:00%2B02:00',
      {
        key: keys.admin,
      },
    );
    expect(future.body.items).toEqual([]);
  });

  it('walks every entry once, newest first, and with since exactly those written since', async () => {
    const walk = async (query: string) => {
      const entries: AuditEntry[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: AuditEntry[]; nextCursor: string | null } } =
          await send(ctx.app, 'GET', `/audit?${query}${cursor ? `&cursor=${cursor}` : ''}`, {
            key: keys.admin,
          });
        expect(page.status).toBe(200);
        entries.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      return entries;
    };
    const all = await walk('limit=7');
    expect(all.length).toBeGreaterThan(20);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    for (const [i, entry] of all.entries()) {
      const previous = all[i - 1];
      if (!previous) continue;
      const newer = previous.at > entry.at || (previous.at === entry.at && previous.id > entry.id);
      expect(newer, `${previous.at} #${previous.id} before ${entry.at} #${entry.id}`).toBe(true);
    }
    expect((await walk('limit=100')).map((e) => e.id)).toEqual(all.map((e) => e.id));
    const middle = all[Math.floor(all.length / 2)];
    if (!middle) throw new Error('no entries');
    const since = await walk(`limit=3&since=${encodeURIComponent(middle.at)}`);
    expect(since.map((e) => e.id)).toEqual(all.filter((e) => e.at >= middle.at).map((e) => e.id));
  });
});

describe('If-Match, as RFC 9110 reads it', () => {
  it('takes any strong tag of a list, refuses a weak one, and guards link removal too', async () => {
    const claim = await send<Claim>(ctx.app, 'GET', '/claims/parsi-why-wait-until-last-eight-days');
    const current = `"${claim.body.version}"`;
    const weak = await send(ctx.app, 'PATCH', '/claims/parsi-why-wait-until-last-eight-days', {
      key: keys.editor,
      body: { tags: ['timing'] },
      headers: { 'if-match': `W/${current}` },
    });
    expect(weak.status).toBe(412);
    const listed = await send<Claim>(
      ctx.app,
      'PATCH',
      '/claims/parsi-why-wait-until-last-eight-days',
      {
        key: keys.editor,
        body: { tags: ['timing'] },
        headers: { 'if-match': `"999", ${String(claim.headers.etag)}` },
      },
    );
    expect(listed.status).toBe(200);
    const unlink = await send<Problem>(
      ctx.app,
      'DELETE',
      '/claims/pompeo-iran-al-qaeda-new-home-base/rebuttals/parsi-why-wait-until-last-eight-days',
      { key: keys.editor, headers: { 'if-match': '"0"' } },
    );
    expect(unlink.status).toBe(412);
    expect(unlink.body.currentVersion).toBeGreaterThan(0);
  });
});

describe('verdict notes', () => {
  it('records a reworded note in the history and the public corrections, which leave out automatic entries', async () => {
    await send(ctx.app, 'PATCH', '/claims/parsi-pompeo-comments-very-unconvincing', {
      key: keys.editor,
      body: { statusNote: 'An expert’s opinion.' },
    });
    const history = await send<{ items: { status: string; note: string }[] }>(
      ctx.app,
      'GET',
      '/claims/parsi-pompeo-comments-very-unconvincing/history',
    );
    expect(history.body.items.at(-1)).toMatchObject({
      status: 'not_checkable',
      note: 'An expert’s opinion.',
    });
    const changes = await send<{
      items: { claim: { slug: string }; status: string; previousStatus: string | null }[];
    }>(ctx.app, 'GET', '/status-changes?limit=100');
    expect(changes.body.items[0]?.claim.slug).toBe('parsi-pompeo-comments-very-unconvincing');
    expect(
      changes.body.items.some((c) => c.previousStatus === null && c.status === 'unverified'),
    ).toBe(false);
  });
});
