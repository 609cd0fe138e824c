import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim, ClaimListItem, StatusChange } from '../src/modules/claims/claims.schemas.js';
import type { Evidence } from '../src/modules/evidence/evidence.schemas.js';
import { get, makeApp, type TestContext } from './helpers/app.js';

type Page = { items: ClaimListItem[]; nextCursor: string | null };

let ctx: TestContext;
beforeAll(async () => {
  ctx = await makeApp();
});
afterAll(() => ctx.close());

const HOME_BASE = 'pompeo-iran-al-qaeda-new-home-base';
const list = (query: string) => get<Page>(ctx.app, `/claims?limit=100&${query}`);
const slugs = (page: Page) => page.items.map((item) => item.slug);

describe('GET /claims', () => {
  it('lists claims newest statement first with what a list page shows', async () => {
    const { status, body } = await get<Page>(ctx.app, '/claims?limit=100');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(29);
    expect(body.nextCursor).toBeNull();
    const dates = body.items.map((item) => item.statedAt);
    expect(dates).toEqual([...dates].sort().reverse());
    const homeBase = body.items.find((item) => item.slug === HOME_BASE);
    expect(homeBase).toMatchObject({
      id: expect.stringMatching(/^clm_/),
      status: 'unsubstantiated',
      statedAt: '2021-01-12',
      language: 'en',
      claimant: { slug: 'mike-pompeo', name: 'Mike Pompeo', id: expect.stringMatching(/^act_/) },
      tags: expect.arrayContaining(['iran', 'al-qaeda']),
      rebuttalCount: 6,
      evidenceCount: 3,
      snippet: null,
      version: expect.any(Number),
      statusNote: expect.any(String),
    });
  });

  it('gives each item the version its ETag carries and the note of its status, as the claim does', async () => {
    const { body } = await get<Page>(ctx.app, '/claims?limit=100');
    const item = body.items.find((candidate) => candidate.slug === HOME_BASE);
    const claim = await ctx.app.inject({ url: `/claims/${HOME_BASE}` });
    const whole = claim.json() as Claim;
    expect(item?.version).toBe(whole.version);
    expect(claim.headers.etag).toMatch(new RegExp(`^"${whole.version}-`));
    expect(item?.statusNote).toBe(whole.statusNote);
  });

  it('pages with limit and returns a cursor', async () => {
    const { body } = await get<Page>(ctx.app, '/claims?limit=7');
    expect(body.items).toHaveLength(7);
    expect(body.nextCursor).toEqual(expect.any(String));
  });

  it('filters by one or several statuses', async () => {
    expect(slugs((await list('status=refuted')).body)).toEqual([]);
    const disputed = await list('status=disputed');
    expect(slugs(disputed.body).sort()).toEqual([
      'iran-no-al-qaeda-terrorists-on-its-soil',
      'pompeo-masri-killed-in-tehran',
    ]);
    const two = await list('status=unverified&status=disputed');
    expect(slugs(two.body).sort()).toEqual(
      [
        'article-al-qaeda-militants-and-bin-laden-family-fled-to-iran-2001',
        'article-trump-abandoned-jcpoa-2018',
        'article-trump-administration-near-daily-sanctions',
        'article-us-new-sanctions-on-senior-iranian-officials',
        'iran-2001-border-crossers-arrested-and-extradited',
        'iran-no-al-qaeda-terrorists-on-its-soil',
        'khatibzadeh-iran-clear-record-fighting-terrorism',
        'pompeo-masri-killed-in-tehran',
        'zarif-no-9-11-terrorists-from-iran',
      ].sort(),
    );
    const comma = await list('status=unverified,disputed');
    expect(comma.status).toBe(200);
    expect(slugs(comma.body)).toEqual(slugs(two.body));
  });

  it('names the parameter when a status of the list is unknown', async () => {
    const response = await ctx.app.inject({ url: '/claims?status=refuted,false' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toContain('status');
  });

  it('filters by claimant, given its slug or its id', async () => {
    const bySlug = await list('claimantId=trita-parsi');
    expect(bySlug.body.items).toHaveLength(4);
    const id = bySlug.body.items[0]?.claimant?.id ?? '';
    const byId = await list(`claimantId=${id}`);
    expect(slugs(byId.body)).toEqual(slugs(bySlug.body));
    expect((await list('claimantId=nobody')).body.items).toEqual([]);
  });

  it('filters by source: quoted in it or first said there', async () => {
    const tweet = await list('sourceId=zarif-tweet-2021-01-12');
    expect(slugs(tweet.body).sort()).toEqual([
      'zarif-pompeo-ending-disastrous-career',
      'zarif-pompeo-iran-declassifications-fictitious',
      'zarif-pompeo-warmongering-lies',
    ]);
    // The line after the tweet, without a byline, is first said in an embed of its own.
    const embed = await list('sourceId=tweet-no-one-is-fooled');
    expect(slugs(embed.body)).toEqual(['zarif-no-9-11-terrorists-from-iran']);
    const article = await list('sourceId=article');
    expect(article.body.items).toHaveLength(29);
  });

  it('filters by tag, language and stated date range', async () => {
    expect(slugs((await list('tag=Capitol-Riot')).body)).toEqual([
      'collins-capitol-mob-was-iranians',
    ]);
    const capitol = await list('tag=capitol-riot');
    expect(slugs(capitol.body)).toEqual(['collins-capitol-mob-was-iranians']);
    expect((await list('language=en')).body.items).toHaveLength(29);
    expect((await list('language=pt')).body.items).toHaveLength(0);
    const in2020 = await list('statedFrom=2020&statedTo=2020-12-31');
    expect(slugs(in2020.body)).toEqual(['iran-no-al-qaeda-terrorists-on-its-soil']);
    const before2021 = await list('statedTo=2020');
    expect(slugs(before2021.body).sort()).toEqual(
      [
        'iran-2001-border-crossers-arrested-and-extradited',
        'iran-no-al-qaeda-terrorists-on-its-soil',
      ].sort(),
    );
    const jan12 = await list('statedFrom=2021-01-12&statedTo=2021-01-12');
    // A claim dated only to January 2021 overlaps the 12th, so it stays.
    expect(
      jan12.body.items.every((item) => ['2021-01-12', '2021-01'].includes(item.statedAt)),
    ).toBe(true);
    const parsiAfter = await list('statedFrom=2021-01-12&claimantId=trita-parsi');
    expect(parsiAfter.body.items).toHaveLength(4);
    expect((await list('statedFrom=2021-02')).body.items).toEqual([]);
    expect(jan12.body.items.length).toBeGreaterThan(5);
  });

  it('searches text, quotes and tags, ranking by relevance with highlighted snippets', async () => {
    const { body } = await list('q=home base');
    expect(body.items[0]?.slug).toBe(HOME_BASE);
    expect(body.items[0]?.snippet).toMatch(/<mark>home<\/mark> <mark>base<\/mark>/);
    // A word found only in a quote: "hard shell of the Iranian regime’s protection".
    const shell = await list('q=shell');
    expect(slugs(shell.body)).toEqual(['pompeo-al-qaeda-under-iranian-regime-protection']);
    // A word found only in tags.
    const jcpoa = await list('q=pledge');
    expect(slugs(jcpoa.body)).toContain('iran-will-abide-by-jcpoa-if-us-lifts-sanctions');
    // Search combines with filters, and another sort can be asked for.
    const parsi = await list('q=pompeo&claimantId=trita-parsi&sort=statedAt');
    expect(parsi.body.items.every((item) => item.claimant?.slug === 'trita-parsi')).toBe(true);
    expect(parsi.body.items.length).toBeGreaterThan(0);
  });

  it('treats search syntax as plain words and escapes HTML in snippets', async () => {
    const quoted = await list(`q=${encodeURIComponent('"al-qaeda* (iran -')}`);
    expect(quoted.status).toBe(200);
    expect(quoted.body.items.length).toBeGreaterThan(0);
    const snippet = (await list('q=declassifications')).body.items[0]?.snippet ?? '';
    expect(snippet).not.toMatch(/<(?!\/?mark>)/);
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=1e1', 'query.limit'],
    ['limit=5&limit=6', 'query.limit'],
    ['status=bogus', 'query.status.0'],
    ['sort=name', 'query.sort'],
    ['statedFrom=yesterday', 'query.statedFrom'],
    ['statedTo=2021-02-30', 'query.statedTo'],
    ['sort=relevance', 'query.sort'],
    ['q=%20-%20', 'query.q'],
    ['cursor=%25%25%25', 'query.cursor'],
    ['stauts=refuted', 'query.stauts'],
  ])('when the query has %s, then 400 problem+json names %s', async (query, path) => {
    const { status, headers, body } = await get<{ errors: { path: string }[] }>(
      ctx.app,
      `/claims?${query}`,
    );
    expect(status).toBe(400);
    expect(headers['content-type']).toContain('application/problem+json');
    expect(body).toMatchObject({
      type: expect.stringContaining('validation'),
      title: expect.any(String),
      status: 400,
    });
    expect(body.errors.map((e) => e.path)).toContain(path);
  });
});

describe('GET /claims/{id}', () => {
  it('returns the whole claim: claimant, quotes with sources, links, status, version, by slug or id', async () => {
    const { status, headers, body } = await get<Claim>(ctx.app, `/claims/${HOME_BASE}`);
    expect(status).toBe(200);
    expect(headers.etag).toMatch(/^"1-[0-9a-f]{12}"$/);
    expect(body).toMatchObject({
      slug: HOME_BASE,
      status: 'unsubstantiated',
      statusNote: expect.stringContaining('failed to provide any direct evidence'),
      claimant: { slug: 'mike-pompeo' },
      version: 1,
      evidenceCount: 3,
    });
    // The article's own words, then Pompeo's, first said at the National Press Club.
    expect(body.quotes[0]).toMatchObject({
      exact: 'accused Iran of providing a “new home base” to al-Qaeda',
      source: { slug: 'article', kind: 'article', title: null },
      originalSource: null,
    });
    expect(body.quotes[1]).toMatchObject({
      exact: 'Al-Qaeda has a new home base: it is the Islamic Republic of Iran',
      source: { slug: 'article' },
      originalSource: { slug: 'pompeo-national-press-club-remarks', kind: 'speech' },
      speaker: null,
    });
    expect(body.rebuttedBy.map((c) => c.claimant?.slug)).toEqual(
      expect.arrayContaining(['saeed-khatibzadeh', 'mohammad-javad-zarif', 'trita-parsi']),
    );
    expect(body.supportedBy.length).toBeGreaterThan(0);
    expect(body.rebuts).toEqual([]);

    const byId = await get<Claim>(ctx.app, `/claims/${body.id}`);
    expect(byId.body).toEqual(body);
  });

  it('shows both directions of a mutual rebuttal', async () => {
    const { body } = await get<Claim>(ctx.app, '/claims/pompeo-masri-killed-in-tehran');
    expect(body.rebuts.map((c) => c.slug)).toContain('iran-no-al-qaeda-terrorists-on-its-soil');
    expect(body.rebuttedBy.map((c) => c.slug)).toContain('iran-no-al-qaeda-terrorists-on-its-soil');
  });

  it('answers 304 without a body when If-None-Match holds the current ETag', async () => {
    const etag = String((await get(ctx.app, `/claims/${HOME_BASE}`)).headers.etag);
    const notModified = await ctx.app.inject({
      url: `/claims/${HOME_BASE}`,
      headers: { 'if-none-match': `"x", ${etag}` },
    });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    const stale = await ctx.app.inject({
      url: `/claims/${HOME_BASE}`,
      headers: { 'if-none-match': '"0"' },
    });
    expect(stale.statusCode).toBe(200);
  });

  it('when the claim does not exist, then 404 problem+json names it', async () => {
    for (const id of ['no-such-claim', 'clm_000000']) {
      const { status, headers, body } = await get(ctx.app, `/claims/${id}`);
      expect(status).toBe(404);
      expect(headers['content-type']).toContain('application/problem+json');
      expect(body).toMatchObject({
        status: 404,
        title: 'Not Found',
        detail: expect.stringContaining(id),
      });
    }
  });
});

describe('claims sub-resources', () => {
  it('GET /claims/{id}/rebuttals lists the claims that rebut it', async () => {
    const { status, body } = await get<Page>(ctx.app, `/claims/${HOME_BASE}/rebuttals`);
    expect(status).toBe(200);
    expect(body.items.map((c) => c.claimant?.slug).sort()).toEqual(
      [
        'iran-government',
        'mohammad-javad-zarif',
        'saeed-khatibzadeh',
        'saeed-khatibzadeh',
        'trita-parsi',
        'trita-parsi',
      ].sort(),
    );
    const filtered = await get<Page>(
      ctx.app,
      `/claims/${HOME_BASE}/rebuttals?status=not_checkable`,
    );
    expect(filtered.body.items.every((c) => c.status === 'not_checkable')).toBe(true);
  });

  it('GET /claims/{id}/evidence lists its evidence with anchored quotes', async () => {
    const { status, body } = await get<{ items: Evidence[] }>(
      ctx.app,
      '/claims/collins-capitol-mob-was-iranians/evidence',
    );
    expect(status).toBe(200);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      stance: 'refutes',
      source: { slug: 'article' },
      quote: { exact: expect.stringContaining('ample evidence that extremist groups') },
    });
  });

  it('GET /claims/{id}/history lists its statuses', async () => {
    const { status, body } = await get<{ items: StatusChange[] }>(
      ctx.app,
      `/claims/${HOME_BASE}/history`,
    );
    expect(status).toBe(200);
    expect(body.items).toEqual([
      {
        status: 'unsubstantiated',
        previousStatus: null,
        note: expect.stringContaining('failed to provide'),
        changedBy: 'seed',
        changedAt: expect.any(String),
      },
    ]);
  });

  it.each(['rebuttals', 'evidence', 'history'])(
    'GET /claims/{unknown}/%s is a 404',
    async (sub) => {
      expect((await get(ctx.app, `/claims/nope/${sub}`)).status).toBe(404);
    },
  );
});
