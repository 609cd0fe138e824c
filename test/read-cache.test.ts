import { afterEach, describe, expect, it } from 'vitest';
import { get, makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

/** Answers to reads are kept in memory until the next write, and never outlive one. */
let ctx: TestContext;
afterEach(() => ctx.close());

type Claim = { id: string; text: string; version: number };
type Page = { items: Claim[] };

/** An app whose store counts the statements it runs while `counting` is on. */
async function countingApp(options: Parameters<typeof makeApp>[0] = {}) {
  const statements: string[] = [];
  let counting = false;
  ctx = await makeApp({
    ...options,
    storeOptions: { onStatement: (sql) => counting && statements.push(sql) },
  });
  return async (url: string, headers: Record<string, string> = {}) => {
    statements.length = 0;
    counting = true;
    const response = await ctx.app.inject({ url, headers });
    counting = false;
    return { response, statements: statements.length };
  };
}

async function firstClaim(): Promise<Claim> {
  const page = await get<Page>(ctx.app, '/claims?limit=1');
  const claim = page.body.items[0];
  if (!claim) throw new Error('the seed has no claim');
  return claim;
}

describe('kept answers to reads', () => {
  it('when a claim is read twice, then the second answer is the same bytes and ETag with no query run', async () => {
    const read = await countingApp();
    const { id } = await firstClaim();
    const first = await read(`/claims/${id}`);
    const second = await read(`/claims/${id}`);
    expect(first.statements).toBeGreaterThan(0);
    expect(second.statements).toBe(0);
    expect(second.response.statusCode).toBe(200);
    expect(second.response.body).toBe(first.response.body);
    expect(second.response.headers.etag).toBe(first.response.headers.etag);
    expect(second.response.headers['content-type']).toBe(first.response.headers['content-type']);
    // The headers every response carries are there on a kept answer too.
    expect(second.response.headers['content-security-policy']).toBe(
      first.response.headers['content-security-policy'],
    );
    const etag = String(first.response.headers.etag);
    const notModified = await read(`/claims/${id}`, { 'if-none-match': etag });
    expect(notModified.response.statusCode).toBe(304);
    expect(notModified.response.body).toBe('');
    expect(notModified.statements).toBe(0);
  });

  it('when a client sends Cache-Control: no-cache, then the answer is read anew, and the kept one still serves the others', async () => {
    const read = await countingApp();
    const { id } = await firstClaim();
    const kept = await read(`/claims/${id}`);
    const fresh = await read(`/claims/${id}`, { 'cache-control': 'no-cache' });
    expect(fresh.response.statusCode).toBe(200);
    expect(fresh.statements).toBeGreaterThan(0);
    expect(fresh.response.body).toBe(kept.response.body);
    expect(
      (await read(`/claims/${id}`, { 'cache-control': 'max-age=0' })).statements,
    ).toBeGreaterThan(0);
    expect((await read(`/claims/${id}`)).statements).toBe(0);
  });

  it('when a client sends Cache-Control: no-cache, then its answer is not kept for the others', async () => {
    const read = await countingApp();
    const { id } = await firstClaim();
    expect(
      (await read(`/claims/${id}`, { 'cache-control': 'no-cache' })).statements,
    ).toBeGreaterThan(0);
    expect((await read(`/claims/${id}`)).statements).toBeGreaterThan(0);
    expect((await read(`/claims/${id}`)).statements).toBe(0);
  });

  it('when a claim is changed through the API, then the next read answers the change', async () => {
    ctx = await makeApp();
    const { editor } = await makeKeys(ctx.store);
    const claim = await firstClaim();
    const before = await get<Claim>(ctx.app, `/claims/${claim.id}`);
    await get(ctx.app, '/claims?limit=1');
    const patched = await send<Claim>(ctx.app, 'PATCH', `/claims/${claim.id}`, {
      key: editor,
      body: { text: 'A changed wording of the claim.' },
      headers: { 'if-match': String(before.headers.etag) },
    });
    expect(patched.status).toBe(200);
    const after = await get<Claim>(ctx.app, `/claims/${claim.id}`);
    expect(after.body.text).toBe('A changed wording of the claim.');
    expect(after.body.version).toBe(before.body.version + 1);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const list = await get<Page>(ctx.app, '/claims?limit=1');
    expect(list.body.items[0]?.text).toBe('A changed wording of the claim.');
  });

  it('when another connection (another process, a command-line import) writes, then the next read answers it', async () => {
    ctx = await makeApp();
    const claim = await firstClaim();
    await get(ctx.app, `/claims/${claim.id}`);
    await ctx.peek.run('UPDATE claims SET text = ? WHERE id = ?', 'Written elsewhere.', claim.id);
    const after = await get<Claim>(ctx.app, `/claims/${claim.id}`);
    expect(after.body.text).toBe('Written elsewhere.');
  });

  it('when the database is in memory, then a write still ends the kept answers', async () => {
    ctx = await makeApp({ memory: true });
    const { editor } = await makeKeys(ctx.store);
    const claim = await firstClaim();
    const before = await get<Claim>(ctx.app, `/claims/${claim.id}`);
    await send(ctx.app, 'PATCH', `/claims/${claim.id}`, {
      key: editor,
      body: { text: 'Changed in memory.' },
      headers: { 'if-match': String(before.headers.etag) },
    });
    expect((await get<Claim>(ctx.app, `/claims/${claim.id}`)).body.text).toBe('Changed in memory.');
  });

  it('when reads need a key, then a kept answer is still refused to a request without one', async () => {
    ctx = await makeApp({ readRequiresKey: true });
    const { editor } = await makeKeys(ctx.store);
    const withKey = await send<Page>(ctx.app, 'GET', '/claims?limit=1', { key: editor });
    expect(withKey.status).toBe(200);
    expect((await send(ctx.app, 'GET', '/claims?limit=1', { key: editor })).status).toBe(200);
    const without = await get(ctx.app, '/claims?limit=1');
    expect(without.status).toBe(401);
  });

  it('when a page after a cursor is read twice, then both run their queries, and the first page is still kept', async () => {
    const read = await countingApp();
    const first = await get<{ nextCursor: string | null }>(ctx.app, '/claims?limit=2');
    const cursor = first.body.nextCursor;
    if (!cursor) throw new Error('the seed has fewer than three claims');
    const url = `/claims?limit=2&cursor=${encodeURIComponent(cursor)}`;
    const once = await read(url);
    const again = await read(url);
    expect(again.response.statusCode).toBe(200);
    expect(again.response.body).toBe(once.response.body);
    expect(once.statements).toBeGreaterThan(0);
    expect(again.statements).toBeGreaterThan(0);
    expect((await read('/claims?limit=2')).statements).toBe(0);
  });

  it('when READ_CACHE_MB is 0, then every read runs its queries', async () => {
    const read = await countingApp({ readCacheMb: 0 });
    const { id } = await firstClaim();
    await read(`/claims/${id}`);
    expect((await read(`/claims/${id}`)).statements).toBeGreaterThan(0);
  });
});
