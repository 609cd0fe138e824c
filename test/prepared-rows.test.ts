import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../src/db/dialect.js';
import { actors, auditLog, claimReviews, claims, claimTags } from '../src/db/schema.js';
import { preparedFor } from '../src/db/sqlite/prepared.js';
import type { Store, Tx } from '../src/db/store.js';
import { makeStore } from './helpers/app.js';

/**
 * Prepared reads map their rows themselves where they can (each field's decoder found once);
 * whatever a query selects, they must give exactly what drizzle's own mapping gives.
 */

type Query = {
  prepare(name?: string): { execute(values?: Record<string, unknown>): PromiseLike<unknown> };
};
type Built = Query & PromiseLike<unknown[]>;

const actorRows = (tx: Tx) => tx.select().from(actors).orderBy(asc(actors.slug));
const reviewRows = (tx: Tx) => tx.select().from(claimReviews);

const queries: Record<string, (tx: Tx) => Built> = {
  'whole rows with JSON-text columns (actor aliases)': actorRows,
  'whole rows with JSON changes and nullable columns (audit log)': (tx) =>
    tx.select().from(auditLog).orderBy(asc(auditLog.id)),
  'real and null numbers (reviews)': reviewRows,
  'SQL fields with their own decoders (mapWith, the dialect’s JSON lists and rows)': (tx) => {
    const d = dialectOf(tx);
    return tx
      .select({
        slug: claims.slug,
        doubled: sql<number>`${claims.version} * 2`.mapWith(Number),
        tagged: sql<string>`${claims.status}`,
        tags: d.textListOf(claimTags.tag, sql`${claimTags}`, eq(claimTags.claimId, claims.id)),
        claimant: d.rowOf(
          { slug: actors.slug, aliases: d.jsonValue(actors.aliases) },
          sql`${actors}`,
          eq(actors.id, claims.claimantId),
        ),
      })
      .from(claims)
      .orderBy(asc(claims.slug));
  },
  'nested fields of a join (left to drizzle)': (tx) =>
    tx
      .select({ claim: { slug: claims.slug }, claimant: { slug: actors.slug, kind: actors.kind } })
      .from(claims)
      .leftJoin(actors, eq(actors.id, claims.claimantId))
      .orderBy(asc(claims.slug)),
};

describe('prepared reads', () => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await makeStore());
    // A review with a rating and one without: real numbers and nulls side by side.
    await store.write(async (tx) => {
      const [first, second] = await tx.select({ id: claims.id }).from(claims).limit(2);
      if (!first || !second) throw new Error('the seeded record has claims');
      await tx.insert(claimReviews).values([
        { claimId: first.id, publisher: 'Example Check', ratingValue: 2.5, bestRating: 5 },
        { claimId: second.id, label: 'False' },
      ]);
    });
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  for (const [name, build] of Object.entries(queries)) {
    it(`give the rows drizzle maps: ${name}`, async () => {
      const prepared = preparedFor(build);
      const [mine, drizzles] = await store.read(async (tx) => [
        await prepared(tx).execute(),
        await build(tx),
      ]);
      expect(drizzles.length).toBeGreaterThan(0);
      expect(mine).toEqual(drizzles);
      // Twice: the mapping found once serves every later run.
      expect(await store.read(async (tx) => prepared(tx).execute())).toEqual(drizzles);
    });
  }

  it('decode JSON text into values and keep numbers as numbers', async () => {
    const prepared = preparedFor(actorRows);
    const rows = (await store.read(async (tx) => prepared(tx).execute())) as {
      aliases: unknown;
    }[];
    expect(rows.every((row) => Array.isArray(row.aliases))).toBe(true);
    const reviews = preparedFor(reviewRows);
    const rated = (await store.read(async (tx) => reviews(tx).execute())) as {
      ratingValue: number | null;
      label: string | null;
    }[];
    const pairs = rated.map((row) => [row.ratingValue, row.label]);
    expect(pairs).toHaveLength(2);
    expect(pairs).toEqual(
      expect.arrayContaining([
        [2.5, null],
        [null, 'False'],
      ]),
    );
  });
});
