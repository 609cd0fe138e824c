import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { is } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migratePg, PG_MIGRATIONS_FOLDER } from '../src/db/pg/migrations.js';
import * as schema from '../src/db/pg/schema.js';
import { migrationsBefore } from './helpers/earlier-migrations.js';
import { peekPg } from './helpers/peek.js';
import { clusterAt, createDatabase, dropDatabase } from './helpers/pg-cluster.js';
import { staleSearchDocuments } from './helpers/search-documents.js';

/** PostgreSQL's migrations (drizzle-kit's and the hand-written one), on a server of the run. */
const cluster = clusterAt(inject('pgAdminUrl'));
const journal = JSON.parse(readFileSync(join(PG_MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'))
  .entries as unknown[];
const tables = Object.values(schema as Record<string, unknown>)
  .filter((value): value is PgTable => is(value, PgTable))
  .map((table) => getTableConfig(table));

let url: string;
let db: pg.Pool;

beforeAll(async () => {
  url = await createDatabase(cluster);
  db = poolOf(url, 2);
});
afterAll(async () => {
  await db.end();
  await dropDatabase(cluster, url);
});

/** A pool whose idle connections may be cut when a database is dropped under them. */
function poolOf(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', () => {});
  return pool;
}

const rows = async <T>(text: string, values: unknown[] = []) =>
  (await db.query(text, values)).rows as T[];

describe('PostgreSQL migrations (PostgreSQL)', () => {
  it('when the role is not a superuser but owns its database, then it migrates it (README set-up)', async () => {
    const admin = poolOf(cluster.url('postgres'), 1);
    const name = `owned_${Date.now().toString(36)}`;
    const role = `factcheck_${name}`;
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'owner-secret' NOSUPERUSER NOCREATEDB`);
    await admin.query(`CREATE DATABASE ${name} OWNER ${role}`);
    const owned = new URL(cluster.url(name));
    owned.username = role;
    owned.password = 'owner-secret';
    const pool = poolOf(owned.toString(), 1);
    try {
      await migratePg(pool);
      const applied = await pool.query(
        'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
      );
      expect(applied.rows[0].n).toBe(journal.length);
      const unaccent = await pool.query(
        "SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'unaccent'",
      );
      expect(unaccent.rows[0].n).toBe(1);
    } finally {
      await pool.end();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });

  it('when several instances migrate an empty database at once, then each migration is applied once', async () => {
    const empty = await createDatabase(cluster, { migrated: false });
    const pools = [1, 2, 3].map(() => poolOf(empty, 1));
    try {
      await Promise.all(pools.map((pool) => migratePg(pool)));
      const [first] = pools;
      if (!first) throw new Error('no pool');
      const applied = await first.query(
        'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
      );
      expect(applied.rows[0].n).toBe(journal.length);
      const made = await first.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      );
      // The schema's tables, and what the hand-written migrations add: the change mark, and the
      // view search documents are made from.
      expect(made.rows.map((r) => r.table_name)).toEqual(
        [...tables.map((t) => t.name), 'change_mark', 'claim_search_rows'].sort(),
      );
      // Once current, migrating again changes nothing.
      await migratePg(first);
      const again = await first.query(
        'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
      );
      expect(again.rows[0].n).toBe(journal.length);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await dropDatabase(cluster, empty);
    }
  });

  it('when migrated, then every column, constraint and named index of the schema is in the database', async () => {
    for (const table of tables) {
      const columns = await rows<{ column_name: string; is_nullable: string }>(
        `SELECT column_name, is_nullable FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [table.name],
      );
      expect(
        columns.map((c) => `${c.column_name} ${c.is_nullable === 'NO' ? 'not null' : ''}`),
      ).toEqual(table.columns.map((c) => `${c.name} ${c.notNull ? 'not null' : ''}`));
      const indexes = await rows<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1`,
        [table.name],
      );
      expect(indexes.map((i) => i.indexname)).toEqual(
        expect.arrayContaining(table.indexes.map((i) => i.config.name)),
      );
      const checks = await rows<{ conname: string }>(
        `SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c' ORDER BY 1`,
        [table.name],
      );
      expect(checks.map((c) => c.conname)).toEqual(table.checks.map((c) => c.name).sort());
    }
  });

  it('when foreign keys are listed, then each can wait for the commit (an import’s forward references)', async () => {
    const keys = await rows<{ conname: string; deferrable: boolean }>(
      `SELECT conname, condeferrable AS deferrable FROM pg_constraint
       WHERE contype = 'f' AND connamespace = 'public'::regnamespace`,
    );
    expect(keys.length).toBe(tables.reduce((n, t) => n + t.foreignKeys.length, 0));
    expect(keys.filter((k) => !k.deferrable)).toEqual([]);
  });

  it('when any connection writes any table, then the change mark moves once, seen at its commit', async () => {
    const mark = async () =>
      Number((await rows<{ mark: string }>('SELECT mark FROM change_mark'))[0]?.mark);
    const before = await mark();
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query(`UPDATE status_counts SET claim_count = claim_count WHERE false`);
      await client.query(`UPDATE tag_counts SET claim_count = claim_count WHERE false`);
      expect(await mark()).toBe(before);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await mark()).toBe(before + 1);
    const marking = await rows<{ n: number }>(
      `SELECT count(DISTINCT event_object_table)::int AS n FROM information_schema.triggers
       WHERE trigger_name LIKE '%_announce_change'`,
    );
    // Every table of the record: the mark's own table is not one.
    expect(marking).toEqual([{ n: tables.length }]);
  });

  it('when text is sorted, then it is by code point as on SQLite, whatever the locale', async () => {
    for (const [i, name] of ['apple', 'Zebra', 'émile', 'Apple'].entries()) {
      await db.query(
        `INSERT INTO actors (id, slug, kind, name, created_at, updated_at)
         VALUES ($1, $1, 'person', $2, '2026-01-01', '2026-01-01')`,
        [`act_sort_${i}`, name],
      );
    }
    const sorted = await rows<{ name: string }>(
      `SELECT name FROM actors WHERE id LIKE 'act_sort_%' ORDER BY name`,
    );
    expect(sorted.map((r) => r.name)).toEqual(['Apple', 'Zebra', 'apple', 'émile']);
    const collations = await rows<{ collation_name: string | null }>(
      `SELECT DISTINCT collation_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type = 'text'`,
    );
    expect(collations).toEqual([{ collation_name: 'C' }]);
  });
});

