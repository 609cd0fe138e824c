import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleFile, SEED_BUNDLE } from '../src/db/seed.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

type Report = {
  dryRun: boolean;
  changed: boolean;
  counts: Record<string, { created: number; updated: number; unchanged: number }>;
};
type Problem = {
  type: string;
  status: number;
  detail: string;
  errors: { path: string; message: string; type?: string }[];
};

let empty: TestContext;
let seeded: TestContext;
let keys: { editor: string };
let seededKey: string;
beforeAll(async () => {
  empty = await makeApp({ seed: false });
  seeded = await makeApp();
  keys = await makeKeys(empty.store);
  seededKey = (await makeKeys(seeded.store)).editor;
});
afterAll(async () => {
  await empty.close();
  await seeded.close();
});

const count = (ctx: TestContext, table: string) =>
  ctx.peek.value<number>(`SELECT count(*) AS n FROM ${table}`);
const seedBundle = () =>
  readBundleFile(SEED_BUNDLE) as { claims: { quotes: { start: number }[] }[] };

async function exportOf(ctx: TestContext, accept = 'application/json') {
  const response = await ctx.app.inject({ url: '/export', headers: { accept } });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain(accept);
  return response.body;
}

describe('POST /import (bundle)', () => {
  it('when the bundle has one bad record in the middle, then 422 lists it and nothing is written', async () => {
    const bundle = seedBundle();
    const quote = bundle.claims[7]?.quotes[0];
    if (quote) quote.start += 3;
    (bundle as unknown as { actors: Record<string, unknown>[] }).actors[2] = {
      slug: 'Bad Slug',
      kind: 'alien',
    };
    const { status, body, headers } = await send<Problem>(empty.app, 'POST', '/import', {
      key: keys.editor,
      body: bundle,
    });
    expect(status).toBe(422);
    expect(headers['content-type']).toContain('application/problem+json');
    expect(body.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['actors.2.slug', 'actors.2.kind']),
    );
    expect(
      (await count(empty, 'actors')) +
        (await count(empty, 'claims')) +
        (await count(empty, 'sources')),
    ).toBe(0);

    const onlyQuote = seedBundle();
    const q = onlyQuote.claims[7]?.quotes[0];
    if (q) q.start += 3;
    const anchored = await send<Problem>(empty.app, 'POST', '/import', {
      key: keys.editor,
      body: onlyQuote,
    });
    expect(anchored.status).toBe(422);
    expect(anchored.body.errors).toEqual([
      {
        path: 'claims.7.quotes.0',
        message: expect.stringContaining('the text at'),
        type: 'urn:factcheck:problem:quote-not-anchored',
      },
    ]);
    expect(anchored.body.type).toBe('urn:factcheck:problem:quote-not-anchored');
    expect(await count(empty, 'claims')).toBe(0);
  });

  it('when run as a dry run, then it reports what it would do and writes nothing', async () => {
    const auditBefore = await count(empty, 'audit_log');
    const { status, body } = await send<Report>(empty.app, 'POST', '/import?dryRun=true', {
      key: keys.editor,
      body: seedBundle(),
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      dryRun: true,
      changed: true,
      counts: { claims: { created: 29, updated: 0, unchanged: 0 } },
    });
    expect(await count(empty, 'claims')).toBe(0);
    expect(await count(empty, 'audit_log')).toBe(auditBefore);
  });

  it('creates the records, then a second import changes nothing', async () => {
    const first = await send<Report>(empty.app, 'POST', '/import', {
      key: keys.editor,
      body: seedBundle(),
    });
    expect(first.status).toBe(200);
    expect(first.body.counts.claims).toEqual({ created: 29, updated: 0, unchanged: 0 });
    expect(await count(empty, 'audit_log')).toBeGreaterThan(40);
    const second = await send<Report>(empty.app, 'POST', '/import', {
      key: keys.editor,
      body: seedBundle(),
    });
    expect(second.body.changed).toBe(false);
    for (const counts of Object.values(second.body.counts))
      expect(counts.created + counts.updated).toBe(0);
  });

  // A database of its own, seeded: slower than the shared ones on a loaded machine.
  it('with existing=keep, then stored records are left as they are and the differing ones listed', async () => {
    const ctx = await makeApp();
    try {
      const key = (await makeKeys(ctx.store)).editor;
      const bundle = readBundleFile(SEED_BUNDLE) as {
        claims: { slug: string; tags: string[]; quotes: unknown[] }[];
      };
      const claim = bundle.claims.find((c) => c.slug === 'zarif-no-9-11-terrorists-from-iran');
      if (!claim) throw new Error('missing claim');
      const lines = [
        { type: 'actor', slug: 'kept-test-actor', kind: 'person', name: 'Kept Test' },
        { type: 'claim', ...claim, tags: ['changed'] },
        { type: 'quote', claim: claim.slug, ...(claim.quotes[0] as object) },
        {
          type: 'status',
          claim: claim.slug,
          status: 'unverified',
          changedAt: '2030-01-01T00:00:00.000Z',
        },
      ];
      const auditBefore = await count(ctx, 'audit_log');
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/import?existing=keep',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
        payload: lines.map((line) => JSON.stringify(line)).join('\n'),
      });
      expect(response.statusCode, response.body).toBe(200);
      const report = response.json();
      expect(report.counts.actors).toEqual({ created: 1, updated: 0, unchanged: 0, kept: 0 });
      expect(report.counts.claims).toEqual({ created: 0, updated: 0, unchanged: 0, kept: 1 });
      expect(report.counts.quotes).toEqual({ created: 0, updated: 0, unchanged: 1, kept: 0 });
      expect(report.counts.statuses).toEqual({ created: 0, updated: 0, unchanged: 0, kept: 1 });
      expect(report.differing).toEqual([
        { type: 'claim', key: claim.slug, fields: ['tags'] },
        { type: 'status', key: claim.slug, fields: ['history'] },
      ]);
      expect(await count(ctx, 'audit_log')).toBe(Number(auditBefore) + 1);
      const tags = await ctx.peek.values(
        'SELECT tag FROM claim_tags t JOIN claims c ON c.id = t.claim_id WHERE c.slug = ? ORDER BY tag',
        claim.slug,
      );
      expect(tags).toEqual([...claim.tags].sort());

      const unknown = await send<Problem>(ctx.app, 'POST', '/import?existing=merge', {
        key,
        body: seedBundle(),
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors.map((e) => e.path)).toEqual(['query.existing']);
    } finally {
      await ctx.close();
    }
  }, 30_000);

  it('needs an editor key', async () => {
    expect((await send(empty.app, 'POST', '/import', { body: seedBundle() })).status).toBe(401);
  });
});

