import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../src/modules/claims/claims.schemas.js';
import { makeApp, makeKeys, ok, send, type TestContext } from './helpers/app.js';
import { bundle } from './helpers/bundles.js';
import { driftedCounts, expectCountsExact } from './helpers/stored-counts.js';

/**
 * The counts kept on write (actors' claims, sources' quotes, claims' links of each kind at both
 * ends and evidence, claims per tag, per status and per language, each source's claims, the sort keys tags and
 * links copy from their claims) stay equal to a fresh count of the rows, and each claim's search
 * document to one made afresh, after every kind of write: the
 * API's, a bundle's, an NDJSON stream's (records naming rows that come later), a ClaimReview
 * import's, and imports that fail or only try.
 */

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

type Row = Record<string, unknown>;
const rows = (sql: string): Promise<Row[]> => ctx.peek.rows(sql);

const post = <T = Row>(url: string, body: unknown, status = 201) =>
  ok(send<T>(ctx.app, 'POST', url, { key, body }), status);
const patch = <T = Row>(url: string, body: unknown) =>
  ok(send<T>(ctx.app, 'PATCH', url, { key, body }));
const remove = (url: string) => ok(send(ctx.app, 'DELETE', url, { key }), 204);

async function importBundle(body: unknown, query = '') {
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/import${query}`,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  return { status: response.statusCode, body: JSON.parse(response.body) as Row };
}

async function importNdjson(lines: object[]) {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/import',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    payload: lines.map((line) => JSON.stringify(line)).join('\n'),
  });
  return { status: response.statusCode, body: JSON.parse(response.body) as Row };
}

/** Every page of a list endpoint. */
async function everyItem<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await ok(send<{ items: T[]; nextCursor: string | null }>(ctx.app, 'GET', url));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const ECHO = 'We will win. We will win again. Then we rest.';

describe('stored counts', () => {
  it('are exact after the seed', async () => {
    await expectCountsExact(ctx.peek);
    expect((await rows('SELECT count(*) AS n FROM tag_counts'))[0]?.n).toBeGreaterThan(0);
  });

  it('stay exact through claims written by the API: create, change, verdicts, links, evidence, deletes', async () => {
    await post('/sources', { kind: 'speech', slug: 'echo', text: ECHO });
    await post('/sources', { kind: 'other', slug: 'short-lived', text: ECHO });
    await post('/actors', { kind: 'person', slug: 'ann', name: 'Ann' });
    await post('/actors', { kind: 'person', slug: 'bob', name: 'Bob' });
    await post('/actors', { kind: 'organization', slug: 'gone-soon', name: 'Gone Soon' });

    const a = await post<Claim>('/claims', {
      slug: 'count-a',
      text: 'We will rest.',
      claimantId: 'ann',
      statedAt: '2024-01-01',
      tags: ['alpha', 'shared'],
      quotes: [
        {
          sourceId: 'echo',
          exact: 'Then we rest',
          originalSourceId: 'pompeo-national-press-club-remarks',
        },
      ],
    });
    const b = await post<Claim>('/claims', {
      slug: 'count-b',
      text: 'We will win again.',
      language: 'de',
      claimantId: 'bob',
      statedAt: '2024-01-02',
      tags: ['shared', 'beta'],
      quotes: [
        { sourceId: 'echo', exact: 'We will win again' },
        { sourceId: 'echo', exact: 'win', start: 8, end: 11 },
      ],
    });
    expect(a).toMatchObject({ rebuttalCount: 0, evidenceCount: 0 });
    await expectCountsExact(ctx.peek);

    // Another claimant and language, other tags and quotes, a verdict in the same change.
    await patch(`/claims/${a.id}`, {
      claimantId: 'bob',
      language: 'fr',
      tags: ['beta', 'gamma'],
      quotes: [{ sourceId: 'echo', exact: 'We will win', start: 0, end: 11 }],
      status: 'disputed',
      statusNote: 'Others say otherwise.',
    });
    await post(
      `/claims/${b.id}/status`,
      { status: 'unsubstantiated', note: 'No proof given.' },
      200,
    );
    await expectCountsExact(ctx.peek);

    // B rebuts A; a new claim C rebuts A and supports B; then B's rebuttal is taken back.
    await post(`/claims/${a.id}/rebuttals`, { claimId: b.id });
    const c = await post<Claim>(`/claims/${a.id}/rebuttals`, {
      slug: 'count-c',
      text: 'We will not win.',
      claimantId: 'ann',
      statedAt: '2024-01-03',
      tags: ['alpha'],
      quotes: [{ sourceId: 'short-lived', exact: 'Then we rest' }],
    });
    await post(`/claims/${b.id}/supports`, { claimId: c.id });
    // C's date moves the copies its tag and its links keep of it.
    await patch(`/claims/${c.id}`, { statedAt: '2023-12-30' });
    await expectCountsExact(ctx.peek);
    // Ann's new names are in the search documents of every claim she made.
    await patch('/actors/ann', { name: 'Ann Other', aliases: ['Annie', '@ann'] });
    await expectCountsExact(ctx.peek);
    expect((await ok(send<Claim>(ctx.app, 'GET', `/claims/${a.id}`))).rebuttalCount).toBe(2);
    await remove(`/claims/${a.id}/rebuttals/${b.id}`);
    await expectCountsExact(ctx.peek);

    // Evidence added to B, one item removed, one backing a verdict.
    const first = await post<{ id: string }>(`/claims/${b.id}/evidence`, {
      slug: 'count-evidence-1',
      stance: 'context',
      summary: 'Some context.',
    });
    await post(`/claims/${b.id}/evidence`, {
      slug: 'count-evidence-2',
      stance: 'refutes',
      summary: 'A refutation.',
      sourceId: 'echo',
      quote: { exact: 'Then we rest' },
    });
    await remove(`/evidence/${first.id}`);
    await post(`/claims/${b.id}/status`, { status: 'refuted', note: 'Refuted.' }, 200);
    expect((await ok(send<Claim>(ctx.app, 'GET', `/claims/${b.id}`))).evidenceCount).toBe(1);
    await expectCountsExact(ctx.peek);

    // C goes with its tag, its quote, its rebuttal of A and its support of B.
    await remove(`/claims/${c.id}`);
    expect((await ok(send<Claim>(ctx.app, 'GET', `/claims/${a.id}`))).rebuttalCount).toBe(0);
    await expectCountsExact(ctx.peek);

    // A claimant and a source left without claims can go; their claims took their counts.
    const brief = await post<Claim>('/claims', {
      slug: 'count-brief',
      text: 'Brief.',
      claimantId: 'gone-soon',
      statedAt: '2024',
      tags: ['fleeting'],
      quotes: [{ sourceId: 'short-lived', exact: 'We will win again' }],
    });
    await remove(`/claims/${brief.id}`);
    await remove('/actors/gone-soon');
    await remove('/sources/short-lived');
    expect(await rows("SELECT * FROM tag_counts WHERE tag = 'fleeting'")).toEqual([]);
    await expectCountsExact(ctx.peek);
  });

  it('stay exact through a bundle import that creates, changes and links claims', async () => {
    const report = await importBundle(
      bundle({
        actors: [
          { slug: 'cara', kind: 'person', name: 'Cara', aliases: [] },
          // A stored claimant renamed: its stored claims' documents are made again.
          { slug: 'bob', kind: 'person', name: 'Robert', aliases: ['Bob'] },
        ],
        sources: [{ slug: 'bundle-text', kind: 'article', text: ECHO }],
        claims: [
          {
            slug: 'bundle-1',
            text: 'Bundle one.',
            claimant: 'cara',
            statedAt: '2024-02-01',
            tags: ['bundled', 'shared'],
            quotes: [
              {
                source: 'bundle-text',
                exact: 'Then we rest',
                start: 32,
                end: 44,
                originalSource: 'echo',
              },
            ],
          },
          {
            slug: 'bundle-2',
            text: 'Bundle two.',
            claimant: 'cara',
            statedAt: '2024-02-02',
            status: 'disputed',
            statusNote: 'Contested.',
            tags: ['bundled'],
          },
          // A stored claim changed by the bundle: another claimant, tags and quotes.
          {
            slug: 'count-a',
            text: 'We will rest.',
            claimant: 'cara',
            statedAt: '2024-01-01',
            tags: ['bundled'],
            quotes: [{ source: 'bundle-text', exact: 'We will win', start: 0, end: 11 }],
          },
        ],
        links: [
          { from: 'bundle-1', kind: 'rebuts', to: 'bundle-2' },
          { from: 'count-b', kind: 'rebuts', to: 'bundle-2' },
          { from: 'bundle-2', kind: 'supports', to: 'count-a' },
        ],
        evidence: [
          { slug: 'bundle-evidence', claim: 'bundle-1', stance: 'context', summary: 'Context.' },
        ],
      }),
    );
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect((await ok(send<Claim>(ctx.app, 'GET', '/claims/bundle-2'))).rebuttalCount).toBe(2);
    await expectCountsExact(ctx.peek);
  });

  it('stay exact through an NDJSON import whose records name rows that come later', async () => {
    const lines = [
      // Links, evidence and a quote before the claims, sources and actor they name.
      { type: 'link', from: 'stream-1', kind: 'rebuts', to: 'stream-2' },
      { type: 'link', from: 'stream-2', kind: 'rebuts', to: 'count-b' },
      // Turns a stored support into a rebuttal.
      { type: 'link', from: 'bundle-2', kind: 'rebuts', to: 'count-a' },
      {
        type: 'evidence',
        slug: 'stream-evidence',
        claim: 'stream-2',
        stance: 'context',
        summary: 'S.',
      },
      // Moves evidence from one claim to another.
      {
        type: 'evidence',
        slug: 'bundle-evidence',
        claim: 'count-a',
        stance: 'context',
        summary: 'Moved.',
      },
      {
        type: 'quote',
        claim: 'count-b',
        source: 'stream-text',
        exact: 'We will',
        start: 0,
        end: 7,
      },
      {
        type: 'claim',
        slug: 'stream-1',
        text: 'Stream one.',
        claimant: 'dan',
        statedAt: '2024-03-01',
        tags: ['streamed', 'shared'],
        quotes: [{ source: 'stream-text', exact: 'Then we rest', start: 32, end: 44 }],
      },
      {
        type: 'claim',
        slug: 'stream-2',
        text: 'Stream two.',
        claimant: 'dan',
        statedAt: '2024-03-02',
        tags: ['streamed'],
      },
      { type: 'source', slug: 'stream-text', kind: 'article', text: ECHO },
      { type: 'actor', slug: 'dan', kind: 'person', name: 'Dan', aliases: [] },
    ];
    const report = await importNdjson(lines);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const stored = await rows("SELECT claim_count AS n FROM actors WHERE slug = 'dan'");
    expect(stored).toEqual([{ n: 2 }]);
    await expectCountsExact(ctx.peek);

    // The same stream again changes nothing, the counts included.
    const before = await driftedCounts(ctx.peek);
    const counts = await rows('SELECT slug, claim_count FROM actors ORDER BY slug');
    expect((await importNdjson(lines)).body).toMatchObject({ changed: false });
    expect(await rows('SELECT slug, claim_count FROM actors ORDER BY slug')).toEqual(counts);
    expect(await driftedCounts(ctx.peek)).toEqual(before);
  });

  it('stay exact through an import that moves the date of a stored claim with tags and links', async () => {
    const mover = { slug: 'date-mover', text: 'My date moves.', tags: ['moving'] };
    await post('/claims', { ...mover, claimantId: 'ann', statedAt: '2024-05-01' });
    await post('/claims/count-b/rebuttals', { claimId: 'date-mover' });
    const report = await importBundle(
      bundle({ claims: [{ ...mover, claimant: 'ann', statedAt: '2019-05-01' }] }),
    );
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(await rows("SELECT stated_at FROM claim_tags WHERE tag = 'moving'")).toEqual([
      { stated_at: '2019-05-01' },
    ]);
    await expectCountsExact(ctx.peek);
  });

  it('are left as they were by an import that fails or only tries', async () => {
    const snapshot = async () => ({
      actors: await rows('SELECT slug, claim_count FROM actors ORDER BY slug'),
      tags: await rows('SELECT tag, claim_count FROM tag_counts ORDER BY tag'),
      statuses: await rows('SELECT status, claim_count FROM status_counts ORDER BY status'),
    });
    const before = await snapshot();
    const claim = {
      type: 'claim',
      slug: 'never-kept',
      text: 'Never kept.',
      claimant: 'dan',
      statedAt: '2024',
      tags: ['never'],
    };
    expect((await importNdjson([claim, { ...claim, claimant: 'nobody-at-all' }])).status).toBe(422);
    const { type: _type, ...record } = claim;
    const dry = await importBundle(bundle({ claims: [record] }), '?dryRun=true');
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(await snapshot()).toEqual(before);
    await expectCountsExact(ctx.peek);
  });

  it('stay exact through a ClaimReview import', async () => {
    const review = {
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://checker.example/review/counted',
      claimReviewed: 'Everything is counted twice',
      datePublished: '2024-04-01',
      author: { '@type': 'Organization', name: 'Count Checks' },
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Person', name: 'Eve Counter' },
        datePublished: '2024-03-30',
        appearance: [{ '@type': 'CreativeWork', url: 'https://example.org/counted' }],
      },
      reviewRating: {
        '@type': 'Rating',
        ratingValue: '1',
        bestRating: '5',
        alternateName: 'False',
      },
    };
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/import/claimreview',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/ld+json' },
      payload: JSON.stringify(review),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(await rows("SELECT claim_count AS n FROM tag_counts WHERE tag = 'claimreview'")).toEqual(
      [{ n: 1 }],
    );
    await expectCountsExact(ctx.peek);
  });

  it('are what /stats, /tags, /actors, /sources and /claims answer', async () => {
    const stats = await ok(
      send<{
        claimCount: number;
        byStatus: Record<string, number>;
        byClaimant: { claimant: { slug: string }; claimCount: number }[];
      }>(ctx.app, 'GET', '/stats'),
    );
    const perStatus = await rows('SELECT status, count(*) AS n FROM claims GROUP BY status');
    expect(stats.claimCount).toBe((await rows('SELECT count(*) AS n FROM claims'))[0]?.n);
    for (const { status, n } of perStatus) expect(stats.byStatus[String(status)]).toBe(n);
    expect(stats.byClaimant.map((c) => [c.claimant.slug, c.claimCount])).toEqual(
      (
        await rows(
          `SELECT a.slug, count(*) AS n FROM claims c JOIN actors a ON a.id = c.claimant_id
           GROUP BY a.slug ORDER BY n DESC, a.slug`,
        )
      ).map((r) => [r.slug, r.n]),
    );

    // Quoted, so that PostgreSQL keeps the name's capital.
    expect(await everyTag(ctx)).toEqual(
      await rows(
        'SELECT tag, count(*) AS "claimCount" FROM claim_tags GROUP BY tag ORDER BY "claimCount" DESC, tag',
      ),
    );

    const actors = await everyItem<{ id: string; claimCount: number }>('/actors');
    const claimsBy = new Map(
      (await rows('SELECT claimant_id AS id, count(*) AS n FROM claims GROUP BY claimant_id')).map(
        (r) => [r.id, r.n],
      ),
    );
    expect(actors.length).toBeGreaterThan(5);
    for (const actor of actors) expect(actor.claimCount).toBe(claimsBy.get(actor.id) ?? 0);
    const one = await ok(send<{ claimCount: number }>(ctx.app, 'GET', '/actors/bob'));
    expect(one.claimCount).toBe(
      (await rows("SELECT claim_count AS n FROM actors WHERE slug = 'bob'"))[0]?.n,
    );

    const quoteCount = async (id: string) =>
      (
        await rows(
          `SELECT (SELECT count(*) FROM quotes WHERE source_id = '${id}')
             + (SELECT count(*) FROM quotes WHERE original_source_id = '${id}') AS n`,
        )
      )[0]?.n;
    const sources = await everyItem<{ id: string; quoteCount: number }>('/sources');
    for (const source of sources) expect(source.quoteCount).toBe(await quoteCount(source.id));
    const echo = await ok(
      send<{ id: string; quoteCount: number }>(ctx.app, 'GET', '/sources/echo'),
    );
    expect(echo.quoteCount).toBe(await quoteCount(echo.id));
    expect(echo.quoteCount).toBeGreaterThan(0);

    const claims = await everyItem<{ id: string; rebuttalCount: number; evidenceCount: number }>(
      '/claims',
    );
    const counted = new Map(
      (
        await rows(
          `SELECT c.id,
             (SELECT count(*) FROM claim_links l WHERE l.to_claim_id = c.id AND l.kind = 'rebuts') AS r,
             (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id) AS e
           FROM claims c`,
        )
      ).map((row) => [row.id, [row.r, row.e]]),
    );
    expect(claims).toHaveLength(counted.size);
    for (const claim of claims)
      expect([claim.rebuttalCount, claim.evidenceCount]).toEqual(counted.get(claim.id));
  });
});

describe('bounded catalog answers', () => {
  it('list the 100 claimants with the most claims, and every tag a page at a time, most used first', async () => {
    // 120 claimants with 1 to 3 claims each; 1200 tags on few claims each.
    const actors = Array.from({ length: 120 }, (_, i) => ({
      slug: `many-${String(i).padStart(3, '0')}`,
      kind: 'person' as const,
      name: `Many ${i}`,
      aliases: [],
    }));
    const claims = actors.flatMap((actor, i) =>
      Array.from({ length: 1 + (i % 3) }, (_, j) => ({
        slug: `${actor.slug}-claim-${j}`,
        text: `Claim ${j} of ${actor.name}`,
        claimant: actor.slug,
        statedAt: '2025',
        tags: Array.from({ length: 10 }, (_, t) => `tag-${(i * 10 + t + j) % 1200}`),
      })),
    );
    const report = await importBundle(bundle({ actors, claims }));
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    await expectCountsExact(ctx.peek);

    const stats = await ok(
      send<{ byClaimant: { claimant: { slug: string }; claimCount: number }[] }>(
        ctx.app,
        'GET',
        '/stats',
      ),
    );
    expect(stats.byClaimant).toHaveLength(100);
    expect(stats.byClaimant.map((c) => [c.claimant.slug, c.claimCount])).toEqual(
      (
        await rows(
          `SELECT a.slug, count(*) AS n FROM claims c JOIN actors a ON a.id = c.claimant_id
           GROUP BY a.slug ORDER BY n DESC, a.slug LIMIT 100`,
        )
      ).map((r) => [r.slug, r.n]),
    );

    const page = await ok(
      send<{ items: { tag: string; claimCount: number }[] }>(ctx.app, 'GET', '/tags?limit=100'),
    );
    expect((await rows('SELECT count(DISTINCT tag) AS n FROM claim_tags'))[0]?.n).toBeGreaterThan(
      1000,
    );
    const inOrder = await rows(
      `SELECT tag, count(*) AS "claimCount" FROM claim_tags GROUP BY tag
       ORDER BY "claimCount" DESC, tag`,
    );
    expect(page.items).toEqual(inOrder.slice(0, 100));
    expect(await everyTag(ctx)).toEqual(inOrder);
  });
});

/** Every tag with its count, following /tags' cursors a full page at a time. */
async function everyTag({ app }: TestContext): Promise<{ tag: string; claimCount: number }[]> {
  const items: { tag: string; claimCount: number }[] = [];
  for (let cursor: string | null = ''; cursor !== null; ) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: { items: { tag: string; claimCount: number }[]; nextCursor: string | null } =
      await ok(send(app, 'GET', `/tags?limit=100${query}`));
    items.push(...page.items);
    cursor = page.nextCursor;
  }
  return items;
}
