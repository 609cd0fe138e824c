import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection } from '../src/db/sqlite/connection.js';
import { MIGRATIONS_FOLDER } from '../src/db/sqlite/migrations.js';
import { openSqliteStore } from '../src/db/sqlite/store.js';
import type { Store } from '../src/db/store.js';
import { makeStore } from './helpers/app.js';
import { committedWrite } from './helpers/committed-write.js';
import { migrationsBefore } from './helpers/earlier-migrations.js';
import { peekSqlite } from './helpers/peek.js';
import { staleSearchDocuments } from './helpers/search-documents.js';

let ctx: { store: Store; dir: string; file: string } | undefined;
const connections: Database.Database[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const connection of connections.splice(0)) connection.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (!ctx) return;
  await ctx.store.close();
  rmSync(ctx.dir, { recursive: true, force: true });
  ctx = undefined;
});

/**
 * A database made by the migrations before the one whose tag ends with `tagEnd`, given rows by
 * `fill` through a plain connection (what `fill` returns comes back as `filled`), then upgraded by
 * the store as a server starting on it would.
 */
async function upgradedFrom<T>(
  tagEnd: string,
  fill: (old: Database.Database) => T,
): Promise<{ file: string; filled: T }> {
  const dir = mkdtempSync(join(tmpdir(), 'factcheck-upgrade-'));
  dirs.push(dir);
  const file = join(dir, 'factcheck.db');
  const old = openConnection(file);
  migrate(old.tx, { migrationsFolder: migrationsBefore(MIGRATIONS_FOLDER, tagEnd, dir) });
  let filled: T;
  try {
    filled = fill(old.sqlite);
  } finally {
    old.sqlite.close();
  }
  const store = openSqliteStore(file);
  await store.migrate();
  await store.close();
  return { file, filled };
}

/** A plain connection to the file, with SQLite's defaults. */
function plain(file: string): Database.Database {
  const connection = new Database(file);
  connections.push(connection);
  return connection;
}

/** A connection with the pragmas the store opens its own with (foreign keys on, WAL, …). */
function likeTheStore(file: string): Database.Database {
  const { sqlite } = openConnection(file);
  connections.push(sqlite);
  return sqlite;
}

const now = '2021-01-12T00:00:00.000Z';

/** Writes in a transaction of their own, committed as the store commits one. */
function committed(sqlite: Database.Database, sql: string, ...params: unknown[]): void {
  committedWrite(sqlite, () =>
    params.length > 0 ? sqlite.prepare(sql).run(...params) : sqlite.exec(sql),
  );
}

