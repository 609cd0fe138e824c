import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

type Page = { items: unknown[]; nextCursor: string | null };

const HOME_BASE = 'pompeo-iran-al-qaeda-new-home-base';

let ctx: TestContext;
let admin: string;
beforeAll(async () => {
  ctx = await makeApp();
  const keys = await makeKeys(ctx.store);
  admin = keys.admin;
  // A history of several entries: the seed gives each claim one.
  for (const [status, statusNote] of [
    ['disputed', 'Tehran and independent analysts deny it.'],
    ['unsubstantiated', 'No evidence was offered for the claim.'],
  ]) {
    const claim = await send<{ version: number }>(ctx.app, 'GET', `/claims/${HOME_BASE}`);
    const patched = await send(ctx.app, 'PATCH', `/claims/${HOME_BASE}`, {
      key: admin,
      headers: { 'if-match': `"${claim.body.version}"` },
      body: { status, statusNote },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  }
  // More keys than one page holds, created in a known order.
  for (const name of ['desk-a', 'desk-b', 'desk-c']) {
    await send(ctx.app, 'POST', '/keys', { key: admin, body: { name, role: 'editor' } });
  }
});
afterAll(() => ctx.close());

async function pageOf(url: string): Promise<Page> {
  const response = await send<Page>(ctx.app, 'GET', url, { key: admin });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** Every item of a list, following its cursors `limit` at a time. */
async function walk(path: string, limit: number): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const separator = path.includes('?') ? '&' : '?';
    const url = `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await pageOf(url);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error(`${path} never ended`);
}

const LISTS = [`/claims/${HOME_BASE}/evidence`, `/claims/${HOME_BASE}/history`, '/tags', '/keys'];

describe('lists that page like every other list', () => {
  it.each(LISTS)(
    '%s: a page of one at a time visits every item once, in the order of one big page',
    async (path) => {
      const whole = await pageOf(`${path}?limit=100`);
      expect(whole.nextCursor).toBeNull();
      expect(whole.items.length).toBeGreaterThan(1);
      const first = await pageOf(`${path}?limit=1`);
      expect(first.items).toEqual(whole.items.slice(0, 1));
      expect(first.nextCursor).toEqual(expect.any(String));
      expect(await walk(path, 1)).toEqual(whole.items);
      expect(await walk(path, 2)).toEqual(whole.items);
    },
  );

  it.each(LISTS)('%s: refuses a parameter it does not know, naming it', async (path) => {
    const response = await send<{ errors?: { path: string }[] }>(ctx.app, 'GET', `${path}?foo=1`, {
      key: admin,
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('foo');
  });

  it.each(LISTS)('%s: refuses a cursor made by another list', async (path) => {
    const other = path === '/tags' ? '/keys' : '/tags';
    const cursor = (await pageOf(`${other}?limit=1`)).nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const response = await send(ctx.app, 'GET', `${path}?cursor=${cursor}`, { key: admin });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('query.cursor');
  });

  it('keeps the default page at 20 and the largest at 100', async () => {
    expect((await send(ctx.app, 'GET', '/tags?limit=101', { key: admin })).status).toBe(400);
    const tags = await pageOf('/tags');
    expect(tags.items.length).toBeLessThanOrEqual(20);
  });
});

describe('a cursor belongs to the list that made it', () => {
  it('is refused with other filters, and followed with the same ones (in any order and form)', async () => {
    const first = await pageOf('/claims?status=refuted,disputed&limit=1');
    expect(first.nextCursor).toEqual(expect.any(String));
    const cursor = encodeURIComponent(String(first.nextCursor));
    const same = await send(
      ctx.app,
      'GET',
      `/claims?status=disputed&status=refuted&limit=1&cursor=${cursor}`,
    );
    expect(same.status).toBe(200);
    for (const other of [
      'status=refuted',
      'status=refuted,disputed&tag=iran',
      'status=refuted,disputed&sort=statedAt',
    ]) {
      const response = await send(ctx.app, 'GET', `/claims?${other}&limit=1&cursor=${cursor}`);
      expect(response.status, other).toBe(400);
      expect(JSON.stringify(response.body)).toContain('query.cursor');
    }
  });

  it('is refused on the same list under another actor', async () => {
    const first = await pageOf('/actors/mike-pompeo/claims?limit=1');
    const cursor = encodeURIComponent(String(first.nextCursor));
    expect(
      (await send(ctx.app, 'GET', `/actors/mike-pompeo/claims?limit=1&cursor=${cursor}`)).status,
    ).toBe(200);
    const other = await send(
      ctx.app,
      'GET',
      `/actors/mohammad-javad-zarif/claims?limit=1&cursor=${cursor}`,
    );
    expect(other.status).toBe(400);
  });
});
