import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_THREADS } from '../src/db/sqlite/read-worker.js';
import { makeApp, TEST_ENGINE, type TestContext } from './helpers/app.js';

/** How many SQL statements each read runs, counted on the store's connections. */
let ctx: TestContext;
const statements: string[] = [];
let counting = false;

beforeAll(async () => {
  ctx = await makeApp({
    // What a read costs the database, not what a kept answer saves.
    readCacheMb: 0,
    storeOptions: {
      onStatement: (sql) => {
        if (counting) statements.push(sql);
      },
    },
  });
  // Warm: the first request of a kind prepares its statements.
  await ctx.app.inject({ url: '/claims' });
});
afterAll(() => ctx.close());

async function statementsOf(url: string): Promise<string[]> {
  statements.length = 0;
  counting = true;
  const response = await ctx.app.inject({ url });
  counting = false;
  expect(response.statusCode, response.body).toBe(200);
  // The read transaction's own BEGIN/COMMIT are not statements of the read.
  const reads = statements.filter((sql) => !/^(BEGIN|COMMIT|ROLLBACK)\b/i.test(sql.trim()));
  expect(reads.length).toBeGreaterThan(0);
  return reads;
}

describe('reads run a fixed, small number of statements', () => {
  it('GET /claims/{id} reads the whole claim (claimant, tags, counts, quotes, links, provenance) in at most 3, and in one on PostgreSQL', async () => {
    const list = await ctx.app.inject({ url: '/claims?limit=100' });
    const ids = (list.json() as { items: { id: string; slug: string }[] }).items;
    expect(ids.length).toBeGreaterThan(5);
    // PostgreSQL runs this read outside a transaction (`oneStatement`): a second statement would
    // see another snapshot.
    const most = TEST_ENGINE === 'pg' ? 1 : 3;
    for (const { id, slug } of ids) {
      expect((await statementsOf(`/claims/${id}`)).length).toBeLessThanOrEqual(most);
      expect((await statementsOf(`/claims/${slug}`)).length).toBeLessThanOrEqual(most);
    }
  });

  it.each([
    '/claims?limit=100',
    '/claims?limit=20&status=refuted&tag=iran',
    '/claims?q=iran&sort=relevance',
    '/claims?q=iran&tag=iran&sort=-statedAt',
    '/claims?q=iran&status=refuted&status=supported',
    '/claims?language=en&statedFrom=2021-01-01&statedTo=2021-12-31&sort=createdAt',
    '/actors/mike-pompeo/claims',
    '/sources/article/claims',
  ])('a page of %s takes at most 3, whatever its size', async (url) => {
    const run = await statementsOf(url);
    // A search's ranking and snippets may run in slices side by side on the read worker's
    // threads: the same statement, once a slice.
    expect(new Set(run).size).toBeLessThanOrEqual(3);
    for (const statement of new Set(run)) {
      expect(run.filter((sql) => sql === statement).length).toBeLessThanOrEqual(READ_THREADS);
    }
    expect(run.length).toBeLessThanOrEqual(3 * READ_THREADS);
  });
});
