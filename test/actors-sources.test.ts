import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/modules/actors/actors.schemas.js';
import type { ClaimListItem } from '../src/modules/claims/claims.schemas.js';
import type { Source, SourceDetail } from '../src/modules/sources/sources.schemas.js';
import { get, makeApp, type TestContext } from './helpers/app.js';

type Page<T> = { items: T[]; nextCursor: string | null };

let ctx: TestContext;
beforeAll(async () => {
  ctx = await makeApp();
});
afterAll(() => ctx.close());

describe('actors', () => {
  it('GET /actors lists every actor by slug, with claim counts and affiliations', async () => {
    const { status, body } = await get<Page<Actor>>(ctx.app, '/actors');
    expect(status).toBe(200);
    const slugs = body.items.map((a) => a.slug);
    expect(slugs).toEqual([...slugs].sort());
    const zarif = body.items.find((a) => a.slug === 'mohammad-javad-zarif');
    expect(zarif).toMatchObject({
      kind: 'person',
      name: 'Mohammad Javad Zarif',
      aliases: expect.arrayContaining(['Javad Zarif', '@JZarif']),
      affiliation: { slug: 'iran-foreign-ministry', kind: 'organization' },
      claimCount: 4,
    });
  });

  it('GET /actors filters by kind and by words in the name or aliases', async () => {
    const orgs = await get<Page<Actor>>(ctx.app, '/actors?kind=organization');
    expect(orgs.body.items.every((a) => a.kind === 'organization')).toBe(true);
    expect(orgs.body.items.map((a) => a.slug)).toContain('iran-government');
    const byAlias = await get<Page<Actor>>(ctx.app, '/actors?q=jzarif');
    expect(byAlias.body.items.map((a) => a.slug)).toEqual(['mohammad-javad-zarif']);
    const literal = await get<Page<Actor>>(ctx.app, '/actors?q=%25');
    expect(literal.body.items).toEqual([]);
  });

  it('GET /actors pages with a cursor, each actor once', async () => {
    const first = await get<Page<Actor>>(ctx.app, '/actors?limit=4');
    expect(first.body.items).toHaveLength(4);
    const rest = await get<Page<Actor>>(
      ctx.app,
      `/actors?limit=100&cursor=${first.body.nextCursor}`,
    );
    const all = await get<Page<Actor>>(ctx.app, '/actors?limit=100');
    expect([...first.body.items, ...rest.body.items].map((a) => a.slug)).toEqual(
      all.body.items.map((a) => a.slug),
    );
  });

  it('GET /actors/{id} by slug or id, with an ETag; 404 when unknown', async () => {
    const bySlug = await get<Actor>(ctx.app, '/actors/mike-pompeo');
    expect(bySlug.status).toBe(200);
    expect(bySlug.headers.etag).toMatch(/^"1-[0-9a-f]{12}"$/);
    expect(bySlug.body).toMatchObject({
      name: 'Mike Pompeo',
      description: 'US Secretary of State',
      claimCount: 9,
    });
    const byId = await get<Actor>(ctx.app, `/actors/${bySlug.body.id}`);
    expect(byId.body).toEqual(bySlug.body);
    const missing = await get(ctx.app, '/actors/nobody');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it('GET /actors/{id}/claims lists the actor’s claims with the claim filters', async () => {
    const { body } = await get<Page<ClaimListItem>>(
      ctx.app,
      '/actors/mike-pompeo/claims?limit=100',
    );
    expect(body.items).toHaveLength(9);
    expect(body.items.every((c) => c.claimant?.slug === 'mike-pompeo')).toBe(true);
    const unsubstantiated = await get<Page<ClaimListItem>>(
      ctx.app,
      '/actors/mike-pompeo/claims?status=unsubstantiated&q=qaeda',
    );
    expect(unsubstantiated.body.items.length).toBeGreaterThan(0);
    expect(unsubstantiated.body.items.every((c) => c.status === 'unsubstantiated')).toBe(true);
    expect((await get(ctx.app, '/actors/nobody/claims')).status).toBe(404);
  });
});

describe('sources', () => {
  it('GET /sources lists sources without their text, with quote counts', async () => {
    const { status, body } = await get<Page<Source>>(ctx.app, '/sources');
    expect(status).toBe(200);
    const article = body.items.find((s) => s.slug === 'article');
    expect(article).toMatchObject({ kind: 'article', title: null, url: null, hasText: true });
    expect(article?.quoteCount).toBeGreaterThanOrEqual(20);
    expect(article).not.toHaveProperty('text');
  });

  it('GET /sources filters by kind and words', async () => {
    const tweets = await get<Page<Source>>(ctx.app, '/sources?kind=social_post');
    expect(tweets.body.items.map((s) => s.slug).sort()).toEqual([
      'tweet-no-one-is-fooled',
      'zarif-tweet-2021-01-12',
    ]);
    // Their words are quoted in the article: they count for the tweets too.
    expect(tweets.body.items.every((s) => s.quoteCount > 0)).toBe(true);
    const pressClub = await get<Page<Source>>(ctx.app, '/sources?q=press%20club');
    expect(pressClub.body.items.map((s) => s.slug)).toEqual(['pompeo-national-press-club-remarks']);
    expect((await get(ctx.app, '/sources?kind=podcast')).status).toBe(400);
  });

  it('GET /sources/{id} includes the full text the quotes are anchored in', async () => {
    const { status, body, headers } = await get<SourceDetail>(ctx.app, '/sources/article');
    expect(status).toBe(200);
    expect(headers.etag).toMatch(/^"1-[0-9a-f]{12}"$/);
    expect(body.text).toContain('Al-Qaeda has a new home base: it is the Islamic Republic of Iran');
    expect((await get(ctx.app, '/sources/src_missing')).status).toBe(404);
  });

  it('GET /sources/{id}/claims lists the claims quoted there or first said there', async () => {
    const { body } = await get<Page<ClaimListItem>>(ctx.app, '/sources/collins-op-ed/claims');
    expect(body.items.map((c) => c.slug)).toEqual(['collins-capitol-mob-was-iranians']);
    expect((await get(ctx.app, '/sources/nope/claims')).status).toBe(404);
  });
});

describe('catalog', () => {
  it('GET /tags counts claims per tag, most used first', async () => {
    const { status, body } = await get<{ items: { tag: string; claimCount: number }[] }>(
      ctx.app,
      '/tags',
    );
    expect(status).toBe(200);
    expect(body.items[0]).toEqual({ tag: 'iran', claimCount: expect.any(Number) });
    const counts = body.items.map((t) => t.claimCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const capitol = body.items.find((t) => t.tag === 'capitol-riot');
    expect(capitol?.claimCount).toBe(1);
  });

  it('GET /stats counts claims per status (all listed) and per claimant', async () => {
    const { status, body } = await get<{
      claimCount: number;
      byStatus: Record<string, number>;
      byClaimant: { claimant: { slug: string }; claimCount: number }[];
    }>(ctx.app, '/stats');
    expect(status).toBe(200);
    expect(body.claimCount).toBe(29);
    expect(body.byStatus).toMatchObject({ refuted: 0, disputed: 2, supported: 0, misleading: 0 });
    expect(Object.values(body.byStatus).reduce((a, b) => a + b, 0)).toBe(29);
    // The article's own four statements have no claimant: no actor counts them.
    expect(body.byClaimant.reduce((sum, row) => sum + row.claimCount, 0)).toBe(25);
    expect(body.byClaimant[0]).toEqual({
      claimant: expect.objectContaining({ slug: 'mike-pompeo' }),
      claimCount: 9,
    });
  });
});

describe('health and unknown routes', () => {
  it('GET /health queries the database', async () => {
    expect(await get(ctx.app, '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('an unknown route is a 404 problem', async () => {
    const { status, headers, body } = await get(ctx.app, '/nothing-here');
    expect(status).toBe(404);
    expect(headers['content-type']).toContain('application/problem+json');
    expect(body).toMatchObject({ status: 404, detail: 'No route GET /nothing-here.' });
  });

  it('GET /health answers 503 problem+json when the database fails', async () => {
    const broken = await makeApp({ seed: false });
    await broken.store.close();
    const { status, headers, body } = await get(broken.app, '/health');
    expect(status).toBe(503);
    expect(headers['content-type']).toContain('application/problem+json');
    expect(body).toMatchObject({ status: 503, title: 'Service Unavailable' });
    await broken.close();
  });
});

describe('CORS', () => {
  it('allows any origin by default and exposes ETag', async () => {
    const response = await ctx.app.inject({
      url: '/claims',
      headers: { origin: 'https://frontend.example' },
    });
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(String(response.headers['access-control-expose-headers'])).toContain('ETag');
  });

  it('answers preflight requests', async () => {
    const response = await ctx.app.inject({
      method: 'OPTIONS',
      url: '/claims/x',
      headers: { origin: 'https://frontend.example', 'access-control-request-method': 'GET' },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-methods']).toContain('GET');
  });

  it('lets every origin read when CORS_ORIGINS lists the writers, and only those read with CORS_READ_ORIGINS', async () => {
    const writers = await makeApp({ seed: false, corsOrigins: ['https://app.example'] });
    const fromOther = await writers.app.inject({
      url: '/health',
      headers: { origin: 'https://other.example' },
    });
    expect(fromOther.headers['access-control-allow-origin']).toBe('*');
    await writers.close();
    const readers = await makeApp({
      seed: false,
      corsOrigins: ['https://app.example'],
      corsReadOrigins: ['https://reader.example'],
    });
    for (const [origin, allowed] of [
      ['https://app.example', 'https://app.example'],
      ['https://reader.example', 'https://reader.example'],
      ['https://other.example', undefined],
    ] as const) {
      const response = await readers.app.inject({ url: '/health', headers: { origin } });
      expect(response.headers['access-control-allow-origin'], origin).toBe(allowed);
    }
    await readers.close();
  });
});
