import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/db/store.js';
import { makeStore } from './helpers/app.js';
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
