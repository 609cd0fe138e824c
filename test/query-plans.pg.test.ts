import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/db/store.js';
import { claimPageStatement } from '../src/modules/claims/claims.pages.js';
import {
  linksAfterQuery,
  statusChangeRowsQuery,
  statusChangesAfterQuery,
} from '../src/modules/claims/claims.repository.js';
import { CLAIM_SORTS } from '../src/modules/claims/claims.schemas.js';
import { makeStore } from './helpers/app.js';
import { combinations, driversFor } from './helpers/claim-filters.js';
import { listFilters } from './helpers/list-filters.js';

/**
 * PostgreSQL's counterpart of query-plans.sqlite.test.ts: every filter the claim lists offer,
 * alone and in pairs, under every sort, with and without a cursor, has a plan that walks an index
 * in the sort's order (or fetches a bounded set: a search's matches, several statuses' claims) and
 * never reads the claims table whole nor sorts all its matches.
 */
let store: Store;
let client: pg.Client;
let drop: () => Promise<void>;
beforeAll(async () => {
  const made = await makeStore({ seed: false });
  store = made.store;
  if (made.url === undefined) throw new Error('this file runs under npm run test:pg');
  client = new pg.Client({ connectionString: made.url });
  await client.connect();
  drop = async () => {
    await client.end();
    await made.store.close();
    await made.drop();
  };
});
afterAll(() => drop());

/**
 * The plan the planner finds when a scan of a whole table, and (unless `sorts`) any sort, costs
 * the earth: the test's tables are nearly empty, so left to itself it would read them whole. What
 * such a plan still holds, no index can avoid.
 */
async function explain(
  statement: { sql: string; params: unknown[] },
  { sorts }: { sorts: boolean },
): Promise<string> {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL enable_seqscan = off');
    if (!sorts) await client.query('SET LOCAL enable_sort = off');
    const result = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN ${statement.sql}`,
      statement.params,
    );
    return result.rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('every list filter and sort has a plan that pages without sorting or scanning all matches', () => {
  for (const sort of CLAIM_SORTS) {
    for (const [name, filter] of combinations()) {
      if (sort === 'relevance' && !filter.match) continue;
      it(`${name}, sort ${sort}`, async () => {
        for (const driver of driversFor(filter, sort)) {
          for (const after of [false, true]) {
            const page = {
              sort,
              limit: 21,
              after: after ? { sort, key: sort === 'relevance' ? 3 : '2020', tie: 10 } : undefined,
            };
            const statement = await store.read(async (tx) =>
              claimPageStatement(tx, filter, page, { driver, candidates: 100 }),
            );
            const fetched = ['rank', 'matches', 'statuses'].includes(driver);
            const text = await explain(statement, { sorts: fetched });
            const why = `${driver}:\n${text}`;
            expect(text, why).not.toMatch(/Seq Scan on claims\b/);
            if (fetched) {
              // Sorted: only a set an index hands over (the planner picks which), then the page's
              // claims found by key, not by a walk of every claim.
              expect(text, why).not.toMatch(/Join Filter: \(page\.page_seq = claims\.seq\)/);
            } else {
              expect(text, why).not.toMatch(/^\s*(->\s*)?(Incremental )?Sort\b/m);
            }
          }
        }
      });
    }
  }
});

describe('the verdict changes page by their own index', () => {
  it.each([
    ['no filter', {}],
    ['since', { since: '2024-06-01T00:00:00Z' }],
    ['a cursor', { before: { changedAt: '2024-06-01T00:00:00Z', id: 10 } }],
  ])('%s: walks the index of verdicts newest first, no sort', async (_, filter) => {
    const statement = await store.read(async (tx) =>
      statusChangeRowsQuery(tx, { ...filter, limit: 21 }).toSQL(),
    );
    const text = await explain(statement, { sorts: false });
    expect(text).toMatch(/status_history_verdicts_idx/);
    // SQLite's index holds the row id after the time; PostgreSQL's sorts only the changes made at
    // the same instant (an incremental sort of each tie), never all of them.
    expect(text).not.toMatch(/^\s*(->\s*)?Sort\s+\(/m);
  });
});

describe('an export page starts where the last one ended', () => {
  it('the status history and the links seek the claims’ slug index to the position', async () => {
    const history = await store.read(async (tx) =>
      statusChangesAfterQuery(
        tx,
        { slug: 'pompeo-masri-killed-in-tehran', changedAt: '2021-01-12', id: 9 },
        500,
      ).toSQL(),
    );
    const links = await store.read(async (tx) =>
      linksAfterQuery(tx, ['pompeo-masri-killed-in-tehran', 'iran-no-al-qaeda'], 500).toSQL(),
    );
    for (const statement of [history, links]) {
      const text = await explain(statement, { sorts: false });
      // Walked from the position, not from the first claim on every page (quadratic in all);
      // only one claim's few rows put in order (an incremental sort), never the page's.
      expect(text).toMatch(/Index Cond: \(slug >= /);
      expect(text).not.toMatch(/^\s*(->\s*)?Sort\s+\(/m);
    }
  });
});

describe('the stored counts are read in order from an index', () => {
  it('the claimants by claim count and the tags by use, with no sort of every actor or tag', async () => {
    const claimants = await explain(
      {
        sql: 'SELECT id FROM actors WHERE claim_count > 0 ORDER BY claim_count DESC, slug LIMIT 100',
        params: [],
      },
      { sorts: false },
    );
    expect(claimants).toContain('actors_claim_count_idx');
    expect(claimants).not.toMatch(/^\s*(->\s*)?(Incremental )?Sort\s+\(/m);
    const tags = await explain(
      { sql: 'SELECT tag FROM tag_counts ORDER BY claim_count DESC, tag LIMIT 1000', params: [] },
      { sorts: false },
    );
    expect(tags).toContain('tag_counts_claim_count_idx');
    expect(tags).not.toMatch(/^\s*(->\s*)?(Incremental )?Sort\s+\(/m);
  });
});

describe('the lists of sources, actors and audit entries walk an index in their order', () => {
  it.each(listFilters())('%s', async (_, query, index) => {
    const statement = await store.read(async (tx) => query(tx).toSQL());
    const text = await explain(statement, { sorts: false });
    expect(text).toMatch(index);
    expect(text).not.toMatch(/Seq Scan/);
    expect(text).not.toMatch(/^\s*(->\s*)?(Incremental )?Sort\s+\(/m);
  });
});
