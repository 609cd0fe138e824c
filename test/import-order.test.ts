import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../src/lib/problem.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

/**
 * Records may come in any order: rules that span records hold for the import as a whole, and
 * ambiguous ids are refused by name instead of surfacing as a broken reference at commit.
 */
let ctx: TestContext;
let key: string;

beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(async () => ctx.close());

async function ndjson(lines: object[], query = '') {
  const response = await ctx.app.inject({
    method: 'POST',
    url: `/import${query}`,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    payload: lines.map((line) => JSON.stringify(line)).join('\n'),
  });
  return { status: response.statusCode, body: JSON.parse(response.body) as Problem };
}

async function versionOf(slug: string): Promise<number> {
  return (await send<{ version: number }>(ctx.app, 'GET', `/claims/${slug}`)).body.version;
}

const COLLINS = 'collins-capitol-mob-was-iranians';

describe('imports that depend on record order', () => {
  it('when the evidence a verdict rests on is turned round and replaced in one import, then either order is accepted', async () => {
    const evidence = await send<{ items: { slug: string; summary: string; stance: string }[] }>(
      ctx.app,
      'GET',
      `/claims/${COLLINS}/evidence`,
    );
    const refuting = evidence.body.items.find((item) => item.stance === 'refutes');
    if (!refuting) throw new Error('the seed has evidence refuting Collins’s claim');
    const turned = {
      type: 'evidence',
      slug: refuting.slug,
      claim: COLLINS,
      stance: 'context',
      summary: refuting.summary,
    };
    const replacement = (slug: string) => ({
      type: 'evidence',
      slug,
      claim: COLLINS,
      stance: 'refutes',
      summary: 'Officials found no sign of Iranian involvement.',
    });
    const dry = '?dryRun=true';
    expect((await ndjson([turned, replacement('replacement-a')], dry)).status).toBe(200);
    expect((await ndjson([replacement('replacement-b'), turned], dry)).status).toBe(200);
  });

  it('when affiliations are swapped in one import, then the final state counts, not a step on the way', async () => {
    for (const body of [
      { slug: 'swap-a', kind: 'organization', name: 'Swap A' },
      { slug: 'swap-b', kind: 'organization', name: 'Swap B', affiliationId: 'swap-a' },
    ]) {
      expect((await send(ctx.app, 'POST', '/actors', { key, body })).status).toBe(201);
    }
    const swapped = await ndjson([
      {
        type: 'actor',
        slug: 'swap-a',
        kind: 'organization',
        name: 'Swap A',
        affiliation: 'swap-b',
      },
      { type: 'actor', slug: 'swap-b', kind: 'organization', name: 'Swap B', affiliation: null },
    ]);
    expect(swapped.status).toBe(200);
    const a = await send<{ affiliation: { slug: string } | null }>(
      ctx.app,
      'GET',
      '/actors/swap-a',
    );
    expect(a.body.affiliation?.slug).toBe('swap-b');
  });
});

