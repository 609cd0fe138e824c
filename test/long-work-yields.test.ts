import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportFromSnapshot } from '../src/modules/bundles/bundle.export.js';
import { claimReviewFeed } from '../src/modules/claimreview/claimreview.service.js';
import { makeApp, makeKeys, type TestContext } from './helpers/app.js';
import { syntheticBundle } from './helpers/bundles.js';

// A 20 k-record import takes seconds on SQLite; on PostgreSQL, a round trip a statement, 80–100 s
// on a slow day of a two-core machine (more while other work shares the cores).
vi.setConfig({ testTimeout: 300_000 });

const RECORDS = 20_000;
const REVIEWED = 1_000;

let ctx: TestContext;
let base: string;
let key: string;
beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => ctx.close());

/** How many turns of the event loop ran while `records` was being produced. */
async function turnsDuring(records: AsyncIterable<unknown>): Promise<{ turns: number; n: number }> {
  let turns = 0;
  let done = false;
  const turn = () => {
    if (done) return;
    turns++;
    setImmediate(turn);
  };
  setImmediate(turn);
  let n = 0;
  for await (const _ of records) n++;
  done = true;
  return { turns, n };
}

/** NDJSON pieces (each holds whole lines) as their lines. */
async function* linesOf(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  for await (const piece of pieces) yield* piece.split('\n').filter(Boolean);
}

describe('long work lets other requests in (the attack: /health waited 31 s for an import)', () => {
  it('answers /health while a 20 k-record JSON import is still running', async () => {
    const document = syntheticBundle(RECORDS, { prefix: 'bulk' });
    // Reviewed claims, for the ClaimReview feed below (`unsubstantiated` needs no evidence).
    for (const claim of (document.claims as Record<string, unknown>[]).slice(0, REVIEWED)) {
      Object.assign(claim, { status: 'unsubstantiated', statusNote: 'No evidence was offered.' });
    }
    let imported = false;
    const importing = fetch(`${base}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(document),
    }).then(async (response) => {
      imported = true;
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    });

    // Unpaced, the import runs from BEGIN to COMMIT without a turn of the event loop: this loop
    // would never see the lock taken, only the import done.
    while (!imported && !(await ctx.writeLock.isTaken())) await nextTurn();
    expect(imported).toBe(false);

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(imported).toBe(false);
    expect(await ctx.writeLock.isTaken()).toBe(true);

    const { status, body } = await importing;
    expect(status).toBe(200);
    expect(body.records).toBe(RECORDS + 2);
  });

  it('lets the event loop turn while an export is produced', async () => {
    const { turns, n } = await turnsDuring(linesOf(exportFromSnapshot(ctx.store, 'ndjson')));
    expect(n).toBeGreaterThan(RECORDS);
    expect(turns).toBeGreaterThan(0);
  });

  it('lets the event loop turn while the ClaimReview feed is produced', async () => {
    const publisher = { PUBLISHER_NAME: 'T', PUBLIC_BASE_URL: 'https://t.example' };
    const feed = ctx.store.snapshot((tx) => claimReviewFeed(tx, publisher));
    const { turns, n } = await turnsDuring(feed);
    expect(n).toBeGreaterThanOrEqual(REVIEWED);
    expect(turns).toBeGreaterThan(0);
  });
});
