import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Claim, ClaimListItem } from '../src/modules/claims/claims.schemas.js';
import { makeApp, makeKeys, ok, send, type TestContext } from './helpers/app.js';
import { bundle } from './helpers/bundles.js';

/**
 * `q` finds a claim by its claimant's name and aliases as well as by its text, tags and quotes,
 * and keeps finding it as the claimant is renamed, given other aliases or replaced, whichever
 * path writes the change.
 */
type Page = { items: ClaimListItem[]; nextCursor: string | null };

const ZARIF_CLAIMS = [
  'zarif-no-9-11-terrorists-from-iran',
  'zarif-pompeo-ending-disastrous-career',
  'zarif-pompeo-iran-declassifications-fictitious',
  'zarif-pompeo-warmongering-lies',
];

let ctx: TestContext;
let key: string;
beforeEach(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterEach(() => ctx.close());

const search = (q: string, more = '') =>
  ok(send<Page>(ctx.app, 'GET', `/claims?limit=100&q=${encodeURIComponent(q)}${more}`));
const found = async (q: string) => (await search(q)).items.map((item) => item.slug).sort();

describe('a search by claimant', () => {
  it('when the search names a claimant, then it finds the claims it made, with its name marked in the snippet', async () => {
    const page = await search('zarif');
    expect(page.items.map((item) => item.slug).sort()).toEqual(ZARIF_CLAIMS);
    for (const item of page.items) {
      expect(item.claimant?.slug).toBe('mohammad-javad-zarif');
      expect(item.snippet).toContain('Mohammad Javad <mark>Zarif</mark>');
    }
  });

  it('when the search gives an alias, with its @ or as two words, then it finds the same claims', async () => {
    const handle = await search('@JZarif');
    expect(handle.items.map((item) => item.slug).sort()).toEqual(ZARIF_CLAIMS);
    expect(handle.items[0]?.snippet).toContain('<mark>JZarif</mark>');
    expect(await found('"Javad Zarif"')).toEqual(ZARIF_CLAIMS);
    // Every word must still match: a claimant's name does not stand in for a missing word.
    expect(await found('zarif jcpoa')).toEqual([]);
    // A word of the claimant and a word of the text find the claims holding both.
    expect(await found('zarif favorite')).toEqual(['zarif-no-9-11-terrorists-from-iran']);
  });

  it('when one claim says the name and others only have it as claimant, then by relevance the claim that says it comes first', async () => {
    const says = await ok(
      send<Claim>(ctx.app, 'POST', '/claims', {
        key,
        body: { text: 'Zarif resigned.', claimantId: 'trita-parsi', statedAt: '2019-02-25' },
      }),
      201,
    );
    // Recorded later: among equal scores it would come first.
    const only = await ok(
      send<Claim>(ctx.app, 'POST', '/claims', {
        key,
        body: { text: 'We will not resign.', claimantId: 'mohammad-javad-zarif', statedAt: '2019' },
      }),
      201,
    );
    const page = await search('zarif', '&sort=relevance');
    const [first, second, ...rest] = page.items.map((item) => item.slug);
    expect([first, second]).toEqual([says.slug, only.slug]);
    expect(rest.sort()).toEqual(ZARIF_CLAIMS);
    // The snippet comes from the text that says it, not the claimant's names.
    expect(page.items[0]?.snippet).toMatch(/^<mark>Zarif<\/mark> resigned/);
  });
});

describe('the search after the claimant changes', () => {
  it('when the actor is renamed, then the new name finds its claims and the old one no longer does', async () => {
    const renamed = await ok(
      send<{ name: string }>(ctx.app, 'PATCH', '/actors/mohammad-javad-zarif', {
        key,
        body: { name: 'Mohammad Javad Zareef' },
      }),
    );
    expect(renamed.name).toBe('Mohammad Javad Zareef');
    expect(await found('zareef')).toEqual(ZARIF_CLAIMS);
    // Still an alias.
    expect(await found('"Javad Zarif"')).toEqual(ZARIF_CLAIMS);

    const realiased = await ok(
      send<{ aliases: string[] }>(ctx.app, 'PATCH', '/actors/mohammad-javad-zarif', {
        key,
        body: { aliases: ['@JZareef'] },
      }),
    );
    expect(realiased.aliases).toEqual(['@JZareef']);
    expect(await found('zarif')).toEqual([]);
    expect(await found('jzarif')).toEqual([]);
    expect(await found('jzareef')).toEqual(ZARIF_CLAIMS);
    const page = await search('jzareef');
    expect(page.items[0]?.snippet).toContain('<mark>JZareef</mark>');
  });

  it('when a claim is given another claimant, then the new claimant finds it and the old one no longer does', async () => {
    const moved = await ok(
      send<Claim>(ctx.app, 'PATCH', '/claims/zarif-pompeo-warmongering-lies', {
        key,
        body: { claimantId: 'saeed-khatibzadeh' },
      }),
    );
    expect(moved.claimant?.slug).toBe('saeed-khatibzadeh');
    expect(await found('zarif')).toEqual(
      ZARIF_CLAIMS.filter((slug) => slug !== 'zarif-pompeo-warmongering-lies'),
    );
    expect(await found('khatibzadeh')).toContain('zarif-pompeo-warmongering-lies');
  });

  it('when an actor has no claims, then renaming it finds nothing new', async () => {
    await ok(
      send(ctx.app, 'POST', '/actors', {
        key,
        body: { kind: 'person', slug: 'quiet', name: 'Quiet One' },
      }),
      201,
    );
    await ok(send(ctx.app, 'PATCH', '/actors/quiet', { key, body: { name: 'Zarif Quiet' } }));
    expect(await found('zarif')).toEqual(ZARIF_CLAIMS);
  });
});

describe('the search after an import', () => {
  it('when a bundle brings an actor with aliases and its claims, then they are found by its name and aliases', async () => {
    const imported = await send(ctx.app, 'POST', '/import', {
      key,
      body: bundle({
        actors: [
          {
            slug: 'hassan-rouhani',
            kind: 'person',
            name: 'Hassan Rouhani',
            aliases: ['@HassanRouhani'],
          },
        ],
        claims: [
          {
            slug: 'rouhani-talks',
            text: 'We are ready for talks.',
            claimant: 'hassan-rouhani',
            statedAt: '2019-05-01',
          },
        ],
      }),
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(await found('rouhani')).toEqual(['rouhani-talks']);
    expect(await found('@HassanRouhani')).toEqual(['rouhani-talks']);
    const page = await search('rouhani');
    expect(page.items[0]?.snippet).toContain('Hassan <mark>Rouhani</mark>');
  });

  it('when an import renames a stored actor, then its stored claims are found by the new name', async () => {
    const imported = await send(ctx.app, 'POST', '/import', {
      key,
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify({
        type: 'actor',
        slug: 'mohammad-javad-zarif',
        kind: 'person',
        name: 'M. J. Zareef',
        aliases: [],
      })}\n`,
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(await found('zareef')).toEqual(ZARIF_CLAIMS);
    expect(await found('zarif')).toEqual([]);
  });
});
