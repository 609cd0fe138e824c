import { existsSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/db/store.js';
import {
  ImportInvalidError,
  type ImportOptions,
  importNdjson,
} from '../src/modules/bundles/bundle.import.js';
import { makeStore } from './helpers/app.js';

/**
 * A command-line import into a database with no claims, with the file to itself, writes straight
 * into the file through a rollback journal instead of SQLite's log (first-load.ts), and leaves the
 * log on when it ends, committed or not. Whenever it is not alone, it goes through the log as
 * every write does. (PostgreSQL's counterpart: first-load.pg.test.ts.)
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A store on a file; `journaled` says whether a rollback journal was there as claims went in. */
async function database({ seed = false } = {}) {
  let journaled: boolean | null = null;
  let file = '';
  const made = await makeStore({
    seed,
    storeOptions: {
      onStatement: (sql) => {
        if (journaled === null && /^insert into "claims"/i.test(sql)) {
          journaled = existsSync(`${file}-journal`);
        }
      },
    },
  });
  file = made.file;
  cleanups.push(async () => {
    await made.store.close();
    rmSync(made.dir, { recursive: true, force: true });
  });
  return { store: made.store, file, journaled: () => journaled };
}

function lines(records: object[]): Readable {
  return Readable.from(records.map((record) => `${JSON.stringify(record)}\n`));
}

const RECORDS = [
  { type: 'actor', slug: 'mike-pompeo', kind: 'person', name: 'Mike Pompeo' },
  ...Array.from({ length: 30 }, (_, i) => ({
    type: 'claim',
    slug: `claim-${i}`,
    text: `Claim ${i} about al-Qaeda's home base`,
    claimant: 'mike-pompeo',
    statedAt: '2021-01-12',
    tags: ['iran'],
  })),
];

const run = (store: Store, records: object[], options: ImportOptions) =>
  importNdjson(store, lines(records), options);

/** The journal mode the file has for a connection that opens it now, and what it holds. */
function afterwards(file: string) {
  const raw = new Database(file, { readonly: true });
  try {
    return {
      mode: raw.pragma('journal_mode', { simple: true }),
      claims: raw.prepare('SELECT count(*) FROM claims').pluck().get(),
      integrity: raw.pragma('integrity_check', { simple: true }),
    };
  } finally {
    raw.close();
  }
}

describe('a first load from the command line', () => {
  it('when it has an empty database to itself, then it is written through a rollback journal and the log is back after', async () => {
    const { store, file, journaled } = await database();
    const report = await run(store, RECORDS, { by: 'cli', alone: true });
    expect(report.counts.claims.created).toBe(30);
    expect(journaled()).toBe(true);
    expect(existsSync(`${file}-journal`)).toBe(false);
    expect(afterwards(file)).toEqual({ mode: 'wal', claims: 30, integrity: 'ok' });
  });

  it('when the import is not said to be alone, then it goes through the log', async () => {
    const { store, file, journaled } = await database();
    await run(store, RECORDS, { by: 'api' });
    expect(journaled()).toBe(false);
    expect(afterwards(file)).toEqual({ mode: 'wal', claims: 30, integrity: 'ok' });
  });

  it('when another connection has the file open, then it goes through the log and that connection reads on', async () => {
    const { store, file, journaled } = await database();
    const other = new Database(file);
    cleanups.push(async () => {
      other.close();
    });
    expect(other.prepare('SELECT count(*) FROM actors').pluck().get()).toBe(0);
    await run(store, RECORDS, { by: 'cli', alone: true });
    expect(journaled()).toBe(false);
    expect(other.prepare('SELECT count(*) FROM claims').pluck().get()).toBe(30);
    expect(afterwards(file)).toEqual({ mode: 'wal', claims: 30, integrity: 'ok' });
  });

  it('when claims are stored already, then it goes through the log', async () => {
    const { store, file, journaled } = await database({ seed: true });
    const before = afterwards(file).claims as number;
    await run(store, RECORDS, { by: 'cli', alone: true });
    expect(journaled()).toBe(false);
    expect(afterwards(file)).toEqual({ mode: 'wal', claims: before + 30, integrity: 'ok' });
  });

  it('when it is refused, then nothing of it stays and the log is back', async () => {
    const { store, file, journaled } = await database();
    const broken = [...RECORDS, { ...RECORDS[1], slug: 'orphan', claimant: 'nobody-known' }];
    await expect(run(store, broken, { by: 'cli', alone: true })).rejects.toBeInstanceOf(
      ImportInvalidError,
    );
    expect(journaled()).toBe(true);
    expect(existsSync(`${file}-journal`)).toBe(false);
    expect(afterwards(file)).toEqual({ mode: 'wal', claims: 0, integrity: 'ok' });
  });

  it('when it is a dry run, then it reports the records and leaves the database empty, the log on', async () => {
    const { store, file } = await database();
    const report = await run(store, RECORDS, { by: 'cli', alone: true, dryRun: true });
    expect(report.counts.claims.created).toBe(30);
    expect(afterwards(file)).toEqual({ mode: 'wal', claims: 0, integrity: 'ok' });
  });
});
