import { rmSync } from 'node:fs';
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
 * A large import sets secondary indexes aside while it writes and builds them again before it
 * commits. What a user sees must not change: every index is there after the import, holding
 * exactly the rows of its table, and an import that fails or is a dry run leaves the database as
 * it was.
 */
const opened: { store: Store; dir: string; raw: Database.Database }[] = [];
afterEach(async () => {
  for (const { store, dir, raw } of opened.splice(0)) {
    raw.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function database(seed: boolean, importCacheMb?: number) {
  const statements: string[] = [];
  const { store, dir, file } = await makeStore({
    seed,
    storeOptions: { onStatement: (sql) => statements.push(sql), importCacheMb },
  });
  // Only the import's statements: the migrations drop indexes of their own.
  statements.length = 0;
  const raw = new Database(file, { readonly: true });
  opened.push({ store, dir, raw });
  return { store, raw, statements };
}

/** Claims with history, evidence and links, as the bench's record has them. */
function records(claims: number, prefix: string): object[] {
  const lines: object[] = [
    { type: 'actor', slug: `${prefix}-actor`, kind: 'person', name: 'A Person' },
    { type: 'source', slug: `${prefix}-source`, kind: 'article', text: 'quick brown fox' },
  ];
  for (let i = 0; i < claims; i++) {
    lines.push(
      {
        type: 'claim',
        slug: `${prefix}-claim-${i}`,
        text: `Claim ${i} about a fox`,
        claimant: `${prefix}-actor`,
        statedAt: `2020-0${1 + (i % 9)}-1${i % 10}`,
        tags: [`tag-${i % 4}`],
        quotes: [{ source: `${prefix}-source`, exact: 'brown', start: 6, end: 11 }],
      },
      {
        type: 'status',
        claim: `${prefix}-claim-${i}`,
        status: 'unverified',
        previousStatus: null,
        changedAt: '2021-01-01T00:00:00.000Z',
      },
      {
        type: 'evidence',
        slug: `${prefix}-evidence-${i}`,
        claim: `${prefix}-claim-${i}`,
        stance: 'context',
        summary: `Evidence ${i}`,
      },
    );
    if (i > 0) {
      lines.push({
        type: 'link',
        from: `${prefix}-claim-${i}`,
        kind: 'rebuts',
        to: `${prefix}-claim-${i - 1}`,
      });
    }
  }
  return lines;
}

function importLines(store: Store, lines: object[], options: ImportOptions) {
  const text = lines.map((line) => JSON.stringify(line)).join('\n');
  return importNdjson(store, Readable.from([Buffer.from(text)]), options);
}

const schemaOf = (raw: Database.Database) =>
  raw.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all();

/** Every row of every table, in a fixed order: what "exactly as before" compares. */
function contentsOf(raw: Database.Database): Record<string, unknown[]> {
  const tables = raw
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [name, raw.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()]),
  );
}

const indexesSetAside = (statements: string[]) =>
  statements.filter((sql) => /DROP INDEX/i.test(sql)).length;

describe('a large import', () => {
  it('when it sets the indexes aside, then it ends with every index back, each holding exactly its table’s rows', async () => {
    const { store, raw, statements } = await database(true);
    const before = schemaOf(raw);

    const report = await importLines(store, records(200, 'big'), { largeImportRecords: 10 });

    expect(indexesSetAside(statements)).toBeGreaterThan(0);
    expect(report.counts.claims.created).toBe(200);
    expect(schemaOf(raw)).toEqual(before);
    // Checks every index against its table, entry by entry.
    expect(raw.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const listed = raw
      .prepare(
        "SELECT count(*) AS n FROM claims INDEXED BY claims_stated_at_idx WHERE stated_at >= '2020' AND slug GLOB 'big-claim-*'",
      )
      .get() as { n: number };
    expect(listed.n).toBe(200);
    // A source's claims, kept by triggers set aside meanwhile, are all there, once each.
    expect(
      statements.filter((sql) => /DROP TRIGGER main\."\w*source_claims/i.test(sql)),
    ).not.toEqual([]);
    const quoting = raw
      .prepare(
        `SELECT count(*) AS claims, sum(quotes) AS quotes FROM source_claims
         WHERE source_id = (SELECT id FROM sources WHERE slug = 'big-source')`,
      )
      .get() as { claims: number; quotes: number };
    expect(quoting).toEqual({ claims: 200, quotes: 200 });
  });

  it('when it is refused at its last record, after setting the indexes aside, then the database is exactly as before', async () => {
    const { store, raw, statements } = await database(true);
    const schema = schemaOf(raw);
    const contents = contentsOf(raw);
    const lines = [...records(100, 'big'), { type: 'claim', slug: 'Not A Slug' }];

    await expect(importLines(store, lines, { largeImportRecords: 10 })).rejects.toBeInstanceOf(
      ImportInvalidError,
    );

    expect(indexesSetAside(statements)).toBeGreaterThan(0);
    expect(schemaOf(raw)).toEqual(schema);
    expect(contentsOf(raw)).toEqual(contents);
    expect(raw.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });

  it('when it is a dry run, then it reports what it would do and leaves the database as before', async () => {
    const { store, raw } = await database(false);
    const schema = schemaOf(raw);
    const contents = contentsOf(raw);

    const report = await importLines(store, records(100, 'big'), {
      dryRun: true,
      largeImportRecords: 10,
    });

    expect(report).toMatchObject({ dryRun: true, changed: true });
    expect(report.counts.claims.created).toBe(100);
    expect(schemaOf(raw)).toEqual(schema);
    expect(contentsOf(raw)).toEqual(contents);
  });

  it('when it is small beside the database, then no index is set aside', async () => {
    const { store, statements } = await database(true);
    await importLines(store, records(200, 'big'), { largeImportRecords: 10_000 });
    expect(indexesSetAside(statements)).toBe(0);
  });

  it('when it is large, then it takes the import page cache while it writes and gives it back, committed or refused', async () => {
    const { store, statements } = await database(true, 48);
    const cacheSizes = () =>
      statements.splice(0).filter((sql) => /^PRAGMA cache_size =/i.test(sql.trim()));

    await importLines(store, records(100, 'big'), { largeImportRecords: 10 });
    const committed = cacheSizes();
    expect(committed[0]).toMatch(/= -49152$/);
    expect(committed.at(-1)).toMatch(/= -131072$/);

    const refused = [...records(100, 'other'), { type: 'claim', slug: 'Not A Slug' }];
    await expect(importLines(store, refused, { largeImportRecords: 10 })).rejects.toBeInstanceOf(
      ImportInvalidError,
    );
    const afterRefusal = cacheSizes();
    expect(afterRefusal[0]).toMatch(/= -49152$/);
    expect(afterRefusal.at(-1)).toMatch(/= -131072$/);
  });
});