/**
 * A database made by the migrations before the one whose tag ends with `tagEnd`, given `rows`;
 * `unfound` is not found in it. Upgraded as a server starting on it would, it finds each of
 * `found` once, and every claim's search document is the one its rows make.
 */
async function searchAfterUpgrade(
  tagEnd: string,
  rows: string,
  unfound: string,
  found: string[],
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'factcheck-upgrade-'));
  const older = await createDatabase(cluster, { migrated: false });
  const pool = poolOf(older, 1);
  try {
    const client = await pool.connect();
    try {
      await migrate(drizzle({ client }), {
        migrationsFolder: migrationsBefore(PG_MIGRATIONS_FOLDER, tagEnd, dir),
      });
    } finally {
      client.release();
    }
    await pool.query(rows);
    const hits = async (query: string) =>
      (
        await pool.query(
          `SELECT count(*)::int AS n FROM claim_search WHERE document @@ to_tsquery('factcheck', $1)`,
          [query],
        )
      ).rows[0]?.n;
    expect(await hits(unfound)).toBe(0);

    await migratePg(pool);
    const counts = [];
    for (const word of found) counts.push(await hits(word));
    expect(counts).toEqual(found.map(() => 1));
    const peek = peekPg(older);
    try {
      expect(await staleSearchDocuments(peek)).toEqual([]);
    } finally {
      await peek.close();
    }
  } finally {
    await pool.end();
    await dropDatabase(cluster, older);
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the search documents of a database made before claimants were searched (PostgreSQL)', () => {
  it('when it is upgraded, then its claims are found by their claimant’s name and aliases', async () => {
    await searchAfterUpgrade(
      '_claimant_search',
      `
        INSERT INTO actors (id, slug, kind, name, aliases, created_at, updated_at) VALUES
          ('act_1', 'z', 'person', 'Mohammad Javad Zarif', '["Javad Zarif","@JZarif"]', '2021', '2021');
        INSERT INTO claims (id, slug, text, claimant_id, stated_at, created_at, updated_at) VALUES
          ('clm_1', 'c1', 'giraffes are tall', 'act_1', '2021', '2021', '2021');
        INSERT INTO claim_tags (claim_id, tag) SELECT id, 'wildlife' FROM claims;
      `,
      'zarif',
      ['zarif', 'jzarif', 'giraffes', 'wildlife'],
    );
  });
});

