import { rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFromSnapshot } from '../src/modules/bundles/bundle.export.js';
import { importBundle, importNdjson } from '../src/modules/bundles/bundle.import.js';
import { makeApp, makeKeys, makeStore, send, type TestContext } from './helpers/app.js';
import { syntheticBundle } from './helpers/bundles.js';

let ctx: TestContext;
let key: string;

beforeAll(async () => {
  ctx = await makeApp({ seed: false });
  key = (await makeKeys(ctx.store)).editor;
  await importBundle(ctx.store, syntheticBundle(1500));
});
afterAll(async () => ctx.close());

type Line = { type: string; slug?: string; from?: string; to?: string };

describe('an export is one snapshot', () => {
  it('when a claim and its link are written while the export streams, then they are wholly absent from it, and it re-imports into an empty database', async () => {
    const pieces: string[] = [];
    const lines = () => pieces.join('').split('\n').filter(Boolean);
    const stream = exportFromSnapshot(ctx.store, 'ndjson')[Symbol.asyncIterator]();
    // Read well into the claims (actors and sources come first), then write.
    for (let next = await stream.next(); !next.done; next = await stream.next()) {
      pieces.push(next.value);
      if (lines().length >= 700) break;
    }
    expect(lines().length).toBeLessThan(1700);
    // A new claim whose slug sorts before every exported claim, rebutting one of them: an export
    // that is not a snapshot would have passed its slug but would still meet its link.
    const written = await send(ctx.app, 'POST', '/claims/claim-1/rebuttals', {
      key,
      body: {
        slug: 'aaa-written-during-export',
        text: 'Written mid-export',
        claimantId: 'tester',
        statedAt: '2021',
      },
    });
    expect(written.status).toBe(201);
    for (let next = await stream.next(); !next.done; next = await stream.next()) {
      pieces.push(next.value);
    }

    const records = lines().map((line) => JSON.parse(line) as Line);
    expect(records.filter((r) => r.type === 'claim')).toHaveLength(1500);
    expect(records.some((r) => r.slug === 'aaa-written-during-export')).toBe(false);
    expect(records.some((r) => r.type === 'link' && r.from === 'aaa-written-during-export')).toBe(
      false,
    );

    const empty = await makeStore({ seed: false });
    try {
      const report = await importNdjson(empty.store, Readable.from(pieces));
      expect(report.counts.claims.created).toBe(1500);
    } finally {
      await empty.store.close();
      await empty.drop();
      rmSync(empty.dir, { recursive: true, force: true });
    }

    // The next export has both.
    const after: Line[] = [];
    for await (const piece of exportFromSnapshot(ctx.store, 'ndjson')) {
      for (const line of piece.split('\n').filter(Boolean)) after.push(JSON.parse(line) as Line);
    }
    expect(after.some((r) => r.slug === 'aaa-written-during-export')).toBe(true);
    expect(after.some((r) => r.type === 'link' && r.from === 'aaa-written-during-export')).toBe(
      true,
    );
    // Two imports of 1,500 claims: on PostgreSQL each statement is a round trip to the server.
  }, 30_000);
});
