import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgStore } from '../src/db/pg/store.js';
import { claims } from '../src/db/schema.js';
import { openSqliteStore } from '../src/db/sqlite/store.js';
import type { Store } from '../src/db/store.js';
import { get, makeApp, type TestContext } from './helpers/app.js';

/**
 * Every read sees every write committed before it, whatever kind of read ran before it on the
 * same connection: on PostgreSQL a claim is read in one statement outside a transaction, other
 * reads in a transaction begun ahead of them. With one connection in the app's pool, each request
 * takes over the connection the previous one left; the writes come from another store on the same
 * database, as another instance's would.
 */
let ctx: TestContext;
let other: Store;

beforeAll(async () => {
  ctx = await makeApp({ readCacheMb: 0, storeOptions: { poolMax: 1 } });
  const { DATABASE_URL, DB_FILE } = ctx.databaseEnv;
  other = DATABASE_URL ? openPgStore(DATABASE_URL) : openSqliteStore(String(DB_FILE));
});
afterAll(async () => {
  await other.close();
  await ctx.close();
});

type Claim = { id: string; text: string };
type Page = { items: Claim[] };

const reword = (id: string, text: string) =>
  other.write((tx) => tx.update(claims).set({ text }).where(eq(claims.id, id)));

describe('reads after writes, on one connection', () => {
  it('when another instance rewords a claim between reads of every kind, then each read answers the new text', async () => {
    const [claim] = (await get<Page>(ctx.app, '/claims?limit=1&sort=createdAt')).body.items;
    if (!claim) throw new Error('the seed has no claim');
    for (let round = 1; round <= 3; round++) {
      // A read in a transaction, then a one-statement read on the connection it left.
      await get(ctx.app, '/claims?limit=1&sort=createdAt');
      await get(ctx.app, `/claims/${claim.id}`);
      const text = `The claim as worded in round ${round}.`;
      await reword(claim.id, text);
      expect((await get<Claim>(ctx.app, `/claims/${claim.id}`)).body.text).toBe(text);
      expect((await get<Page>(ctx.app, '/claims?limit=1&sort=createdAt')).body.items[0]?.text).toBe(
        text,
      );
      // One-statement reads in turn, then a read in a transaction.
      await reword(claim.id, `${text} Again.`);
      expect((await get<Claim>(ctx.app, `/claims/${claim.id}`)).body.text).toBe(`${text} Again.`);
      await reword(claim.id, `${text} Once more.`);
      expect((await get<Claim>(ctx.app, `/claims/${claim.id}`)).body.text).toBe(
        `${text} Once more.`,
      );
      expect((await get<Page>(ctx.app, '/claims?limit=1&sort=createdAt')).body.items[0]?.text).toBe(
        `${text} Once more.`,
      );
    }
  });
});