describe('the search documents of a database made before headlines were searched (PostgreSQL)', () => {
  it('when it is upgraded, then its claims are found by their review’s headline', async () => {
    await searchAfterUpgrade(
      '_headline_search',
      `
        INSERT INTO actors (id, slug, kind, name, aliases, created_at, updated_at) VALUES
          ('act_1', 'z', 'person', 'Mohammad Javad Zarif', '["@JZarif"]', '2021', '2021');
        INSERT INTO claims (id, slug, text, claimant_id, stated_at, created_at, updated_at) VALUES
          ('clm_1', 'c1', 'giraffes are tall', 'act_1', '2021', '2021', '2021');
        INSERT INTO claim_tags (claim_id, tag) SELECT id, 'wildlife' FROM claims;
        INSERT INTO claim_reviews (claim_id, label, headline) VALUES ('clm_1', 'False', 'No, the okapi is not a giraffe');
      `,
      'okapi',
      ['okapi', 'jzarif', 'giraffes', 'wildlife'],
    );
  });
});

describe('what triggers keep on PostgreSQL (PostgreSQL)', () => {
  const now = '2026-01-01T00:00:00.000Z';

  beforeAll(async () => {
    await db.query(
      `INSERT INTO actors (id, slug, kind, name, created_at, updated_at)
       VALUES ('act_1', 'mike-pompeo', 'person', 'Mike Pompeo', $1, $1)`,
      [now],
    );
    await db.query(
      `INSERT INTO sources (id, slug, kind, text, created_at, updated_at) VALUES
       ('src_1', 'article', 'article', 'Al-Qaeda has a new home base', $1, $1),
       ('src_2', 'speech', 'speech', 'the speech', $1, $1)`,
      [now],
    );
    await db.query(
      `INSERT INTO claims (id, slug, text, claimant_id, stated_at, created_at, updated_at)
       VALUES ('clm_1', 'home-base', 'Iran is the new home base of al-Qaeda, say the sanctions', 'act_1', '2021-01-12', $1, $1)`,
      [now],
    );
  });

  const searchable = async (query: string) =>
    (
      await rows<{ claim_seq: number }>(
        `SELECT claim_seq FROM claim_search WHERE document @@ to_tsquery('factcheck', $1)`,
        [query],
      )
    ).length;

  it('when a claim is written, then its words are searchable: stems, prefixes, accents and short words alike', async () => {
    expect(await searchable('sanction')).toBe(1);
    expect(await searchable('qa:*')).toBe(1);
    expect(await searchable('the')).toBe(1);
    expect(await searchable('kabul')).toBe(0);
    await db.query(`UPDATE claims SET text = 'Kābul is the base' WHERE id = 'clm_1'`);
    expect(await searchable('kabul')).toBe(1);
    expect(await searchable('sanction')).toBe(0);
  });

  it('when tags and quotes are added and removed, then the search document and source_claims follow', async () => {
    await db.query(
      `INSERT INTO claim_tags (claim_id, tag, claim_seq, stated_at, created_at)
       SELECT id, 'terrorism', seq, stated_at, created_at FROM claims WHERE id = 'clm_1'`,
    );
    await db.query(
      `INSERT INTO quotes (id, claim_id, position, source_id, exact, start, "end", original_source_id)
       VALUES ('quo_1', 'clm_1', 0, 'src_1', 'Al-Qaeda has a new home base', 0, 28, 'src_2')`,
    );
    expect(await searchable('terror')).toBe(1);
    const weights = await rows<{ document: string }>('SELECT document::text FROM claim_search');
    expect(weights[0]?.document).toContain("'terror':");
    expect(weights[0]?.document).toMatch(/'terror':\d+B/);
    expect(weights[0]?.document).toMatch(/'qaeda':\d+C/);
    const quoted = await rows<{ source_id: string; quotes: number; stated_at: string }>(
      'SELECT source_id, quotes, stated_at FROM source_claims ORDER BY source_id',
    );
    expect(quoted).toEqual([
      { source_id: 'src_1', quotes: 1, stated_at: '2021-01-12' },
      { source_id: 'src_2', quotes: 1, stated_at: '2021-01-12' },
    ]);

    await db.query(`UPDATE claims SET stated_at = '2021-01-13' WHERE id = 'clm_1'`);
    const moved = await rows<{ t: string; s: string }>(
      `SELECT (SELECT stated_at FROM claim_tags) AS t, (SELECT min(stated_at) FROM source_claims) AS s`,
    );
    expect(moved).toEqual([{ t: '2021-01-13', s: '2021-01-13' }]);

    await db.query(`DELETE FROM quotes WHERE id = 'quo_1'`);
    await db.query(`DELETE FROM claim_tags WHERE claim_id = 'clm_1'`);
    expect(await rows('SELECT * FROM source_claims')).toEqual([]);
    expect(await searchable('terror')).toBe(0);
    expect(await searchable('qaeda')).toBe(0);
  });

  it('when a link is written before the claim it comes from, then the claim fills in its sort keys at insert', async () => {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET CONSTRAINTS ALL DEFERRED');
      await client.query(
        `INSERT INTO claim_links (from_claim_id, to_claim_id, kind, created_at)
         VALUES ('clm_2', 'clm_1', 'rebuts', $1)`,
        [now],
      );
      await client.query(
        `INSERT INTO claims (id, slug, text, claimant_id, stated_at, created_at, updated_at)
         VALUES ('clm_2', 'reply', 'No one is fooled', 'act_1', '2021-01-13', $1, $1)`,
        [now],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const links = await rows<{ from_stated_at: string; from_seq: number | null }>(
      'SELECT from_stated_at, from_seq::int AS from_seq FROM claim_links',
    );
    expect(links).toEqual([{ from_stated_at: '2021-01-13', from_seq: expect.any(Number) }]);
  });

  it('when an actor is renamed or a claim changes claimant, then the documents follow, claimant weighted D', async () => {
    // clm_1 and clm_2, both Mike Pompeo's, neither saying his name.
    expect(await searchable('pompeo')).toBe(2);
    const weighted = await rows<{ claimant: boolean; other: boolean }>(
      `SELECT ts_filter(document, '{d}') @@ to_tsquery('factcheck', 'pompeo') AS claimant,
         ts_filter(document, '{a,b,c}') @@ to_tsquery('factcheck', 'pompeo') AS other
       FROM claim_search s JOIN claims c ON c.seq = s.claim_seq WHERE c.id = 'clm_1'`,
    );
    expect(weighted).toEqual([{ claimant: true, other: false }]);
    await db.query(
      `UPDATE actors SET name = 'Michael Richard Pompeo', aliases = '["@SecPompeo"]' WHERE id = 'act_1'`,
    );
    expect([await searchable('michael'), await searchable('secpompeo')]).toEqual([2, 2]);
    await db.query(
      `INSERT INTO actors (id, slug, kind, name, created_at, updated_at)
       VALUES ('act_2', 'trita-parsi', 'person', 'Trita Parsi', $1, $1)`,
      [now],
    );
    await db.query(`UPDATE claims SET claimant_id = 'act_2' WHERE id = 'clm_2'`);
    expect([await searchable('michael'), await searchable('parsi')]).toEqual([1, 1]);
    // Nothing else about the actor touches the documents.
    await db.query(`UPDATE actors SET description = 'michael' WHERE id = 'act_2'`);
    expect(await searchable('michael')).toBe(1);
    const peek = peekPg(url);
    try {
      expect(await staleSearchDocuments(peek)).toEqual([]);
    } finally {
      await peek.close();
    }
  });

  it('when a review is written, retitled and removed, then the document follows, headline weighted C', async () => {
    await db.query(`INSERT INTO claim_reviews (claim_id, label) VALUES ('clm_2', 'False')`);
    expect(await searchable('okapi')).toBe(0);
    await db.query(
      `INSERT INTO claim_reviews (claim_id, label, headline) VALUES ('clm_1', 'False', 'No, the okapi is not a giraffe')`,
    );
    expect(await searchable('okapi')).toBe(1);
    const weighted = await rows<{ headline: boolean; other: boolean }>(
      `SELECT ts_filter(document, '{c}') @@ to_tsquery('factcheck', 'okapi') AS headline,
         ts_filter(document, '{a,b,d}') @@ to_tsquery('factcheck', 'okapi') AS other
       FROM claim_search s JOIN claims c ON c.seq = s.claim_seq WHERE c.id = 'clm_1'`,
    );
    expect(weighted).toEqual([{ headline: true, other: false }]);
    await db.query(`UPDATE claim_reviews SET headline = 'Necks measured' WHERE claim_id = 'clm_1'`);
    expect([await searchable('okapi'), await searchable('necks')]).toEqual([0, 1]);
    await db.query(
      `UPDATE claim_reviews SET headline = 'Replies counted' WHERE claim_id = 'clm_2'`,
    );
    expect([await searchable('replies'), await searchable('necks')]).toEqual([1, 1]);
    await db.query(`DELETE FROM claim_reviews WHERE claim_id = 'clm_1'`);
    expect(await searchable('necks')).toBe(0);
    const peek = peekPg(url);
    try {
      expect(await staleSearchDocuments(peek)).toEqual([]);
    } finally {
      await peek.close();
    }
  });
});
