import { ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claims } from '../src/db/schema.js';
import { exportFromSnapshot, streamedExport } from '../src/modules/bundles/bundle.export.js';
import { importBundle } from '../src/modules/bundles/bundle.import.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { syntheticBundle } from './helpers/bundles.js';
import { jobsModule } from './helpers/snapshot-jobs.js';

// On SQLite every export here runs on a thread of its own, as a large record's would; on
// PostgreSQL in this process. The contract is the same.
let ctx: TestContext;
let key: string;

beforeAll(async () => {
  ctx = await makeApp({ seed: true, storeOptions: { threadMinClaims: 0, maxSnapshots: 1 } });
  key = (await makeKeys(ctx.store)).editor;
  await importBundle(ctx.store, syntheticBundle(1200));
});
afterAll(async () => ctx.close());

const decoded = (piece: string | Uint8Array) =>
  typeof piece === 'string' ? piece : Buffer.from(piece).toString();

async function textOf(pieces: AsyncIterable<string | Uint8Array>): Promise<string> {
  let text = '';
  for await (const piece of pieces) text += decoded(piece);
  return text;
}

describe('a streamed export (GET /export)', () => {
  it('when asked in either format, then it answers the same bytes as the export read in this thread', async () => {
    for (const [accept, format] of [
      ['application/x-ndjson', 'ndjson'],
      ['application/json', 'bundle'],
    ] as const) {
      const response = await ctx.app.inject({ url: '/export', headers: { accept } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain(accept);
      const expected = await textOf(exportFromSnapshot(ctx.store, format));
      expect(expected.length).toBeGreaterThan(100_000);
      expect(response.body).toBe(expected);
    }
  }, 60_000);

  it('when a claim is written after its first piece, then the rest of it does not have the claim', async () => {
    const stream = streamedExport(ctx.store, 'ndjson')[Symbol.asyncIterator]();
    const first = await stream.next();
    expect(first.done).toBe(false);
    const written = await send(ctx.app, 'POST', '/claims', {
      key,
      body: {
        slug: 'aaa-written-mid-export',
        text: 'Written mid-export',
        claimantId: 'tester',
        statedAt: '2021',
      },
    });
    expect(written.status).toBe(201);
    let rest = '';
    for (let next = await stream.next(); !next.done; next = await stream.next())
      rest += decoded(next.value);
    const slugs = `${first.done ? '' : decoded(first.value)}${rest}`
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; slug?: string })
      .filter((record) => record.type === 'claim')
      .map((record) => record.slug);
    expect(slugs).not.toContain('aaa-written-mid-export');
    expect(slugs.length).toBeGreaterThan(1200);
    expect(await textOf(streamedExport(ctx.store, 'ndjson'))).toContain(
      '"slug":"aaa-written-mid-export"',
    );
  }, 60_000);

  it('when its reader stops after one piece, then its snapshot is given back: the one export allowed streams whole next', async () => {
    const stream = streamedExport(ctx.store, 'ndjson')[Symbol.asyncIterator]();
    expect((await stream.next()).done).toBe(false);
    // One snapshot at a time: a second export while this one is open is refused.
    const refused = await ctx.app.inject({ url: '/export' });
    expect(refused.statusCode).toBe(503);
    await stream.return?.(undefined);
    const next = await ctx.app.inject({
      url: '/export',
      headers: { accept: 'application/x-ndjson' },
    });
    expect(next.statusCode).toBe(200);
    expect(next.body).toBe(await textOf(exportFromSnapshot(ctx.store, 'ndjson')));
  }, 60_000);

  it('when the job fails after its first piece, then reading on fails with its error, and the snapshot is given back', async () => {
    const stream = ctx.store
      .streamSnapshot({ module: jobsModule, name: 'failsAfterOne', arg: null })
      [Symbol.asyncIterator]();
    const first = await stream.next();
    expect(first.done ? null : decoded(first.value)).toBe('first piece\n');
    await expect(stream.next()).rejects.toThrow('the job failed after its first piece');
    const next = await ctx.app.inject({ url: '/export' });
    expect(next.statusCode).toBe(200);
  }, 60_000);

  it('when the job names no function of its module, then the first read fails saying so', async () => {
    const stream = ctx.store.streamSnapshot({ module: jobsModule, name: 'noSuchJob', arg: null });
    await expect(textOf(stream)).rejects.toThrow('exports no function noSuchJob');
  }, 60_000);

  it('when the ClaimReview feed is asked, then it streams one JSON-LD array of every reviewed claim', async () => {
    const response = await ctx.app.inject({ url: '/export/claimreview' });
    expect(response.statusCode).toBe(200);
    const feed = JSON.parse(response.body) as { '@type': string }[];
    const reviewed = await ctx.store.read((tx) =>
      tx.$count(claims, ne(claims.status, 'unverified')),
    );
    expect(reviewed).toBeGreaterThan(0);
    expect(feed).toHaveLength(reviewed);
    expect(new Set(feed.map((review) => review['@type']))).toEqual(new Set(['ClaimReview']));
  }, 60_000);
});
