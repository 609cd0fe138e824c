import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { actors } from '../src/db/schema.js';
import { clientOf } from '../src/db/sqlite/connection.js';
import { openSqliteStore } from '../src/db/sqlite/store.js';
import type { Store, Tx } from '../src/db/store.js';
import { BusyError, ConflictError } from '../src/lib/problem.js';

/**
 * The store's held write (`begin`), on which idempotent requests rest (issue 8, item 9): a write
 * transaction kept open across a request, with the request's own writes inside it as savepoints.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openStore(memory: boolean, options: { lockTimeoutMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'factcheck-held-'));
  dirs.push(dir);
  const file = memory ? ':memory:' : join(dir, 'held.db');
  const store = openSqliteStore(file, options);
  await store.migrate();
  return { store, file };
}

const addActor = (name: string) => (tx: Tx) =>
  tx.insert(actors).values({
    id: `act_${name}`,
    slug: name,
    kind: 'person',
    name,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  });

const names = (store: Store) =>
  store.read(async (tx) =>
    (await tx.select({ slug: actors.slug }).from(actors)).map((a) => a.slug),
  );

describe.each([
  ['a file', false],
  ['a :memory: database', true],
])('a held write on %s', (_label, memory) => {
  it('runs the writes made inside it as savepoints: a failed one leaves nothing, the rest commit together', async () => {
    const { store } = await openStore(memory);
    const held = await store.begin();
    await held.run(async () => {
      await store.write(async (tx) => {
        await addActor('kept')(tx);
      });
      await expect(
        store.write(async (tx) => {
          await addActor('undone')(tx);
          throw new ConflictError('refused after writing');
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      await store.write(async (tx) => addActor('dry')(tx), { rollback: true });
      // The request reads its own writes.
      expect(await names(store)).toEqual(['kept']);
    });
    expect(held.open).toBe(true);
    await held.commit();
    expect(held.open).toBe(false);
    expect(await names(store)).toEqual(['kept']);
    // Ending twice: a rollback after the commit changes nothing; a second commit is a mistake.
    await held.rollback();
    await expect(held.commit()).rejects.toThrow(/over already/);
    await store.close();
  });

  it('keeps writes outside it waiting (without blocking the event loop) until it ends; a rollback keeps nothing', async () => {
    const { store } = await openStore(memory);
    const held = await store.begin();
    await held.run(() => store.write(async (tx) => addActor('rolled-back')(tx)));
    let outsideDone = false;
    const outside = store
      .write(async (tx) => addActor('outside')(tx))
      .then(() => {
        outsideDone = true;
      });
    let timerFired = false;
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        timerFired = true;
        resolve();
      }, 5),
    );
    expect(timerFired).toBe(true);
    expect(outsideDone).toBe(false);
    await held.rollback();
    await outside;
    expect(await names(store)).toEqual(['outside']);
    await store.close();
  });

  it('when it is large, keeps its undo in temporary files, rolls back whole, and leaves the writer as it was', async () => {
    const { store } = await openStore(memory);
    // 1 for files, 2 for memory: where SQLite keeps a transaction's undo when it begins.
    const tempStore = (tx: Tx) => clientOf(tx).pragma('temp_store', { simple: true });
    const large = await store.begin({ large: true });
    expect(tempStore(large.tx)).toBe(1);
    await large.run(async () => {
      for (let i = 0; i < 500; i++) await store.write(async (tx) => addActor(`bulk-${i}`)(tx));
    });
    await large.rollback();
    expect(tempStore(large.tx)).toBe(2);
    expect(await names(store)).toEqual([]);
    const small = await store.begin();
    expect(tempStore(small.tx)).toBe(2);
    await small.run(() => store.write(async (tx) => addActor('after')(tx)));
    await small.commit();
    expect(await names(store)).toEqual(['after']);
    await store.close();
  });

  it('answers 503 to a write that waits longer than the lock timeout', async () => {
    const { store } = await openStore(memory, { lockTimeoutMs: 20 });
    const held = await store.begin();
    await expect(store.begin()).rejects.toBeInstanceOf(BusyError);
    await expect(store.write(async (tx) => addActor('late')(tx))).rejects.toBeInstanceOf(BusyError);
    await held.commit();
    await store.write(async (tx) => addActor('in-time')(tx));
    expect(await names(store)).toEqual(['in-time']);
    await store.close();
  });
});

describe('a held write on a file', () => {
  it('is invisible to other connections until it commits, and does not hold up reads', async () => {
    const { store, file } = await openStore(false);
    const other = new Database(file);
    const count = () =>
      (
        other.prepare("SELECT count(*) AS n FROM actors WHERE slug = 'pending'").get() as {
          n: number;
        }
      ).n;
    const held = await store.begin();
    await held.run(() => store.write(async (tx) => addActor('pending')(tx)));
    expect(count()).toBe(0);
    // A read from outside the held write reads the last commit, at once.
    expect(await names(store)).toEqual([]);
    await held.commit();
    expect(count()).toBe(1);
    other.close();
    await store.close();
  });

  it('does not leak into code that runs outside `run`, even while it is open', async () => {
    const { store } = await openStore(false);
    const held = await store.begin();
    // Started inside run, but the work scheduled from outside must not join the held write.
    const inside = held.run(() => store.write(async (tx) => addActor('inside')(tx)));
    await inside;
    const outside = store.write(async (tx) => addActor('outside')(tx));
    await held.rollback();
    await outside;
    const rows = await store.read((tx) =>
      tx.select({ slug: actors.slug }).from(actors).where(eq(actors.slug, 'outside')),
    );
    expect(rows).toHaveLength(1);
    expect(await names(store)).toEqual(['outside']);
    await store.close();
  });
});
