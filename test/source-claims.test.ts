import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim, ClaimListItem } from '../src/modules/claims/claims.schemas.js';
import { makeApp, makeKeys, ok, send, type TestContext } from './helpers/app.js';

/** A source's claims, in every sort, stay right as claims, their quotes and dates change. */

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

type Page = { items: ClaimListItem[]; nextCursor: string | null };
const TEXT = 'Alpha said one. Beta said two. Gamma said three.';

const write = <T>(method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, status = 200) =>
  ok(send<T>(ctx.app, method, url, { key, body }), status);

/** Every claim of the source, two to a page, in the sort. */
async function claimsOf(source: string, sort: string): Promise<string[]> {
  const slugs: string[] = [];
  let cursor: string | null = null;
  do {
    const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: Page = await ok(
      send<Page>(ctx.app, 'GET', `/sources/${source}/claims?limit=2&sort=${sort}${after}`),
    );
    slugs.push(...page.items.map((item) => item.slug));
    cursor = page.nextCursor;
  } while (cursor);
  return slugs;
}

const claim = (slug: string, statedAt: string, quotes: object[]) =>
  write<Claim>(
    'POST',
    '/claims',
    { slug, text: `Claim ${slug}.`, claimantId: 'mike-pompeo', statedAt, quotes },
    201,
  );

describe('a source’s claims', () => {
  beforeAll(async () => {
    await write('POST', '/sources', { kind: 'speech', slug: 'spoken', text: TEXT }, 201);
    await write('POST', '/sources', { kind: 'article', slug: 'reported', text: TEXT }, 201);
    // Quoted twice in the one source; first said in `spoken`, reported in the other; once.
    await claim('twice', '2020-03', [
      { sourceId: 'spoken', exact: 'Alpha said one' },
      { sourceId: 'spoken', exact: 'Beta said two' },
    ]);
    await claim('first-said', '2021', [
      { sourceId: 'reported', exact: 'Gamma said three', originalSourceId: 'spoken' },
    ]);
    await claim('once', '2019-12-31', [{ sourceId: 'spoken', exact: 'Gamma said three' }]);
  });

  it('lists each claim quoting it (or first said in it) once, in every sort', async () => {
    expect(await claimsOf('spoken', '-statedAt')).toEqual(['first-said', 'twice', 'once']);
    expect(await claimsOf('spoken', 'statedAt')).toEqual(['once', 'twice', 'first-said']);
    expect(await claimsOf('spoken', 'createdAt')).toEqual(['twice', 'first-said', 'once']);
    expect(await claimsOf('spoken', '-createdAt')).toEqual(['once', 'first-said', 'twice']);
    expect(await claimsOf('reported', '-statedAt')).toEqual(['first-said']);
  });

  it('follows a claim’s new date and quotes, and forgets a claim that goes', async () => {
    await write('PATCH', '/claims/once', { statedAt: '2022' });
    expect(await claimsOf('spoken', '-statedAt')).toEqual(['once', 'first-said', 'twice']);
    // One of its two quotes moves to the other source: it is in both lists.
    await write('PATCH', '/claims/twice', {
      quotes: [
        { sourceId: 'spoken', exact: 'Alpha said one' },
        { sourceId: 'reported', exact: 'Beta said two' },
      ],
    });
    expect(await claimsOf('spoken', 'statedAt')).toEqual(['twice', 'first-said', 'once']);
    expect(await claimsOf('reported', 'statedAt')).toEqual(['twice', 'first-said']);
    await write('PATCH', '/claims/twice', {
      quotes: [{ sourceId: 'reported', exact: 'Beta said two' }],
    });
    expect(await claimsOf('spoken', 'statedAt')).toEqual(['first-said', 'once']);
    await write('DELETE', '/claims/first-said', undefined, 204);
    expect(await claimsOf('spoken', 'statedAt')).toEqual(['once']);
    expect(await claimsOf('reported', 'statedAt')).toEqual(['twice']);
    const filtered: Page = await ok(
      send<Page>(ctx.app, 'GET', '/claims?sourceId=reported&claimantId=mike-pompeo'),
    );
    expect(filtered.items.map((item) => item.slug)).toEqual(['twice']);
  });
});