describe('migrations from an empty database', () => {
  it('create every table, the full-text index and the triggers, with the pragmas on', async () => {
    ctx = await makeStore({ seed: false });
    const names = plain(ctx.file)
      .prepare(
        "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY name",
      )
      .all() as { name: string; type: string }[];
    const tables = names.filter((n) => n.type === 'table').map((n) => n.name);
    for (const table of [
      'actors',
      'sources',
      'claims',
      'claim_tags',
      'quotes',
      'claim_links',
      'evidence',
      'status_history',
      'claim_search',
      'source_claims',
    ]) {
      expect(tables).toContain(table);
    }
    // The search index's 13 (claims, quotes, tags, claimants, reviews' headlines), source_claims'
    // 4, the 3 that keep the claims' keys on tags and links.
    expect(names.filter((n) => n.type === 'trigger')).toHaveLength(20);
    // foreign_keys is per connection: the store's connections are opened by openConnection.
    const sqlite = likeTheStore(ctx.file);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    // WAL is kept in the file itself, so any connection finds it.
    expect(plain(ctx.file).pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('run again, change nothing', async () => {
    ctx = await makeStore({ seed: false });
    const raw = plain(ctx.file);
    const before = raw.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get();
    await ctx.store.migrate();
    expect(raw.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual(before);
  });

  it('check the foreign keys when a migration ran, and not on a start that had none to apply', async () => {
    // A row naming a missing actor, written around the keys before the last migration.
    const orphan = (old: Database.Database) => {
      old.pragma('foreign_keys = OFF');
      old.exec(`INSERT INTO claims (id, slug, text, claimant_id, stated_at, created_at, updated_at)
        VALUES ('clm_1', 'c', 'giraffes are tall', 'act_gone', '2021', '${now}', '${now}')`);
    };
    await expect(upgradedFrom('_list_order_indexes', orphan)).rejects.toThrow(
      /The migrations left 1 row\(s\) naming a missing row \(first in claims\)/,
    );
    // Current already, the same database starts: reading every row at each start would take
    // seconds on a large record, and no migration can have broken a key.
    ctx = await makeStore({ seed: false });
    orphan(plain(ctx.file));
    await ctx.store.close();
    const again = openSqliteStore(ctx.file);
    await again.migrate();
    ctx.store = again;
    expect(plain(ctx.file).pragma('foreign_key_check')).toHaveLength(1);
  });

  it('enforce enums, foreign keys and self-links in the database itself', async () => {
    ctx = await makeStore({ seed: false });
    const sqlite = likeTheStore(ctx.file);
    const insertActor = sqlite.prepare(
      'INSERT INTO actors (id, slug, kind, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    expect(() => insertActor.run('act_1', 'a', 'robot', 'A', now, now)).toThrow(/CHECK constraint/);
    insertActor.run('act_1', 'a', 'person', 'A', now, now);
    expect(() => insertActor.run('act_2', 'a', 'person', 'B', now, now)).toThrow(/UNIQUE/);

    const insertClaim = sqlite.prepare(
      'INSERT INTO claims (id, slug, text, claimant_id, stated_at, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    expect(() =>
      insertClaim.run('clm_1', 'c', 'T', 'act_missing', '2021', 'unverified', now, now),
    ).toThrow(/FOREIGN KEY/);
    expect(() => insertClaim.run('clm_1', 'c', 'T', 'act_1', '2021', 'true-ish', now, now)).toThrow(
      /CHECK/,
    );
    insertClaim.run('clm_1', 'c', 'T', 'act_1', '2021', 'unverified', now, now);
    expect(() =>
      sqlite
        .prepare(
          "INSERT INTO claim_links (from_claim_id, to_claim_id, kind, created_at) VALUES ('clm_1', 'clm_1', 'rebuts', ?)",
        )
        .run(now),
    ).toThrow(/CHECK/);
  });

  it('keep the full-text index in step with claims, quotes and tags', async () => {
    ctx = await makeStore({ seed: false });
    const sqlite = likeTheStore(ctx.file);
    committed(
      sqlite,
      "INSERT INTO actors (id, slug, kind, name, created_at, updated_at) VALUES ('act_1', 'a', 'person', 'A', ?, ?)",
      now,
      now,
    );
    committed(
      sqlite,
      "INSERT INTO sources (id, slug, kind, text, created_at, updated_at) VALUES ('src_1', 's', 'article', 'zebra crossing', ?, ?)",
      now,
      now,
    );
    committed(
      sqlite,
      "INSERT INTO claims (id, slug, text, claimant_id, stated_at, created_at, updated_at) VALUES ('clm_1', 'c', 'giraffes are tall', 'act_1', '2021', ?, ?)",
      now,
      now,
    );
    committed(
      sqlite,
      "INSERT INTO quotes (id, claim_id, position, source_id, exact, start, \"end\") VALUES ('quo_1', 'clm_1', 0, 'src_1', 'zebra', 0, 5)",
    );
    committed(sqlite, "INSERT INTO claim_tags (claim_id, tag) VALUES ('clm_1', 'wildlife')");
    const hits = (q: string) =>
      sqlite
        .prepare('SELECT count(*) AS n FROM claim_search WHERE claim_search MATCH ?')
        .get(q) as { n: number };
    expect(hits('giraffes').n).toBe(1);
    expect(hits('zebra').n).toBe(1);
    expect(hits('wildlife').n).toBe(1);
    committed(sqlite, "UPDATE claims SET text = 'elephants are heavy' WHERE id = 'clm_1'");
    committed(sqlite, "DELETE FROM claim_tags WHERE claim_id = 'clm_1'");
    expect(hits('giraffes').n).toBe(0);
    expect(hits('elephants').n).toBe(1);
    expect(hits('wildlife').n).toBe(0);
    committed(sqlite, "DELETE FROM claims WHERE id = 'clm_1'");
    expect(hits('elephants').n).toBe(0);
    expect(hits('zebra').n).toBe(0);
  });
});

/** Matches of an FTS5 query in the search index of this connection's database. */
const hitsIn = (sqlite: Database.Database) => (q: string) =>
  (
    sqlite.prepare('SELECT count(*) AS n FROM claim_search WHERE claim_search MATCH ?').get(q) as {
      n: number;
    }
  ).n;

describe('the search index and claimants', () => {
  it('keep each claim findable by its claimant’s names as the actor and the claim change', async () => {
    ctx = await makeStore({ seed: false });
    const sqlite = likeTheStore(ctx.file);
    committed(
      sqlite,
      `
      INSERT INTO actors (id, slug, kind, name, aliases, created_at, updated_at) VALUES
        ('act_1', 'z', 'person', 'Mohammad Javad Zarif', '["Javad Zarif","@JZarif"]', '${now}', '${now}'),
        ('act_2', 'p', 'person', 'Trita Parsi', '[]', '${now}', '${now}');
      INSERT INTO claims (id, slug, text, claimant_id, stated_at, created_at, updated_at) VALUES
        ('clm_1', 'c1', 'giraffes are tall', 'act_1', '2021', '${now}', '${now}'),
        ('clm_2', 'c2', 'zebras are striped', 'act_1', '2021', '${now}', '${now}');
    `,
    );
    const hits = hitsIn(sqlite);
    expect([hits('zarif'), hits('jzarif'), hits('claimant: javad')]).toEqual([2, 2, 2]);
    committed(
      sqlite,
      `UPDATE actors SET name = 'M. J. Zareef', aliases = '["@JZareef"]' WHERE id = 'act_1'`,
    );
    expect([hits('zarif'), hits('jzarif'), hits('zareef'), hits('jzareef')]).toEqual([0, 0, 2, 2]);
    committed(sqlite, `UPDATE claims SET claimant_id = 'act_2' WHERE id = 'clm_2'`);
    expect([hits('zareef'), hits('parsi'), hits('parsi zebras')]).toEqual([1, 1, 1]);
    // Nothing else about the actor touches the index.
    committed(sqlite, `UPDATE actors SET description = 'Zarif' WHERE id = 'act_2'`);
    expect(hits('zarif')).toBe(0);
    expect(await staleSearchDocuments(peekSqlite(sqlite))).toEqual([]);
  });

  it('find the claims of a database made before claimants were searched, once it is upgraded', async () => {
    const { file } = await upgradedFrom('_claimant_search', (old) => {
      old.exec(`
        INSERT INTO actors (id, slug, kind, name, aliases, created_at, updated_at) VALUES
          ('act_1', 'z', 'person', 'Mohammad Javad Zarif', '["Javad Zarif","@JZarif"]', '${now}', '${now}');
        INSERT INTO claims (id, slug, text, claimant_id, stated_at, created_at, updated_at) VALUES
          ('clm_1', 'c1', 'giraffes are tall', 'act_1', '2021', '${now}', '${now}');
        INSERT INTO claim_tags (claim_id, tag) VALUES ('clm_1', 'wildlife');
      `);
      expect(hitsIn(old)('zarif')).toBe(0);
    });
    const upgraded = plain(file);
    const hits = hitsIn(upgraded);
    expect([hits('zarif'), hits('jzarif'), hits('giraffes'), hits('wildlife')]).toEqual([
      1, 1, 1, 1,
    ]);
    expect(await staleSearchDocuments(peekSqlite(upgraded))).toEqual([]);
  });
});

describe('the search index and reviews’ headlines', () => {
  it('keep each claim findable by its review’s headline as the review is written, retitled and removed', async () => {
    ctx = await makeStore({ seed: false });
    const sqlite = likeTheStore(ctx.file);
    committed(
      sqlite,
      `
      INSERT INTO actors (id, slug, kind, name, created_at, updated_at) VALUES
        ('act_1', 'a', 'person', 'A', '${now}', '${now}');
      INSERT INTO claims (id, slug, text, claimant_id, stated_at, created_at, updated_at) VALUES
        ('clm_1', 'c1', 'giraffes are tall', 'act_1', '2021', '${now}', '${now}'),
        ('clm_2', 'c2', 'zebras are striped', 'act_1', '2021', '${now}', '${now}');
      INSERT INTO claim_reviews (claim_id, label) VALUES ('clm_2', 'False');
    `,
    );
    const hits = hitsIn(sqlite);
    committed(
      sqlite,
      `INSERT INTO claim_reviews (claim_id, label, headline) VALUES ('clm_1', 'False', 'No, the okapi is not a giraffe')`,
    );
    expect([hits('okapi'), hits('headline: okapi'), hits('text: okapi')]).toEqual([1, 1, 0]);
    committed(
      sqlite,
      `UPDATE claim_reviews SET headline = 'Necks measured' WHERE claim_id = 'clm_1'`,
    );
    expect([hits('okapi'), hits('necks')]).toEqual([0, 1]);
    // Nothing else about the review touches the index.
    committed(sqlite, `UPDATE claim_reviews SET label = 'okapi' WHERE claim_id = 'clm_1'`);
    committed(
      sqlite,
      `UPDATE claim_reviews SET headline = 'Stripes counted' WHERE claim_id = 'clm_2'`,
    );
    expect([hits('okapi'), hits('stripes'), hits('necks')]).toEqual([0, 1, 1]);
    committed(sqlite, `DELETE FROM claim_reviews WHERE claim_id = 'clm_1'`);
    expect([hits('necks'), hits('giraffes')]).toEqual([0, 1]);
    committed(sqlite, `DELETE FROM claims WHERE id = 'clm_2'`);
    expect([hits('stripes'), hits('zebras')]).toEqual([0, 0]);
    expect(await staleSearchDocuments(peekSqlite(sqlite))).toEqual([]);
  });

  it('find the claims of a database made before headlines were searched, once it is upgraded', async () => {
    const { file } = await upgradedFrom('_headline_search', (old) => {
      old.exec(`
        INSERT INTO actors (id, slug, kind, name, aliases, created_at, updated_at) VALUES
          ('act_1', 'z', 'person', 'Mohammad Javad Zarif', '["@JZarif"]', '${now}', '${now}');
        INSERT INTO claims (id, slug, text, claimant_id, stated_at, created_at, updated_at) VALUES
          ('clm_1', 'c1', 'giraffes are tall', 'act_1', '2021', '${now}', '${now}');
        INSERT INTO claim_tags (claim_id, tag) VALUES ('clm_1', 'wildlife');
        INSERT INTO claim_reviews (claim_id, label, headline) VALUES ('clm_1', 'False', 'No, the okapi is not a giraffe');
      `);
      expect(hitsIn(old)('okapi')).toBe(0);
    });
    const upgraded = plain(file);
    const hits = hitsIn(upgraded);
    expect([hits('okapi'), hits('jzarif'), hits('giraffes'), hits('wildlife')]).toEqual([
      1, 1, 1, 1,
    ]);
    expect(await staleSearchDocuments(peekSqlite(upgraded))).toEqual([]);
  });
});

describe('the claims table rebuilt so that a claim may have no claimant', () => {
  const TABLES = [
    'actors',
    'sources',
    'claims',
    'claim_tags',
    'quotes',
    'claim_links',
    'evidence',
    'status_history',
    'source_claims',
    'claim_reviews',
    'claim_search',
  ];
  const countsIn = (sqlite: Database.Database) =>
    Object.fromEntries(
      TABLES.map((table) => [
        table,
        (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
      ]),
    );
  const triggersIn = (sqlite: Database.Database) =>
    (
      sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        .all() as {
        name: string;
      }[]
    ).map((row) => row.name);

  it('keeps every row that names a claim, the triggers and the foreign keys of an older database', async () => {
    const { file, filled: before } = await upgradedFrom('_claims_without_claimant', (old) => {
      // Every kind of row that names a claim, there to be lost with the old table: quotes (and
      // the table of each source's claims their triggers keep), tags, links, evidence, history,
      // a review and the search index.
      old.exec(`
        INSERT INTO actors (id, slug, kind, name, created_at, updated_at) VALUES
          ('act_1', 'a', 'person', 'A', '${now}', '${now}');
        INSERT INTO sources (id, slug, kind, text, created_at, updated_at) VALUES
          ('src_1', 's', 'article', 'giraffes are tall and zebras are striped', '${now}', '${now}');
        INSERT INTO claims (id, slug, text, claimant_id, stated_at, created_at, updated_at) VALUES
          ('clm_1', 'c1', 'giraffes are tall', 'act_1', '2021', '${now}', '${now}'),
          ('clm_2', 'c2', 'zebras are striped', 'act_1', '2021', '${now}', '${now}');
        INSERT INTO quotes (id, claim_id, position, source_id, exact, start, "end") VALUES
          ('quo_1', 'clm_1', 0, 'src_1', 'giraffes are tall', 0, 17);
        INSERT INTO claim_tags (claim_id, tag) VALUES ('clm_1', 'wildlife'), ('clm_2', 'wildlife');
        INSERT INTO claim_links (from_claim_id, to_claim_id, kind, created_at) VALUES
          ('clm_2', 'clm_1', 'rebuts', '${now}');
        INSERT INTO evidence (id, slug, claim_id, stance, summary, created_at, updated_at) VALUES
          ('evd_1', 'e', 'clm_1', 'supports', 'Measured.', '${now}', '${now}');
        INSERT INTO status_history (id, claim_id, status, changed_at) VALUES
          (1, 'clm_1', 'unverified', '${now}'), (2, 'clm_2', 'unverified', '${now}');
        INSERT INTO claim_reviews (claim_id, label) VALUES ('clm_1', 'True');
      `);
      return { counts: countsIn(old), triggers: triggersIn(old) };
    });
    expect([
      before.counts.quotes,
      before.counts.source_claims,
      before.counts.claim_links,
      before.counts.claim_search,
    ]).toEqual([1, 1, 1, 2]);
    const upgraded = likeTheStore(file);
    expect(countsIn(upgraded)).toEqual(before.counts);
    // Later migrations may add triggers; none of those the claims' rows had is lost.
    expect(triggersIn(upgraded)).toEqual(expect.arrayContaining(before.triggers));
    expect(upgraded.pragma('foreign_key_check')).toEqual([]);
    expect(upgraded.pragma('integrity_check', { simple: true })).toBe('ok');

    // The rebuilt table takes a claim without a claimant; its triggers index it and date it.
    committed(
      upgraded,
      `
      INSERT INTO claims (id, slug, text, claimant_id, stated_at, created_at, updated_at) VALUES
        ('clm_x', 'x', 'giraffes are tall', NULL, '2021', '${now}', '${now}');
    `,
    );
    expect(hitsIn(upgraded)('giraffes')).toBe(2);
    // Foreign keys are on again: a claimant that does not exist is refused.
    expect(() =>
      upgraded.exec(`UPDATE claims SET claimant_id = 'act_missing' WHERE id = 'clm_x'`),
    ).toThrow(/FOREIGN KEY/);
  });
});
