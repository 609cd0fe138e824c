import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readBundleFile, SEED_BUNDLE } from '../src/db/seed.js';
import { LARGE_IMPORT } from '../src/db/sqlite/search-levels.js';
import type { Store } from '../src/db/store.js';
import {
  ImportInvalidError,
  type ImportOptions,
  importNdjson,
} from '../src/modules/bundles/bundle.import.js';
import { makeStore } from './helpers/app.js';
import { peekSqlite } from './helpers/peek.js';
import { staleSearchDocuments } from './helpers/search-documents.js';
import { expectCountsExact } from './helpers/stored-counts.js';

/**
 * A large import sets secondary indexes aside while it writes and builds them again before it
 * commits. What a user sees must not change: every index is there after the import, holding
 * exactly the rows of its table, and an import that fails or is a dry run leaves the database as
 * it was.
 */
const opened: { store: Store; dir: string; raw: Database.Database }[] = [];
/** TMPDIR before a test gave the process a temporary folder of its own (see privateTmpdir). */
let sharedTmpdir: { value: string | undefined } | undefined;
afterEach(async () => {
  if (sharedTmpdir !== undefined) {
    const mine = process.env.TMPDIR;
    if (sharedTmpdir.value === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = sharedTmpdir.value;
    sharedTmpdir = undefined;
    if (mine) rmSync(mine, { recursive: true, force: true });
  }
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
  return { store, raw, statements, file };
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
    tables.map(({ name }) => {
      // By its first two columns, or its only one (the search index's pending claims).
      const columns = raw.prepare(`SELECT count(*) AS n FROM pragma_table_info(?)`).get(name) as {
        n: number;
      };
      const order = columns.n > 1 ? '1, 2' : '1';
      return [name, raw.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).all()];
    }),
  );
}

/**
 * A temporary folder of this test's own, for the rest of the test (`os.tmpdir()` reads TMPDIR):
 * other test files' imports make side folders in the shared one meanwhile.
 */
function privateTmpdir(): { names: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'factcheck-tmp-'));
  sharedTmpdir = { value: process.env.TMPDIR };
  process.env.TMPDIR = dir;
  // (tsx, loading a worker thread's TypeScript, keeps its cache there too.)
  return { names: () => readdirSync(dir).filter((name) => name.startsWith('factcheck-')) };
}

/** FTS5's own check of its index against the documents it holds. */
function expectSearchIndexSound(file: string): void {
  const writable = new Database(file);
  try {
    expect(() =>
      writable.exec("INSERT INTO claim_search (claim_search) VALUES ('integrity-check')"),
    ).not.toThrow();
  } finally {
    writable.close();
  }
}

/** How many claims the search index finds for an FTS5 query. */
const matchingIn = (raw: Database.Database) => (query: string) =>
  raw.prepare('SELECT count(*) FROM claim_search WHERE claim_search MATCH ?').pluck().get(query);

const indexesSetAside = (statements: string[]) =>
  statements.filter((sql) => /DROP INDEX/i.test(sql)).length;

/** Tags and links whose copies of their claim's sort keys differ from the claim's own. */
function staleCopies(raw: Database.Database): unknown[] {
  return raw
    .prepare(
      `SELECT 'tag' AS row, t.claim_id AS claim FROM claim_tags t LEFT JOIN claims c ON c.id = t.claim_id
       WHERE c.seq IS NOT t.claim_seq OR c.stated_at IS NOT t.stated_at OR c.created_at IS NOT t.created_at
       UNION ALL
       SELECT 'link', l.from_claim_id FROM claim_links l LEFT JOIN claims c ON c.id = l.from_claim_id
       WHERE c.seq IS NOT l.from_seq OR c.stated_at IS NOT l.from_stated_at
         OR c.created_at IS NOT l.from_created_at`,
    )
    .all();
}

