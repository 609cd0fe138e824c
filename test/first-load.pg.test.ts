import { Readable } from 'node:stream';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { importNdjson } from '../src/modules/bundles/bundle.import.js';
import { makeStore } from './helpers/app.js';

/**
 * PostgreSQL's counterpart of first-load.sqlite.test.ts: an import said to have the store to
 * itself (the command line's) is written as any other, and other connections read the database
 * while it runs.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('a first load from the command line on PostgreSQL', () => {
  it('when another connection reads while it runs, then that read is answered and every record goes in', async () => {
    const { store, url, drop } = await makeStore({ seed: false });
    if (url === undefined) throw new Error('this file runs under npm run test:pg');
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    cleanups.push(async () => {
      await other.end();
      await store.close();
      await drop();
    });
    const seenMidway: number[] = [];
    async function* records() {
      yield `${JSON.stringify({ type: 'actor', slug: 'mike-pompeo', kind: 'person', name: 'Mike Pompeo' })}\n`;
      for (let i = 0; i < 30; i++) {
        if (i === 15) {
          const read = await other.query<{ n: number }>('SELECT count(*)::int AS n FROM claims');
          seenMidway.push(read.rows[0]?.n ?? -1);
        }
        yield `${JSON.stringify({ type: 'claim', slug: `claim-${i}`, text: `Claim ${i}`, claimant: 'mike-pompeo', statedAt: '2021-01-12' })}\n`;
      }
    }
    const report = await importNdjson(store, Readable.from(records()), { by: 'cli', alone: true });
    expect(report.counts.claims.created).toBe(30);
    expect(seenMidway).toEqual([0]);
    const after = await other.query<{ n: number }>('SELECT count(*)::int AS n FROM claims');
    expect(after.rows[0]?.n).toBe(30);
  });
});
