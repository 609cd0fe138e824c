import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Problem } from '../src/lib/problem.js';
import { createActor } from '../src/modules/actors/actors.commands.js';
import { ActorCreateSchema } from '../src/modules/actors/actors.schemas.js';
import { canonicalJson } from '../src/plugins/idempotency.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { syntheticBundle } from './helpers/bundles.js';
import { fullDisk } from './helpers/storage-faults.js';

/**
 * Issue 8, item 9: the key was marked pending in one transaction, the write committed in a second
 * and the answer stored in a third, so a kill -9 between them left a committed write behind a
 * pending key (409 for 5 minutes, then written twice), and a failed request kept its key. Now the
 * key, the write and the answer are one transaction.
 */

let ctx: TestContext;
let editor: string;
/** Holds a request carrying `x-hold` after its write, until released. */
let hold: ReturnType<typeof holdAfterWrite>;

beforeEach(async () => {
  ctx = await makeApp({
    beforeReady: ({ app, store }) => {
      hold = holdAfterWrite(app);
      // A write whose answer is a stream, which cannot be kept for a replay.
      app.post('/streamed-write', async (_request, reply) => {
        await store.write((tx) =>
          createActor(tx, ActorCreateSchema.parse({ kind: 'person', name: 'Streamed Writer' }), {
            by: 'test',
          }),
        );
        return reply.sendChunks('application/json', Readable.from(['{"written":true}']));
      });
    },
  });
  editor = (await makeKeys(ctx.store)).editor;
});
afterEach(async () => {
  await ctx.close();
});

const claimBody = (marker: string) => ({
  text: `Idempotency marker ${marker} was said.`,
  claimantId: 'mike-pompeo',
  statedAt: '2021-01-12',
  quotes: [{ sourceId: 'article', exact: 'no al-Qaeda “terrorists” on its soil' }],
});

const claimsWith = (marker: string) =>
  ctx.peek.value<number>('SELECT count(*) AS n FROM claims WHERE text LIKE ?', `%${marker}%`);

const keyRows = (key: string) =>
  ctx.peek.rows('SELECT state, status_code AS status FROM idempotency_keys WHERE key = ?', key);

function postClaim(marker: string, key: string, extra: Record<string, string> = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: '/claims',
    headers: { authorization: `Bearer ${editor}`, 'idempotency-key': key, ...extra },
    payload: claimBody(marker),
  });
}