/** A tag's claims and a claim's rebuttals, by slug, read through the indexes the lists walk. */
function walkedLists(raw: Database.Database, tag: string, rebutted: string) {
  const tagged = raw
    .prepare(
      `SELECT c.slug FROM claim_tags t INDEXED BY claim_tags_stated_at_idx JOIN claims c ON c.seq = t.claim_seq
       WHERE t.tag = ? ORDER BY t.stated_at, t.claim_seq`,
    )
    .all(tag) as { slug: string }[];
  const rebuttals = raw
    .prepare(
      `SELECT c.slug FROM claim_links l INDEXED BY claim_links_to_claim_kind_stated_at_idx
       JOIN claims c ON c.seq = l.from_seq
       WHERE l.to_claim_id = (SELECT id FROM claims WHERE slug = ?) AND l.kind = 'rebuts'
       ORDER BY l.from_stated_at, l.from_seq`,
    )
    .all(rebutted) as { slug: string }[];
  return { tagged: tagged.map((row) => row.slug), rebuttals: rebuttals.map((row) => row.slug) };
}

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
    // The tags' and links' copies of their claims' sort keys, and the indexes ordered by them.
    expect(
      statements.filter((sql) =>
        /DROP INDEX main\."claim_links_to_claim_kind_(stated_at|from_created)_idx"/.test(sql),
      ),
    ).toHaveLength(2);
    expect(staleCopies(raw)).toEqual([]);
    expect(walkedLists(raw, 'tag-1', 'big-claim-0').tagged).toHaveLength(50);
  });

  it('when it becomes large, then the audit entries after are written on another thread and brought in, the same as in place: one per record, numbered on, in order', async () => {
    const { store, raw, statements } = await database(true);
    const before = raw.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
    const lines = records(200, 'big');

    await importLines(store, lines, { largeImportRecords: 10, by: 'bulk-test' });

    // Brought in whole from the side file the thread wrote.
    expect(statements).toContainEqual(
      'INSERT INTO main.audit_log SELECT * FROM side_audit.audit_log',
    );
    const rows = raw
      .prepare(
        'SELECT id, key_name, action, entity_type, entity_id, changes FROM audit_log WHERE id > ? ORDER BY id',
      )
      .all(before) as {
      id: number;
      key_name: string;
      action: string;
      entity_type: string;
      entity_id: string;
      changes: string;
    }[];
    // One per record, numbered on from the last entry without a gap, in the records' order.
    expect(rows).toHaveLength(lines.length);
    expect(rows.map((row) => row.id)).toEqual(rows.map((_, i) => before + 1 + i));
    expect(new Set(rows.map((row) => row.key_name))).toEqual(new Set(['bulk-test']));
    const idOf = (table: string, slug: string) =>
      raw.prepare(`SELECT id FROM ${table} WHERE slug = ?`).pluck().get(slug);
    expect(rows.slice(0, 5).map((row) => [row.action, row.entity_type, row.entity_id])).toEqual([
      ['create', 'actor', idOf('actors', 'big-actor')],
      ['create', 'source', idOf('sources', 'big-source')],
      ['create', 'claim', idOf('claims', 'big-claim-0')],
      ['status', 'claim', idOf('claims', 'big-claim-0')],
      ['create', 'evidence', idOf('evidence', 'big-evidence-0')],
    ]);
    // The last claim's entry, written long after the import became large, with every field.
    const last = rows.find((row) => row.entity_id === idOf('claims', 'big-claim-199'));
    expect(JSON.parse(last?.changes ?? '{}')).toMatchObject({
      slug: { before: null, after: 'big-claim-199' },
      text: { before: null, after: 'Claim 199 about a fox' },
      tags: { before: null, after: ['tag-3'] },
      quotes: { before: null, after: [expect.objectContaining({ exact: 'brown' })] },
    });
    // Its indexes find them; the next write's entry comes after them.
    expect(
      raw
        .prepare("SELECT count(*) FROM audit_log WHERE entity_type = 'evidence' AND id > ?")
        .pluck()
        .get(before),
    ).toBe(200);
    await importLines(store, [{ type: 'actor', slug: 'later', kind: 'person', name: 'Later' }], {});
    expect(raw.prepare('SELECT max(id) FROM audit_log').pluck().get()).toBe(
      before + lines.length + 1,
    );
  });

  it('when it changes more stored counts than one statement updates, then it updates them a slice at a time and every count is exact', async () => {
    const { store, raw, statements } = await database(true);

    await importLines(store, records(20, 'counted'), { largeImportRecords: 10, countSlice: 3 });

    // 19 claims rebutted, three a statement: seven statements.
    const rebuttalUpdates = statements.filter((sql) =>
      /UPDATE main\.claims SET rebuttal_count/.test(sql),
    );
    expect(rebuttalUpdates).toHaveLength(7);
    await expectCountsExact(peekSqlite(raw));
    const rebutted = raw
      .prepare("SELECT sum(rebuttal_count) FROM claims WHERE slug GLOB 'counted-claim-*'")
      .pluck()
      .get();
    expect(rebutted).toBe(19);
  });

  it('when it moves stored claims’ dates and links claims it writes later, then their tags and links follow, in order', async () => {
    const { store, raw, statements } = await database(true);
    await importLines(store, records(100, 'big'), { largeImportRecords: 10 });
    // Every claim stated years earlier, the later the claim the earlier now; one link given before
    // the claim that makes it.
    const moved = records(100, 'big').map((line) =>
      'statedAt' in line && 'slug' in line && typeof line.slug === 'string'
        ? { ...line, statedAt: `${2000 - Number(line.slug.split('-').at(-1))}-06-01` }
        : line,
    );
    const forward = [
      { type: 'link', from: 'late-claim', kind: 'rebuts', to: 'big-claim-0' },
      ...moved,
      {
        type: 'claim',
        slug: 'late-claim',
        text: 'Late.',
        claimant: 'big-actor',
        statedAt: '1800',
        tags: ['tag-1'],
      },
    ];
    statements.length = 0;
    const report = await importLines(store, forward, { largeImportRecords: 10 });

    expect(indexesSetAside(statements)).toBeGreaterThan(0);
    expect(report.counts.claims).toMatchObject({ created: 1, updated: 100 });
    expect(staleCopies(raw)).toEqual([]);
    const { tagged, rebuttals } = walkedLists(raw, 'tag-1', 'big-claim-0');
    const tag1 = Array.from({ length: 25 }, (_, i) => `big-claim-${97 - 4 * i}`);
    expect(tagged).toEqual(['late-claim', ...tag1]);
    expect(rebuttals).toEqual(['late-claim', 'big-claim-1']);
    expect(raw.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });

  it('when its claims name an actor it writes only later, then they are found by that actor’s name, and the new-actor trigger is back', async () => {
    const { store, raw, statements } = await database(true);
    const before = schemaOf(raw);
    const lines = records(100, 'big').map((line) =>
      'claimant' in line ? { ...line, claimant: 'late-actor' } : line,
    );
    lines.push({ type: 'actor', slug: 'late-actor', kind: 'person', name: 'Zanzibar Quill' });

    await importLines(store, lines, { largeImportRecords: 10 });

    // Set aside while the claimant indexes were: its look-up would have read every claim.
    expect(statements).toContainEqual(
      expect.stringMatching(/DROP TRIGGER main\."actors_search_insert"/),
    );
    expect(schemaOf(raw)).toEqual(before);
    const found = raw
      .prepare(
        "SELECT count(*) AS n FROM claim_search WHERE claim_search MATCH 'claimant:zanzibar'",
      )
      .get() as { n: number };
    expect(found.n).toBe(100);
  });

  it('when it is large and the search index held few claims, then it indexes every claim anew without noting any, each by its last words, and the noting triggers are back', async () => {
    const { store, raw, statements, file } = await database(true);
    const before = schemaOf(raw);
    const seeded = raw.prepare('SELECT count(*) FROM claims').pluck().get() as number;
    // A stored claim changed after the import is large: its words before must not be found.
    const { claims } = readBundleFile(SEED_BUNDLE) as { claims: { slug: string; text: string }[] };
    const stored = claims[0] as { slug: string; text: string; tags?: string[] };
    const lines = [
      ...records(100, 'big'),
      { type: 'claim', ...stored, text: 'Zebras are the new home base.', tags: ['late-tag'] },
    ];

    await importLines(store, lines, { largeImportRecords: 10 });

    for (const trigger of [
      'claims_search_insert',
      'quotes_search_insert',
      'claim_tags_search_insert',
    ]) {
      expect(statements).toContainEqual(expect.stringContaining(`DROP TRIGGER main."${trigger}"`));
    }
    expect(schemaOf(raw)).toEqual(before);
    expect(await staleSearchDocuments(peekSqlite(raw))).toEqual([]);
    expect(raw.prepare('SELECT count(*) FROM search_pending').pluck().get()).toBe(0);
    const matching = matchingIn(raw);
    expect(matching('zebras AND tags:"late-tag"')).toBe(1);
    expect(matching(`"${stored.text.replace(/\W+/g, ' ').trim()}"`)).toBe(0);
    expect(matching('fox')).toBe(100);
    expect(raw.prepare('SELECT count(*) FROM claim_search').pluck().get()).toBe(seeded + 100);
    expectSearchIndexSound(file);
  });

  it('when it is a first load of many claims, then its search index is made on another thread and brought in whole, FTS5 reading it and not what it held before', async () => {
    const { store, raw, statements, file } = await database(true);
    const before = schemaOf(raw);
    const seeded = raw.prepare('SELECT count(*) FROM claims').pluck().get() as number;
    const tmp = privateTmpdir();

    await importLines(store, records(LARGE_IMPORT, 'big'), {});

    // Made elsewhere: the table made again, no claim indexed in place.
    expect(statements).toContainEqual('DROP TABLE main.claim_search');
    expect(statements.filter((sql) => /FROM claim_search_rows WHERE seq >/.test(sql))).toEqual([]);
    expect(tmp.names()).toEqual([]);
    expect(schemaOf(raw)).toEqual(before);
    const matching = matchingIn(raw);
    expect(raw.prepare('SELECT count(*) FROM claim_search').pluck().get()).toBe(
      seeded + LARGE_IMPORT,
    );
    expect(matching('fox')).toBe(LARGE_IMPORT);
    expect(matching(`"claim ${LARGE_IMPORT - 1}"`)).toBe(1);
    expect(await staleSearchDocuments(peekSqlite(raw))).toEqual([]);
    // Merged into one segment, as an index made in place.
    expect(raw.prepare('SELECT count(DISTINCT segid) FROM claim_search_idx').pluck().get()).toBe(1);

    // The next write, on the connection that brought the index in, is indexed beside it.
    await importLines(
      store,
      [
        {
          type: 'claim',
          slug: 'okapi-claim',
          text: 'An okapi was seen',
          claimant: 'big-actor',
          statedAt: '2024-01-01',
        },
      ],
      {},
    );
    expect(matching('okapi')).toBe(1);
    expect(matching('fox')).toBe(LARGE_IMPORT);
    expect(await staleSearchDocuments(peekSqlite(raw))).toEqual([]);
    expectSearchIndexSound(file);
  });

  it('while it runs with its side files attached, then no other connection can write the database, and the side files are gone after', async () => {
    const { store, file } = await database(true);
    const tmp = privateTmpdir();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* lines() {
      yield Buffer.from(
        `${JSON.stringify({ type: 'actor', slug: 'early', kind: 'person', name: 'Early' })}\n`,
      );
      await gate;
      yield Buffer.from(
        `${JSON.stringify({ type: 'actor', slug: 'late', kind: 'person', name: 'Late' })}\n`,
      );
    }
    const importing = importNdjson(store, Readable.from(lines()), {});
    const other = new Database(file, { timeout: 0 });
    // Another process's write lock: refused as soon as the import's transaction has begun.
    const tryToLock = () => {
      try {
        other.exec('BEGIN IMMEDIATE');
        other.exec('ROLLBACK');
        return 'locked';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    let answer = tryToLock();
    for (let wait = 0; answer === 'locked' && wait < 200; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      answer = tryToLock();
    }
    try {
      expect(answer).toBe('SQLITE_BUSY');
      expect(tmp.names()).toEqual([expect.stringMatching(/^factcheck-side-/)]);
      release();
      const report = await importing;
      expect(report.counts.actors.created).toBe(2);
      expect(tryToLock()).toBe('locked');
      expect(tmp.names()).toEqual([]);
    } finally {
      release();
      other.close();
    }
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

  it('when it has 1,000 records or more, then once it commits its write-ahead log is folded back, not kept at its size', async () => {
    const { store, file } = await database(true);
    const report = await importLines(store, records(400, 'big'), {});
    expect(report.records).toBeGreaterThanOrEqual(1000);
    expect(statSync(`${file}-wal`).size).toBe(0);
  });
});
