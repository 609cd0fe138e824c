import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/db/store.js';
import { streamedExport } from '../src/modules/bundles/bundle.export.js';
import { importBundle } from '../src/modules/bundles/bundle.import.js';
import { makeStore } from './helpers/app.js';
import { syntheticBundle } from './helpers/bundles.js';
import { jobsModule } from './helpers/snapshot-jobs.js';

// SQLite reads synchronously: a snapshot job of a large record (an export) runs on a thread of its
// own so that the request's thread stays free. Counterpart: snapshot-thread.pg.test.ts.
type Made = Awaited<ReturnType<typeof makeStore>>;
const made: Made[] = [];
afterAll(async () => {
  for (const { store, drop } of made) {
    await store.close();
    await drop();
  }
});

async function storeWith(threadMinClaims?: number, memory = false): Promise<Store> {
  const one = await makeStore({ storeOptions: { threadMinClaims }, memory });
  made.push(one);
  return one.store;
}

async function whereRun(store: Store): Promise<string> {
  let text = '';
  for await (const piece of store.streamSnapshot({
    module: jobsModule,
    name: 'whereRun',
    arg: null,
  }))
    text += Buffer.from(piece).toString();
  return text;
}

describe('where a SQLite snapshot job runs', () => {
  let seeded: number;
  beforeAll(async () => {
    const probe = await storeWith();
    seeded = Number(/: (\d+) claims/.exec(await whereRun(probe))?.[1]);
    expect(seeded).toBeGreaterThan(0);
  });

  it('when the record has at least threadMinClaims claims, then on a thread of its own, reading the same snapshot', async () => {
    expect(await whereRun(await storeWith(seeded))).toBe(`own thread: ${seeded} claims`);
  }, 30_000);

  it('when the record has fewer claims, then on the request’s thread, where it ends before a thread would start', async () => {
    expect(await whereRun(await storeWith(seeded + 1))).toBe(`main thread: ${seeded} claims`);
  });

  it('when the database is in memory (no file another thread could open), then on the request’s thread', async () => {
    expect(await whereRun(await storeWith(0, true))).toBe(`main thread: ${seeded} claims`);
  });
});

describe('a SQLite snapshot thread whose reader stops early', () => {
  it('when the reader stops after one piece, then the thread ends with its snapshot: the whole log folds back', async () => {
    const made = await makeStore({ storeOptions: { threadMinClaims: 0 } });
    const raw = new Database(made.file);
    try {
      await importBundle(made.store, syntheticBundle(300));
      const checkpoint = () =>
        raw.pragma('wal_checkpoint(TRUNCATE)', { simple: false }) as { busy: number }[];
      const stream = streamedExport(made.store, 'ndjson')[Symbol.asyncIterator]();
      expect((await stream.next()).done).toBe(false);
      // Written after the export's snapshot, which the log must keep while the export reads.
      await importBundle(made.store, syntheticBundle(50, { prefix: 'later' }));
      expect(checkpoint()[0]?.busy).toBe(1);
      await stream.return?.(undefined);
      expect(checkpoint()[0]?.busy).toBe(0);
    } finally {
      raw.close();
      await made.store.close();
    }
  }, 60_000);
});