/** A promise and its resolve, to hold a request at a chosen point. */
function latch<T = void>() {
  let open: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/**
 * Holds requests sent with `x-hold` after their handler wrote (before the answer is serialised and
 * stored); `reached` says when one got there; `release` lets it go on, or fail with a 500.
 */
function holdAfterWrite(app: TestContext['app']) {
  const reached = latch();
  const release = latch<'go' | 'fail'>();
  app.addHook('preSerialization', async (request, _reply, payload) => {
    if (request.headers['x-hold'] === undefined) return payload;
    reached.open();
    if ((await release.promise) === 'fail') throw new Error('the server failed after the write');
    return payload;
  });
  return { reached: reached.promise, release: release.open };
}

/** Resolves when the store is asked for a held write for the `n`th time. */
function beginCalls(n: number) {
  const called = latch();
  const begin = ctx.store.begin.bind(ctx.store);
  let calls = 0;
  ctx.store.begin = () => {
    calls++;
    if (calls === n) called.open();
    return begin();
  };
  return called.promise;
}

/** Lets everything already queued run (timers, I/O, promise jobs), a few rounds over. */
async function settle(rounds = 5) {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('the key, the write and the answer are one transaction (item 9)', () => {
  it('while the request is in flight neither its rows nor its key are visible; after, both are', async () => {
    const first = postClaim('atomic-1', 'atomic-1', { 'x-hold': '1' });
    await hold.reached;
    // The handler's INSERTs ran: from another connection, nothing of them is committed yet.
    expect(await claimsWith('atomic-1')).toBe(0);
    expect(await keyRows('atomic-1')).toEqual([]);
    // Reads from other requests go on meanwhile (they do not wait for the write lock).
    expect((await send(ctx.app, 'GET', '/claims?limit=1')).status).toBe(200);
    hold.release('go');
    const answered = await first;
    expect(answered.statusCode).toBe(201);
    expect(await claimsWith('atomic-1')).toBe(1);
    expect(await keyRows('atomic-1')).toEqual([{ state: 'done', status: 201 }]);
  });

  it('a retry after a committed write (its answer lost) gets the replay and writes nothing more', async () => {
    const first = await postClaim('lost-answer', 'lost-answer');
    const auditRows = () => ctx.peek.value<number>('SELECT count(*) AS n FROM audit_log');
    const audits = await auditRows();
    const retry = await postClaim('lost-answer', 'lost-answer');
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
    for (const header of ['content-type', 'location', 'etag']) {
      expect(retry.headers[header]).toBe(first.headers[header]);
    }
    expect(await claimsWith('lost-answer')).toBe(1);
    expect(await auditRows()).toBe(audits);
  });

  it('the same key while the first request is in flight waits for it, then gets its answer', async () => {
    const first = postClaim('in-flight', 'in-flight', { 'x-hold': '1' });
    await hold.reached;
    const retryWaits = beginCalls(1);
    let retryDone = false;
    const retry = postClaim('in-flight', 'in-flight').then((response) => {
      retryDone = true;
      return response;
    });
    await retryWaits;
    await settle();
    // Not a 409: the retry waits for the lock (without blocking the server)...
    expect(retryDone).toBe(false);
    expect((await send(ctx.app, 'GET', '/health')).status).toBe(200);
    hold.release('go');
    const [a, b] = await Promise.all([first, retry]);
    // ...and then finds the first one's answer.
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body).toBe(a.body);
    expect(await claimsWith('in-flight')).toBe(1);
  });

  it('a pending key left by a request that died (an older release) does not block its retry', async () => {
    await ctx.peek.run(
      "INSERT INTO idempotency_keys (owner, key, fingerprint, state, created_at) VALUES ('ed', 'died', 'x', 'pending', ?)",
      new Date().toISOString(),
    );
    const retry = await postClaim('died', 'died');
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await claimsWith('died')).toBe(1);
    expect(await keyRows('died')).toEqual([{ state: 'done', status: 201 }]);
  });

  it('a 4xx answer is stored and replayed, and its partial write left nothing', async () => {
    // Actor, source and claims are written as the import goes; the last quote fails at the end.
    const bad = syntheticBundle(3, { prefix: 'partial' });
    const quote = (bad as { claims: { quotes: { start: number }[] }[] }).claims[2]?.quotes[0];
    if (quote) quote.start += 3;
    const post = () =>
      send<Problem>(ctx.app, 'POST', '/import', {
        key: editor,
        body: bad,
        headers: { 'idempotency-key': 'partial-import' },
      });
    const first = await post();
    expect(first.status).toBe(422);
    expect(first.body.type).toBe('urn:factcheck:problem:quote-not-anchored');
    const retry = await post();
    expect(retry.status).toBe(422);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['content-type']).toContain('application/problem+json');
    expect(retry.body).toEqual(first.body);
    const rows = await ctx.peek.row<{ n: number }>(
      "SELECT (SELECT count(*) FROM actors WHERE slug = 'tester') + (SELECT count(*) FROM claims WHERE slug LIKE 'partial-%') AS n",
    );
    expect(rows?.n).toBe(0);
    expect(await keyRows('partial-import')).toEqual([{ state: 'done', status: 422 }]);
  });

  it('a dry run with a key stores its report and writes nothing', async () => {
    const post = () =>
      send<{ dryRun: boolean }>(ctx.app, 'POST', '/import?dryRun=true', {
        key: editor,
        body: syntheticBundle(2, { prefix: 'dry' }),
        headers: { 'idempotency-key': 'dry-run' },
      });
    const first = await post();
    const retry = await post();
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    const n = await ctx.peek.row("SELECT count(*) AS n FROM claims WHERE slug LIKE 'dry-%'");
    expect(n).toEqual({ n: 0 });
  });

  it('a 5xx after the write frees the key and keeps nothing: the retry writes once', async () => {
    const failing = postClaim('fails', 'fails', { 'x-hold': '1' });
    await hold.reached;
    hold.release('fail');
    expect((await failing).statusCode).toBe(500);
    expect(await claimsWith('fails')).toBe(0);
    expect(await keyRows('fails')).toEqual([]);
    const retry = await postClaim('fails', 'fails');
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await claimsWith('fails')).toBe(1);
  });

  it('an answer that cannot be kept (a stream) fails closed: a 500, nothing written, no key kept, the retry fails the same', async () => {
    const post = () =>
      ctx.app.inject({
        method: 'POST',
        url: '/streamed-write',
        headers: { authorization: `Bearer ${editor}`, 'idempotency-key': 'streamed' },
      });
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await post();
      expect(answer.statusCode).toBe(500);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(
        await ctx.peek.row("SELECT count(*) AS n FROM actors WHERE name = 'Streamed Writer'"),
      ).toEqual({ n: 0 });
      expect(await keyRows('streamed')).toEqual([]);
    }
    // Without a key the same answer streams, and its write stands.
    const unkeyed = await ctx.app.inject({
      method: 'POST',
      url: '/streamed-write',
      headers: { authorization: `Bearer ${editor}` },
    });
    expect(unkeyed.statusCode).toBe(200);
    expect(unkeyed.json()).toEqual({ written: true });
  });

  it('a full disk (a 5xx from the database) frees the key; once there is room, the retry writes once', async () => {
    const disk = fullDisk(ctx);
    await disk.fill();
    // A long text: the claim, its search index and its audit row need new pages.
    const words = Array.from({ length: 1200 }, (_, i) => `w${i}`).join(' ');
    const long = { ...claimBody('disk-full'), text: `Idempotency marker disk-full ${words}` };
    const post = () =>
      ctx.app.inject({
        method: 'POST',
        url: '/claims',
        headers: { authorization: `Bearer ${editor}`, 'idempotency-key': 'disk-full' },
        payload: long,
      });
    const full = await post();
    expect(full.statusCode).toBeGreaterThanOrEqual(500);
    expect(await claimsWith('disk-full')).toBe(0);
    expect(await keyRows('disk-full')).toEqual([]);
    await disk.free();
    const retry = await post();
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await claimsWith('disk-full')).toBe(1);
  });

  it('a request without a key never runs in another request’s held write', async () => {
    const held = postClaim('held', 'held', { 'x-hold': '1' });
    await hold.reached;
    let plainDone = false;
    const plain = send(ctx.app, 'POST', '/actors', {
      key: editor,
      body: { kind: 'organization', name: 'Not Inside Another Request' },
    }).then((response) => {
      plainDone = true;
      return response;
    });
    await settle();
    expect(plainDone).toBe(false);
    // The held request fails: its rollback must not take the other request's row with it.
    hold.release('fail');
    expect((await held).statusCode).toBe(500);
    expect((await plain).status).toBe(201);
    const actor = await ctx.peek.row(
      "SELECT count(*) AS n FROM actors WHERE name = 'Not Inside Another Request'",
    );
    expect(actor).toEqual({ n: 1 });
    expect(await claimsWith('held')).toBe(0);
  });

  it('the same key with another body or another If-Match is a 422, not a replay', async () => {
    expect((await postClaim('one', 'reused')).statusCode).toBe(201);
    const other = await postClaim('two', 'reused');
    expect(other.statusCode).toBe(422);
    expect(JSON.parse(other.body).type).toBe('urn:factcheck:problem:idempotency-key-reused');
    const ifMatch = await postClaim('one', 'reused', { 'if-match': '"1"' });
    expect(ifMatch.statusCode).toBe(422);
    expect(await claimsWith('two')).toBe(0);
  });

  it('a key older than 24 hours is forgotten: the same key writes again', async () => {
    expect((await postClaim('old', 'old-key')).statusCode).toBe(201);
    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000).toISOString();
    await ctx.peek.run("UPDATE idempotency_keys SET created_at = ? WHERE key = 'old-key'", dayAgo);
    const again = await postClaim('old', 'old-key');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await claimsWith('old')).toBe(2);
  });

  it('fingerprints a body nested thousands deep without overflowing the stack', () => {
    // Bodies are refused deeper than the parser allows; the fingerprint does not rely on that.
    let deep: unknown = { b: 1, a: [2, 'x'] };
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const text = canonicalJson(deep);
    expect(text.startsWith('[[[')).toBe(true);
    expect(text).toContain('{"a":[2,"x"],"b":1}');
    expect(canonicalJson({ z: null, a: { d: [true, 1.5], c: 'é' } })).toBe(
      JSON.stringify({ a: { c: 'é', d: [true, 1.5] }, z: null }),
    );
  });
});

