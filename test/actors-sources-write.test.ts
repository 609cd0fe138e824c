import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/modules/actors/actors.schemas.js';
import type { SourceDetail } from '../src/modules/sources/sources.schemas.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

type Problem = {
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
  currentVersion?: number;
};

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

const count = (table: string) => ctx.peek.value<number>(`SELECT count(*) AS n FROM ${table}`);

describe('POST /actors', () => {
  it('creates an actor with a slug made from its name, and says where it lives', async () => {
    const { status, headers, body } = await send<Actor>(ctx.app, 'POST', '/actors', {
      key,
      body: {
        kind: 'person',
        name: 'Donald Trump',
        description: 'President of the United States',
        affiliationId: 'us-government',
      },
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      slug: 'donald-trump',
      name: 'Donald Trump',
      version: 1,
      affiliation: { slug: 'us-government' },
      claimCount: 0,
    });
    expect(headers.location).toBe(`/actors/${body.id}`);
    expect(headers.etag).toMatch(/^"1-[0-9a-f]{12}"$/);
    expect((await send(ctx.app, 'GET', `/actors/${body.id}`)).status).toBe(200);
  });

  it('refuses a slug that is taken (409), an unknown affiliation (422), unknown and server-owned fields (400)', async () => {
    const taken = await send<Problem>(ctx.app, 'POST', '/actors', {
      key,
      body: { kind: 'person', name: 'Mike', slug: 'mike-pompeo' },
    });
    expect(taken.status).toBe(409);
    const unknown = await send<Problem>(ctx.app, 'POST', '/actors', {
      key,
      body: { kind: 'person', name: 'X', affiliationId: 'no-such-org' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      { path: 'body.affiliationId', message: expect.stringContaining('no-such-org') },
    ]);
    const mass = await send<Problem>(ctx.app, 'POST', '/actors', {
      key,
      body: {
        kind: 'person',
        name: 'X',
        id: 'act_mine',
        version: 7,
        createdAt: '2020-01-01T00:00:00Z',
        nickname: 'x',
      },
    });
    expect(mass.status).toBe(400);
    expect(mass.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'body.id', message: 'is set by the server, not by a request' },
        { path: 'body.version', message: 'is set by the server, not by a request' },
        { path: 'body.createdAt', message: 'is set by the server, not by a request' },
        { path: 'body.nickname', message: 'is not a field of this request' },
      ]),
    );
    const missing = await send<Problem>(ctx.app, 'POST', '/actors', {
      key,
      body: { kind: 'robot' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors?.map((e) => e.path)).toEqual(
      expect.arrayContaining(['body.kind', 'body.name']),
    );
  });

  it('answers 415 to a body that is not JSON and 413 to one over the limit', async () => {
    const form = await ctx.app.inject({
      method: 'POST',
      url: '/actors',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect(form.statusCode).toBe(415);
    expect(form.headers['content-type']).toContain('application/problem+json');
    const small = await makeApp({ seed: false, bodyLimit: 2048 });
    const smallKey = (await makeKeys(small.store)).editor;
    const big = await send<Problem>(small.app, 'POST', '/actors', {
      key: smallKey,
      body: { kind: 'person', name: 'x'.repeat(5000) },
    });
    expect(big.status).toBe(413);
    await small.close();
  });
});

describe('PATCH and DELETE /actors/{id}', () => {
  it('changes fields, bumps the version and ETag; a stale If-Match is 412 with the current version', async () => {
    const created = await send<Actor>(ctx.app, 'POST', '/actors', {
      key,
      body: { kind: 'person', name: 'Temp Person' },
    });
    const changed = await send<Actor>(ctx.app, 'PATCH', `/actors/${created.body.slug}`, {
      key,
      body: { description: 'A test actor', aliases: ['TP'] },
      headers: { 'if-match': '"1"' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      description: 'A test actor',
      aliases: ['TP'],
      version: 2,
    });
    expect(changed.headers.etag).toMatch(/^"2-[0-9a-f]{12}"$/);
    const stale = await send<Problem>(ctx.app, 'PATCH', `/actors/${created.body.id}`, {
      key,
      body: { description: 'Lost update' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(2);
    const blind = await send<Actor>(ctx.app, 'PATCH', `/actors/${created.body.id}`, {
      key,
      body: { description: null },
    });
    expect(blind.body).toMatchObject({ description: null, version: 3 });
    const same = await send<Actor>(ctx.app, 'PATCH', `/actors/${created.body.id}`, {
      key,
      body: { description: null },
    });
    expect(same.body.version).toBe(3);
  });

  it('refuses an affiliation cycle (422)', async () => {
    const cycle = await send<Problem>(ctx.app, 'PATCH', '/actors/iran-government', {
      key,
      body: { affiliationId: 'iran-foreign-ministry' },
    });
    expect(cycle.status).toBe(422);
  });

  it('refuses to delete an actor still referenced (409, naming what refers to it)', async () => {
    const before = await count('actors');
    const { status, body } = await send<Problem>(ctx.app, 'DELETE', '/actors/mike-pompeo', { key });
    expect(status).toBe(409);
    // The first five by slug, the same every time and on either engine.
    expect(body.detail).toContain(
      '9 claims as claimant (pompeo-al-qaeda-leadership-centralized-in-iran, pompeo-al-qaeda-under-iranian-regime-protection, pompeo-appeasement-of-iran-will-not-work, pompeo-bin-laden-creation-poised-to-gain-strength, pompeo-iran-al-qaeda-axis-grave-threat, …)',
    );
    const org = await send<Problem>(ctx.app, 'DELETE', '/actors/quincy-institute', { key });
    expect(org.body.detail).toContain('affiliated actors (trita-parsi)');
    expect(await count('actors')).toBe(before);
  });

  it('deletes an unreferenced actor (204), honouring If-Match', async () => {
    const created = await send<Actor>(ctx.app, 'POST', '/actors', {
      key,
      body: { kind: 'organization', name: 'Short Lived' },
    });
    expect(
      (
        await send(ctx.app, 'DELETE', `/actors/${created.body.id}`, {
          key,
          headers: { 'if-match': '"9"' },
        })
      ).status,
    ).toBe(412);
    const deleted = await ctx.app.inject({
      method: 'DELETE',
      url: `/actors/${created.body.id}`,
      headers: { authorization: `Bearer ${key}`, 'if-match': '"1"' },
    });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await send(ctx.app, 'GET', `/actors/${created.body.id}`)).status).toBe(404);
    expect((await send(ctx.app, 'DELETE', `/actors/${created.body.id}`, { key })).status).toBe(404);
  });
});

describe('sources', () => {
  it('creates a source; a url is unique', async () => {
    const created = await send<SourceDetail>(ctx.app, 'POST', '/sources', {
      key,
      body: {
        kind: 'report',
        title: 'A Report',
        url: 'https://example.org/report',
        text: 'Alpha beta gamma.',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      slug: 'a-report',
      text: 'Alpha beta gamma.',
      hasText: true,
    });
    const again = await send<Problem>(ctx.app, 'POST', '/sources', {
      key,
      body: { kind: 'report', title: 'Copy', url: 'https://example.org/report' },
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('a-report');
  });

  it('refuses a new text that would break the quotes anchored in the old one (409), accepts one that keeps them', async () => {
    const article = await send<SourceDetail>(ctx.app, 'GET', '/sources/article');
    const text = article.body.text ?? '';
    const broken = await send<Problem>(ctx.app, 'PATCH', '/sources/article', {
      key,
      body: { text: `Intro. ${text}` },
    });
    expect(broken.status).toBe(409);
    expect(broken.body.errors?.length).toBeGreaterThan(20);
    expect(broken.body.errors?.[0]?.path).toMatch(/^(claims|evidence)\//);
    const removed = await send<Problem>(ctx.app, 'PATCH', '/sources/article', {
      key,
      body: { text: null },
    });
    expect(removed.status).toBe(409);
    const appended = await send<SourceDetail>(ctx.app, 'PATCH', '/sources/article', {
      key,
      body: { text: `${text}\nCorrection appended.` },
      headers: { 'if-match': `"${article.body.version}"` },
    });
    expect(appended.status).toBe(200);
    expect(appended.body.version).toBe(article.body.version + 1);
  });

  it('refuses to delete a source quoted by claims (409) and deletes an unused one', async () => {
    const quoted = await send<Problem>(ctx.app, 'DELETE', '/sources/collins-op-ed', { key });
    expect(quoted.status).toBe(409);
    expect(quoted.body.detail).toContain('collins-capitol-mob-was-iranians');
    const unused = await send<SourceDetail>(ctx.app, 'POST', '/sources', {
      key,
      body: { kind: 'other', description: 'Scratch' },
    });
    expect((await send(ctx.app, 'DELETE', `/sources/${unused.body.slug}`, { key })).status).toBe(
      204,
    );
  });
});
