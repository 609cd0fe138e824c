import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../src/lib/problem.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

/**
 * One write path: every rule case below is tried through the write API and through an import of
 * the same change, on the same record. Both must refuse it alike (422 and the same problem type)
 * and write nothing.
 */
let ctx: TestContext;
let key: string;

beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(async () => ctx.close());

const TABLES = [
  'actors',
  'sources',
  'claims',
  'claim_links',
  'evidence',
  'quotes',
  'status_history',
  'audit_log',
];

/** Row counts of every table a write could touch, and every stored version. */
async function footprint(): Promise<string> {
  const counts = await Promise.all(
    TABLES.map((table) => ctx.peek.value<number>(`SELECT count(*) AS n FROM ${table}`)),
  );
  const versions = await ctx.peek.rows(
    'SELECT id, version FROM actors UNION ALL SELECT id, version FROM claims ORDER BY 1',
  );
  return JSON.stringify({ counts, versions });
}

async function exported(slug: string, type: 'actor' | 'claim'): Promise<Record<string, unknown>> {
  const response = await ctx.app.inject({
    url: '/export',
    headers: { accept: 'application/x-ndjson' },
  });
  const record = response.body
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((r) => r.type === type && r.slug === slug);
  if (!record) throw new Error(`${type} ${slug} is not in the export`);
  const { type: _type, ...rest } = record;
  return rest;
}

type Case = {
  name: string;
  /** Makes the state both attempts start from (runs once). */
  setup?: () => Promise<void>;
  api: () => Promise<{ status: number; body: Problem }>;
  importBody: () => Promise<Record<string, unknown>>;
  status: number;
  type: string;
};

const claimA = 'pompeo-iran-al-qaeda-new-home-base';
const claimB = 'zarif-pompeo-warmongering-lies';

const cases: Case[] = [
  {
    name: 'an affiliation cycle',
    setup: async () => {
      await send(ctx.app, 'POST', '/actors', {
        key,
        body: { slug: 'parity-parent', kind: 'organization', name: 'Parity Parent' },
      });
      await send(ctx.app, 'POST', '/actors', {
        key,
        body: {
          slug: 'parity-child',
          kind: 'organization',
          name: 'Parity Child',
          affiliationId: 'parity-parent',
        },
      });
    },
    api: () =>
      send(ctx.app, 'PATCH', '/actors/parity-parent', {
        key,
        body: { affiliationId: 'parity-child' },
      }),
    importBody: async () =>
      doc({
        actors: [{ ...(await exported('parity-parent', 'actor')), affiliation: 'parity-child' }],
      }),
    status: 422,
    type: 'affiliation-cycle',
  },
  {
    name: 'a status change without a note',
    api: () => send(ctx.app, 'PATCH', `/claims/${claimA}`, { key, body: { status: 'disputed' } }),
    importBody: async () => {
      const { statusNote: _note, ...claim } = await exported(claimA, 'claim');
      return doc({ claims: [{ ...claim, status: 'disputed' }] });
    },
    status: 422,
    type: 'status-needs-note',
  },
  {
    name: 'a verdict without the evidence it rests on',
    api: () =>
      send(ctx.app, 'POST', `/claims/${claimB}/status`, {
        key,
        body: { status: 'supported', note: 'Checked.' },
      }),
    importBody: async () =>
      doc({
        claims: [
          { ...(await exported(claimB, 'claim')), status: 'supported', statusNote: 'Checked.' },
        ],
      }),
    status: 422,
    type: 'verdict-needs-evidence',
  },
  {
    name: 'a quote off its offsets',
    api: () =>
      send(ctx.app, 'POST', '/claims', {
        key,
        body: {
          text: 'Off its offsets',
          claimantId: 'mike-pompeo',
          statedAt: '2021-01-12',
          quotes: [{ sourceId: 'article', exact: 'new home base', start: 0, end: 13 }],
        },
      }),
    importBody: async () =>
      doc({
        claims: [
          {
            slug: 'off-its-offsets',
            text: 'Off its offsets',
            claimant: 'mike-pompeo',
            statedAt: '2021-01-12',
            quotes: [{ source: 'article', exact: 'new home base', start: 0, end: 13 }],
          },
        ],
      }),
    status: 422,
    type: 'quote-not-anchored',
  },
  {
    name: 'a duplicate link',
    setup: async () => {
      await send(ctx.app, 'POST', `/claims/${claimA}/rebuttals`, {
        key,
        body: { claimId: claimB },
      });
    },
    api: () =>
      send(ctx.app, 'POST', `/claims/${claimA}/rebuttals`, { key, body: { claimId: claimB } }),
    importBody: async () =>
      doc({
        links: [
          { from: claimB, kind: 'rebuts', to: claimA },
          { from: claimB, kind: 'rebuts', to: claimA },
        ],
      }),
    status: 422,
    type: 'duplicate-link',
  },
  {
    name: 'a claim linked to itself',
    api: () =>
      send(ctx.app, 'POST', `/claims/${claimA}/rebuttals`, { key, body: { claimId: claimA } }),
    importBody: async () => doc({ links: [{ from: claimA, kind: 'rebuts', to: claimA }] }),
    status: 422,
    type: 'self-link',
  },
  {
    name: 'a reference to nothing',
    api: () =>
      send(ctx.app, 'POST', '/claims', {
        key,
        body: { text: 'Said by nobody', claimantId: 'nobody-at-all', statedAt: '2021' },
      }),
    importBody: async () =>
      doc({
        claims: [
          {
            slug: 'said-by-nobody',
            text: 'Said by nobody',
            claimant: 'nobody-at-all',
            statedAt: '2021',
          },
        ],
      }),
    status: 422,
    type: 'unknown-reference',
  },
];