describe('GET /export', () => {
  it('streams the record as a bundle, or as NDJSON lines in dependency order', async () => {
    const bundle = JSON.parse(await exportOf(seeded)) as Record<string, unknown[]>;
    expect(bundle.format).toBe('factcheck-bundle');
    expect(bundle.claims).toHaveLength(29);
    expect(bundle.statuses?.length).toBeGreaterThanOrEqual(29);
    const lines = (await exportOf(seeded, 'application/x-ndjson')).trim().split('\n');
    const types = lines.map((line) => (JSON.parse(line) as { type: string }).type);
    const order = ['actor', 'source', 'claim', 'link', 'evidence', 'status'];
    expect([...new Set(types)]).toEqual(order);
    expect(types).toEqual([...types].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  });

  it('round-trips: export, import into an empty database, export again gives the same output', async () => {
    // Some history first, so that the round trip carries more than the seed.
    const key = seededKey;
    await send(seeded.app, 'POST', '/claims/zarif-no-9-11-terrorists-from-iran/status', {
      key,
      body: { status: 'unsubstantiated', note: 'No evidence in the article.' },
    });
    const fresh = await makeApp({ seed: false });
    const freshKey = (await makeKeys(fresh.store)).editor;
    for (const accept of ['application/json', 'application/x-ndjson']) {
      const before = await exportOf(seeded, accept);
      if (accept === 'application/json') {
        const imported = await send<Report>(fresh.app, 'POST', '/import', {
          key: freshKey,
          body: JSON.parse(before),
        });
        expect(imported.status, JSON.stringify(imported.body).slice(0, 600)).toBe(200);
      }
      expect(await exportOf(fresh, accept)).toBe(before);
    }
    await fresh.close();
  });
});

describe('POST /import (NDJSON)', () => {
  const ndjson = (lines: unknown[]) =>
    lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');
  const post = (ctx: TestContext, key: string, payload: string, query = '') =>
    ctx.app.inject({
      method: 'POST',
      url: `/import${query}`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      payload,
    });

  it('gives the same database as the JSON bundle', async () => {
    const lines = (await exportOf(seeded, 'application/x-ndjson')).trim().split('\n');
    const fresh = await makeApp({ seed: false });
    const key = (await makeKeys(fresh.store)).editor;
    const response = await post(fresh, key, lines.join('\n'));
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    const report = JSON.parse(response.body) as Report & { records: number };
    expect(report.records).toBe(lines.length);
    expect(report.counts.claims?.created).toBe(29);
    expect(await exportOf(fresh, 'application/x-ndjson')).toBe(`${lines.join('\n')}\n`);
    const again = JSON.parse((await post(fresh, key, lines.join('\n'))).body) as Report;
    expect(again.changed).toBe(false);
    await fresh.close();
  });

  it('takes records in any order: a reference may come before what it names', async () => {
    const withoutIds = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((line) => {
          const { id: _id, ...record } = JSON.parse(line) as Record<string, unknown>;
          return JSON.stringify(record);
        });
    const lines = withoutIds(await exportOf(seeded, 'application/x-ndjson'));
    const fresh = await makeApp({ seed: false });
    const key = (await makeKeys(fresh.store)).editor;
    const response = await post(fresh, key, [...lines].reverse().join('\n'));
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    const after = withoutIds(await exportOf(fresh, 'application/x-ndjson'));
    expect(after.filter((line, i) => line !== lines[i]).slice(0, 3)).toEqual([]);
    expect(after).toEqual(lines);
    await fresh.close();
  });

  it('when one line in the middle is bad, then 422 names each bad line and nothing is written', async () => {
    const fresh = await makeApp({ seed: false });
    const key = (await makeKeys(fresh.store)).editor;
    const payload = ndjson([
      { type: 'actor', slug: 'a', kind: 'person', name: 'A' },
      '{not json',
      { type: 'claim', slug: 'c', text: 'C', claimant: 'nobody', statedAt: '2021' },
      { type: 'actor', slug: 'b', kind: 'robot', name: 'B' },
      '',
      { type: 'gossip' },
    ]);
    const response = await post(fresh, key, payload);
    expect(response.statusCode).toBe(422);
    const body = JSON.parse(response.body) as Problem;
    expect(body.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['lines.2', 'lines.4.kind', 'lines.6.type', 'lines.3.claimant']),
    );
    expect(await count(fresh, 'actors')).toBe(0);
    await fresh.close();
  });

  it('runs dry, and refuses a stream over the import limit (413)', async () => {
    const fresh = await makeApp({ seed: false });
    const key = (await makeKeys(fresh.store)).editor;
    const one = ndjson([{ type: 'actor', slug: 'a', kind: 'person', name: 'A' }]);
    const dry = JSON.parse((await post(fresh, key, one, '?dryRun=true')).body) as Report;
    expect(dry).toMatchObject({ dryRun: true, changed: true, counts: { actors: { created: 1 } } });
    expect(await count(fresh, 'actors')).toBe(0);
    await fresh.close();
    const small = await makeApp({ seed: false, importBodyLimit: 2048 });
    const smallKey = (await makeKeys(small.store)).editor;
    const big = ndjson(
      Array.from({ length: 100 }, (_, i) => ({
        type: 'actor',
        slug: `a-${i}`,
        kind: 'person',
        name: `A ${i}`,
      })),
    );
    const refused = await post(small, smallKey, big);
    expect(refused.statusCode).toBe(413);
    expect(await count(small, 'actors')).toBe(0);
    await small.close();
  });
});