describe('ids an import cannot reconcile', () => {
  it('when a slug is referenced before a record gives it to a stored row, then the import names that record, dry run or not', async () => {
    const pompeo = await send<{ id: string }>(ctx.app, 'GET', '/actors/mike-pompeo');
    const lines = [
      {
        type: 'claim',
        slug: 'said-by-a-renamed-actor',
        text: 'Said by an actor renamed below',
        claimant: 'pompeo-renamed',
        statedAt: '2021',
      },
      {
        type: 'actor',
        id: pompeo.body.id,
        slug: 'pompeo-renamed',
        kind: 'person',
        name: 'Mike Pompeo',
      },
    ];
    for (const query of ['?dryRun=true', '']) {
      const refused = await ndjson(lines, query);
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toContainEqual(expect.objectContaining({ path: 'lines.2.slug' }));
    }
    expect((await send(ctx.app, 'GET', '/actors/mike-pompeo')).status).toBe(200);
  });

  it('when one id is given to two slugs, then the second is refused', async () => {
    const id = 'act_sameidtwice0001';
    const refused = await ndjson([
      { type: 'actor', id, slug: 'first-slug', kind: 'person', name: 'One' },
      { type: 'actor', id, slug: 'second-slug', kind: 'person', name: 'Two' },
    ]);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ path: 'lines.2.id' }));
  });

  it('when one slug comes twice without an id, then the second is refused', async () => {
    const refused = await ndjson([
      { type: 'actor', slug: 'met-twice', kind: 'person', name: 'One' },
      { type: 'actor', slug: 'met-twice', kind: 'person', name: 'Two' },
    ]);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        path: 'lines.2.slug',
        message: "actor 'met-twice' appears twice in the import",
      }),
    ]);
    expect((await send(ctx.app, 'GET', '/actors/met-twice')).status).toBe(404);
  });

  it('when a claim names its claimant before the claimant’s record, then both land, linked', async () => {
    const imported = await ndjson([
      {
        type: 'claim',
        slug: 'said-first',
        text: 'Said before we met',
        claimant: 'met-later',
        statedAt: '2021',
      },
      { type: 'actor', slug: 'met-later', kind: 'person', name: 'Met Later' },
    ]);
    expect(imported.status).toBe(200);
    const actor = await send<{ id: string }>(ctx.app, 'GET', '/actors/met-later');
    const claim = await send<{ claimant: { id: string } }>(ctx.app, 'GET', '/claims/said-first');
    expect(actor.status).toBe(200);
    expect(claim.body.claimant.id).toBe(actor.body.id);
  });
});

describe('versions an import moves on', () => {
  it('when an import adds a quote record or a link to stored claims, then their versions move on, even beside history already stored', async () => {
    const claim = 'zarif-pompeo-warmongering-lies';
    const before = await versionOf(claim);
    const quoted = await ndjson([
      {
        type: 'quote',
        claim,
        source: 'article',
        exact: 'Al-Qaeda has a new home base',
        start: 802,
        end: 830,
      },
    ]);
    expect(quoted.status).toBe(200);
    expect(await versionOf(claim)).toBe(before + 1);

    const history = await send<{ items: { status: string; changedAt: string }[] }>(
      ctx.app,
      'GET',
      `/claims/${claim}/history`,
    );
    const [first] = history.body.items;
    if (!first) throw new Error('every claim has a first history entry');
    const linked = await ndjson([
      { type: 'status', claim, status: first.status, changedAt: first.changedAt },
      {
        type: 'link',
        from: claim,
        kind: 'rebuts',
        to: 'pompeo-iran-al-qaeda-axis-grave-threat',
      },
    ]);
    expect(linked.status).toBe(200);
    expect(await versionOf(claim)).toBe(before + 2);
  });
});

describe('history of the claims an import creates', () => {
  type History = {
    items: { status: string; previousStatus: string | null; changedBy: string | null }[];
  };
  const claim = (slug: string) => ({
    type: 'claim',
    slug,
    text: `Claim ${slug} made by the import.`,
    claimant: 'mike-pompeo',
    statedAt: '2021-01-12',
    status: 'disputed',
    statusNote: 'Contested by the officials named.',
    tags: [],
    quotes: [],
  });
  const status = (slug: string) => ({
    type: 'status',
    claim: slug,
    status: 'disputed',
    note: 'Contested by the officials named.',
    changedAt: '2021-01-13T09:00:00.000Z',
  });
  const historyOf = async (slug: string) =>
    (await send<History>(ctx.app, 'GET', `/claims/${slug}/history`)).body.items;

  it('when a claim comes without history, then it gets one entry with the status it was created with; with history, before or after it, exactly that history', async () => {
    const { status: code } = await ndjson([
      claim('history-none'),
      claim('history-after'),
      status('history-after'),
      status('history-before'),
      claim('history-before'),
    ]);
    expect(code).toBe(200);
    expect(await historyOf('history-none')).toEqual([
      expect.objectContaining({ status: 'disputed', previousStatus: null }),
    ]);
    for (const slug of ['history-after', 'history-before']) {
      const items = await historyOf(slug);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ status: 'disputed', changedAt: '2021-01-13T09:00:00.000Z' });
    }
  });
});
