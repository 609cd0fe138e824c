import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, type TestContext } from '../helpers/app.js';
import { type LocalContext, launchChromium, localContext } from '../helpers/chromium.js';
import { type Fetched, fetchInPage } from '../helpers/page-fetch.js';
import { type PageServer, startPageServer } from '../helpers/page-server.js';

type Site = { server: PageServer; page: Page };

/**
 * The CORS policy (README, Browser frontends) as a real browser applies it: scripts of pages from
 * other local origins call the listening API with `fetch`, and see what a site's script would.
 */

let browser: Browser;
let local: LocalContext;
/** The team's own frontend, a site allowed to read only, and any other site. */
let frontend: Site;
let reader: Site;
let other: Site;

async function openSite(): Promise<Site> {
  const server = await startPageServer();
  const page = await local.context.newPage();
  await page.goto(`${server.origin}/`);
  return { server, page };
}

beforeAll(async () => {
  browser = await launchChromium();
  local = await localContext(browser, { abort: false });
  frontend = await openSite();
  reader = await openSite();
  other = await openSite();
});

afterAll(async () => {
  await browser?.close();
  for (const site of [frontend, reader, other]) await site?.server.close();
});

/** A request as the server saw it, and its answer's status. */
type Arrival = { method: string; url: string; origin: string | undefined; status: number };

type Api = { ctx: TestContext; base: string; editor: string; arrived: Arrival[] };

/** The app over a fresh seeded database, listening on 127.0.0.1, noting every request it answers. */
async function startApi(options: Parameters<typeof makeApp>[0]): Promise<Api> {
  const arrived: Arrival[] = [];
  const ctx = await makeApp({
    ...options,
    beforeReady: ({ app }) => {
      app.addHook('onResponse', async (request, reply) => {
        const { origin } = request.headers;
        arrived.push({
          method: request.method,
          url: request.url,
          origin,
          status: reply.statusCode,
        });
      });
    },
  });
  const { editor } = await makeKeys(ctx.store);
  const base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  return { ctx, base, editor, arrived };
}

/** How many actors the record holds, read through the API as a script without a browser does. */
async function actorCount(api: Api): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const url = new URL('/actors', api.base);
    url.searchParams.set('limit', '100');
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    const response = await fetch(url, { headers: { authorization: `Bearer ${api.editor}` } });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: unknown[]; nextCursor: string | null };
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return count;
}

/** The answer the script read; fails, showing what it got instead, when the browser refused it. */
function answered(fetched: Fetched): Extract<Fetched, { status: number }> {
  if ('error' in fetched) expect.fail(`the browser refused the request: ${fetched.error}`);
  return fetched;
}

/** What a script sees of a request the browser refuses under CORS. */
const CORS_FAILURE = { error: 'TypeError: Failed to fetch' };

const actor = (name: string) => JSON.stringify({ kind: 'person', name });

/** A POST with nothing a browser would ask about first: text/plain, no key (a form's is alike). */
const simplePost = (name: string) => ({
  method: 'POST',
  headers: { 'content-type': 'text/plain' },
  body: actor(name),
});

/** A POST a frontend sends: JSON with its key, so the browser asks with a preflight first. */
const keyedPost = (key: string, name: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
  body: actor(name),
});

/** The requests of this origin the server answered since `from`. */
function arrivals(api: Api, from: number, site: Site): string[] {
  return api.arrived
    .slice(from)
    .filter((arrival) => arrival.origin === site.server.origin)
    .map(({ method, url, status }) => `${method} ${url} ${status}`);
}

/** A page of `site` tries both kinds of POST /actors with the API's key: none may write. */
async function expectNoWrite(api: Api, site: Site): Promise<void> {
  const url = `${api.base}/actors`;
  const before = await actorCount(api);
  const errorsFrom = local.errors.length;

  // Sent at once (nothing to ask first): the server refuses it with a 403 before it runs, and
  // the browser, finding no CORS headers on that answer, shows the script only a failure.
  let from = api.arrived.length;
  expect(await fetchInPage(site.page, url, simplePost('Simple Writer'))).toEqual(CORS_FAILURE);
  expect(arrivals(api, from, site)).toEqual(['POST /actors 403']);

  // Preflighted: the browser asks first, is not allowed, and never sends the write.
  from = api.arrived.length;
  expect(await fetchInPage(site.page, url, keyedPost(api.editor, 'Keyed'))).toEqual(CORS_FAILURE);
  expect(arrivals(api, from, site)).toEqual([expect.stringMatching(/^OPTIONS \/actors \d+$/)]);

  expect(await actorCount(api)).toBe(before);
  // What the site's developer reads in the console: the answer refused, then the preflight.
  const blocked = () =>
    local.errors.slice(errorsFrom).filter((line) => line.includes('blocked by CORS policy'));
  await expect.poll(() => blocked().length).toBe(2);
  expect(blocked()[0]).not.toContain('preflight');
  expect(blocked()[1]).toContain("Response to preflight request doesn't pass");
}