describe('imports keep the rules of the write API', () => {
  const bundleOf = (parts: Record<string, unknown>) => ({
    format: 'factcheck-bundle',
    version: 1,
    ...parts,
  });

  it('refuses a new source text that breaks stored quotes, an unbacked verdict, and history for an existing claim', async () => {
    const text = await send<Problem>(seeded.app, 'POST', '/import', {
      key: seededKey,
      body: bundleOf({
        sources: [{ slug: 'article', kind: 'article', title: null, text: 'short' }],
      }),
    });
    expect(text.status).toBe(422);
    expect(text.body.errors[0]).toMatchObject({
      path: 'sources.0.text',
      message: expect.stringContaining('would break claims/'),
    });

    const claim = (slug: string, status: string) => ({
      slug,
      text: 'Collins says the mob was Iranian.',
      claimant: 'susan-collins',
      statedAt: '2021-01-11',
      status,
      statusNote: 'Checked against the record.',
    });
    const verdict = await send<Problem>(seeded.app, 'POST', '/import', {
      key: seededKey,
      body: bundleOf({ claims: [claim('import-supported', 'supported')] }),
    });
    expect(verdict.status).toBe(422);
    expect(verdict.body.errors).toEqual([
      {
        path: 'claims/import-supported',
        message: "status 'supported' needs at least one evidence item with stance 'supports'",
        type: 'urn:factcheck:problem:verdict-needs-evidence',
      },
    ]);

    const forged = await send<Problem>(seeded.app, 'POST', '/import', {
      key: seededKey,
      body: bundleOf({
        statuses: [
          {
            claim: 'collins-capitol-mob-was-iranians',
            status: 'supported',
            changedBy: 'admin',
            changedAt: '2020-01-01T00:00:00.000Z',
          },
        ],
      }),
    });
    expect(forged.status).toBe(422);
    expect(forged.body.errors[0]?.message).toContain('its history cannot be imported');
  });

  it('leaves a stored verdict alone when a record gives no status', async () => {
    const before = await send<{ status: string; statusNote: string }>(
      seeded.app,
      'GET',
      '/claims/collins-capitol-mob-was-iranians',
    );
    const report = await send<Report>(seeded.app, 'POST', '/import', {
      key: seededKey,
      body: bundleOf({
        claims: [
          {
            slug: 'collins-capitol-mob-was-iranians',
            text: 'The mob that stormed the US Capitol on January 6, 2021 was "the Iranians".',
            claimant: 'susan-collins',
            statedAt: '2021-01-11',
            tags: ['capitol-riot', 'disinformation', 'iran'],
            quotes: [],
          },
        ],
      }),
    });
    expect(report.status).toBe(200);
    const after = await send<{ status: string; statusNote: string }>(
      seeded.app,
      'GET',
      '/claims/collins-capitol-mob-was-iranians',
    );
    expect(after.body.status).toBe(before.body.status);
    expect(after.body.statusNote).toBe(before.body.statusNote);
  });
});