describe('a client that goes away (item 9)', () => {
  async function listen(): Promise<string> {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /**
   * Sends a POST over a real socket and destroys it once `abortWhen` resolves. Only a request that
   * means to be `held` after its write asks for it: one that should never write must not be held
   * if it does, or the test would wait on the lock instead of failing.
   */
  function postThenAbort(
    base: string,
    marker: string,
    abortWhen: Promise<unknown>,
    { held }: { held: boolean },
  ) {
    const request = httpRequest(`${base}/claims`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${editor}`,
        'idempotency-key': marker,
        'content-type': 'application/json',
        ...(held ? { 'x-hold': '1' } : {}),
      },
    });
    request.on('error', () => {});
    request.end(JSON.stringify(claimBody(marker)));
    void abortWhen.then(() => request.destroy());
  }

  it('gone while its request waits for the lock: nothing is done and the lock is free after', async () => {
    const base = await listen();
    const other = await ctx.store.begin();
    const waiting = beginCalls(1);
    postThenAbort(base, 'gone-waiting', waiting, { held: false });
    await waiting;
    await settle(20);
    await other.rollback();
    await settle(20);
    expect(await claimsWith('gone-waiting')).toBe(0);
    expect(await keyRows('gone-waiting')).toEqual([]);
    const next = await postClaim('after-gone', 'after-gone');
    expect(next.statusCode).toBe(201);
  });

  it('gone while its handler runs: the write and its key stand or fall together, and the lock is freed', async () => {
    const base = await listen();
    postThenAbort(base, 'gone-running', hold.reached, { held: true });
    await hold.reached;
    await settle(20);
    hold.release('go');
    // The lock is free again: this write goes through.
    const next = await postClaim('after-running', 'after-running');
    expect(next.statusCode).toBe(201);
    const written = await claimsWith('gone-running');
    expect(await keyRows('gone-running')).toHaveLength(written);
    // Its retry finds it done, or does it now: once either way.
    const retry = await postClaim('gone-running', 'gone-running');
    expect(retry.statusCode).toBe(201);
    expect(await claimsWith('gone-running')).toBe(1);
  });
});
