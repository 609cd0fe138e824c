import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

type Versioned = { id: string; version: number; name?: string };

async function newActor(name: string): Promise<Versioned> {
  const created = await send<Versioned>(ctx.app, 'POST', '/actors', {
    key,
    body: { kind: 'person', name },
  });
  expect(created.status).toBe(201);
  return created.body;
}

const storedVersion = (id: string) => ctx.peek.row('select version from actors where id = ?', id);

describe('If-None-Match: * on a write (RFC 9110 §13.1.2)', () => {
  it('when a PATCH of an existing actor sends it, then 412 and nothing changes', async () => {
    const actor = await newActor('Existing Person');
    const refused = await send(ctx.app, 'PATCH', `/actors/${actor.id}`, {
      key,
      headers: { 'if-none-match': '*' },
      body: { name: 'Overwritten' },
    });
    expect(refused.status).toBe(412);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 412, currentVersion: actor.version });
    const after = await send<Versioned>(ctx.app, 'GET', `/actors/${actor.id}`);
    expect(after.body).toMatchObject({ name: 'Existing Person', version: actor.version });
  });

  it('when a PATCH of an existing claim sends it (in a list, with a matching If-Match), then 412', async () => {
    const list = await send<{ items: Versioned[] }>(ctx.app, 'GET', '/claims?limit=1');
    const id = list.body.items[0]?.id ?? 'the seed has claims';
    const claim = await send<Versioned>(ctx.app, 'GET', `/claims/${id}`);
    const etag = String(claim.headers.etag);
    // If-Match alone would let this write through.
    const refused = await send(ctx.app, 'PATCH', `/claims/${id}`, {
      key,
      headers: { 'if-none-match': 'W/"x", *', 'if-match': etag },
      body: { tags: ['changed'] },
    });
    expect(refused.status).toBe(412);
    expect(refused.body).toMatchObject({ currentVersion: claim.body.version });
    const after = await send<Versioned>(ctx.app, 'GET', `/claims/${id}`);
    expect(after.headers.etag).toBe(etag);
  });

  it('when a DELETE of an existing actor sends it, then 412 and the actor stays', async () => {
    const actor = await newActor('Kept Person');
    const refused = await send(ctx.app, 'DELETE', `/actors/${actor.id}`, {
      key,
      headers: { 'if-none-match': '*' },
    });
    expect(refused.status).toBe(412);
    expect((await send(ctx.app, 'GET', `/actors/${actor.id}`)).status).toBe(200);
  });

  it('when the resource does not exist, then the condition holds and the answer is 404', async () => {
    const missing = await send(ctx.app, 'PATCH', '/actors/act_doesnotexist0', {
      key,
      headers: { 'if-none-match': '*' },
      body: { name: 'Nobody' },
    });
    expect(missing.status).toBe(404);
  });

  it('when If-None-Match names tags rather than *, then a PATCH goes ahead as before', async () => {
    const actor = await newActor('Tagged Person');
    const changed = await send<Versioned>(ctx.app, 'PATCH', `/actors/${actor.id}`, {
      key,
      headers: { 'if-none-match': '"0-000000000000"' },
      body: { name: 'Renamed Person' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(actor.version + 1);
    expect(await storedVersion(actor.id)).toEqual({ version: actor.version + 1 });
  });
});