describe('one write path: the API and an import refuse a rule alike and write nothing', () => {
  it.each(cases)('when $name', async (c) => {
    await c.setup?.();
    const body = await c.importBody();
    const before = await footprint();

    const viaApi = await c.api();
    expect(await footprint()).toBe(before);
    const viaImport = await send<Problem>(ctx.app, 'POST', '/import', { key, body });
    expect(await footprint()).toBe(before);
    const viaNdjson = await ctx.app.inject({
      method: 'POST',
      url: '/import',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      payload: ndjsonOf(body),
    });
    expect(await footprint()).toBe(before);

    const expected = { status: c.status, type: `urn:factcheck:problem:${c.type}` };
    expect({ status: viaApi.status, type: viaApi.body.type }).toEqual(expected);
    expect({ status: viaImport.status, type: viaImport.body.type }).toEqual(expected);
    const ndjson = JSON.parse(viaNdjson.body) as Problem;
    expect({ status: viaNdjson.statusCode, type: ndjson.type }).toEqual(expected);
    expect(viaImport.body.errors?.every((e) => e.type === expected.type)).toBe(true);
  });

  it('refuses an import that makes two new actors each other’s affiliation (A→B, B→A)', async () => {
    const before = await footprint();
    const refused = await send<Problem>(ctx.app, 'POST', '/import', {
      key,
      body: doc({
        actors: [
          { slug: 'cycle-a', kind: 'organization', name: 'Cycle A', affiliation: 'cycle-b' },
          { slug: 'cycle-b', kind: 'organization', name: 'Cycle B', affiliation: 'cycle-a' },
        ],
      }),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.type).toBe('urn:factcheck:problem:affiliation-cycle');
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ path: 'actors.0.affiliation' }),
      expect.objectContaining({ path: 'actors.1.affiliation' }),
    ]);
    expect(await footprint()).toBe(before);
  });
});

/** A bundle document as a client would send it, records as they are. */
function doc(parts: Record<string, Record<string, unknown>[]>): Record<string, unknown> {
  return { format: 'factcheck-bundle', version: 1, ...parts };
}

const COLLECTION_TYPES: Record<string, string> = {
  actors: 'actor',
  sources: 'source',
  claims: 'claim',
  links: 'link',
  evidence: 'evidence',
};

/** The same records as NDJSON lines, each with its type. */
function ndjsonOf(document: Record<string, unknown>): string {
  return Object.entries(COLLECTION_TYPES)
    .flatMap(([collection, type]) =>
      ((document[collection] as Record<string, unknown>[] | undefined) ?? []).map((record) =>
        JSON.stringify({ type, ...record }),
      ),
    )
    .join('\n');
}