describe('with CORS_ORIGINS unset', () => {
  let api: Api;
  beforeAll(async () => {
    // Rate limits on, as in production, so that their headers are sent.
    const budget = { max: 1000, window: 60 };
    api = await startApi({ rateLimits: { reads: budget, writes: budget } });
  });
  afterAll(() => api.ctx.close());

  it('a page of any site reads the claims, and the headers a script needs', async () => {
    const list = answered(await fetchInPage(other.page, `${api.base}/claims`));
    expect(list.status).toBe(200);
    const { items } = JSON.parse(list.body) as { items: { id: string }[] };
    expect(items.length).toBeGreaterThan(0);
    expect(list.headers.ratelimit).toMatch(/r=\d+/);
    expect(list.headers['ratelimit-policy']).toMatch(/q=1000/);
    // Sent but not exposed: the browser hides it, so the headers above are readable by design.
    expect(list.headers['x-frame-options']).toBeUndefined();

    const claim = answered(await fetchInPage(other.page, `${api.base}/claims/${items[0]?.id}`));
    expect(claim.status).toBe(200);
    expect(claim.headers.etag).toMatch(/^"\d+-/);

    const keys = answered(await fetchInPage(other.page, `${api.base}/keys`));
    expect(keys.status).toBe(401);
    expect(keys.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('a page of any site cannot write, with or without a preflight', async () => {
    await expectNoWrite(api, other);
    await expectNoWrite(api, frontend);
  });
});

describe('with CORS_ORIGINS naming the frontend', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ corsOrigins: [frontend.server.origin] });
  });
  afterAll(() => api.ctx.close());

  it('the frontend’s page creates an actor and reads where it is and its version', async () => {
    const before = await actorCount(api);
    const post = keyedPost(api.editor, 'Desk Writer', { 'idempotency-key': 'desk-writer-1' });
    const created = answered(await fetchInPage(frontend.page, `${api.base}/actors`, post));
    expect(created.status, created.body).toBe(201);
    expect(created.headers.location).toMatch(/^\/actors\/act_/);
    expect(created.headers.etag).toMatch(/^"1-/);
    expect(created.headers['idempotent-replayed']).toBeUndefined();
    expect(await actorCount(api)).toBe(before + 1);

    // A retry (its answer lost, say) gets the same answer, and can tell it is a replay.
    const retried = answered(await fetchInPage(frontend.page, `${api.base}/actors`, post));
    expect(retried.status).toBe(201);
    expect(retried.headers.location).toBe(created.headers.location);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(await actorCount(api)).toBe(before + 1);

    const location = new URL(created.headers.location ?? '', api.base).href;
    const read = answered(await fetchInPage(frontend.page, location));
    expect(read.status).toBe(200);
    expect(JSON.parse(read.body)).toMatchObject({ name: 'Desk Writer' });
    expect(read.headers.etag).toBe(created.headers.etag);
  });

  it('another site still cannot write', async () => {
    await expectNoWrite(api, other);
  });
});

describe('with CORS_READ_ORIGINS naming a reader', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({
      corsOrigins: [frontend.server.origin],
      corsReadOrigins: [reader.server.origin],
    });
  });
  afterAll(() => api.ctx.close());

  it('the reader’s page reads; another site’s cannot, though the server answered', async () => {
    const read = answered(await fetchInPage(reader.page, `${api.base}/claims`));
    expect(read.status).toBe(200);
    expect(JSON.parse(read.body)).toMatchObject({ items: expect.any(Array) });

    const from = api.arrived.length;
    expect(await fetchInPage(other.page, `${api.base}/claims`)).toEqual(CORS_FAILURE);
    expect(arrivals(api, from, other)).toEqual(['GET /claims 200']);
  });

  it('the reader cannot write', async () => {
    await expectNoWrite(api, reader);
  });
});

describe('with READ_REQUIRES_KEY', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ corsOrigins: [frontend.server.origin], readRequiresKey: true });
  });
  afterAll(() => api.ctx.close());

  it('the frontend reads with its key; another site cannot, even with one', async () => {
    const withKey = { headers: { authorization: `Bearer ${api.editor}` } };
    const read = answered(await fetchInPage(frontend.page, `${api.base}/claims`, withKey));
    expect(read.status).toBe(200);
    expect(await fetchInPage(other.page, `${api.base}/claims`, withKey)).toEqual(CORS_FAILURE);
  });
});

describe('throughout', () => {
  it('no page sent anything off this machine', () => {
    expect(local.offMachine).toEqual([]);
  });
});
