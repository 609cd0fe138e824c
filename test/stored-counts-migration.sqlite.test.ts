import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it } from 'vitest';
import { openConnection } from '../src/db/sqlite/connection.js';
import { MIGRATIONS_FOLDER } from '../src/db/sqlite/migrations.js';
import { openSqliteStore } from '../src/db/sqlite/store.js';
import { claimStats } from '../src/modules/claims/claims.queries.js';
import { tagsPage } from '../src/modules/claims/claims.repository.js';
import { peekSqlite } from './helpers/peek.js';
import { expectCountsExact } from './helpers/stored-counts.js';

/**
 * SQLite's migration that added the stored counts to databases made before them (PostgreSQL's
 * schema has had them from its first migration): every count equals a fresh count of its rows.
 */
describe('the migration that adds them', () => {
  it('counts the rows of a database made before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'factcheck-counts-'));
    try {
      // The migrations as they were before this one.
      const previous = join(dir, 'previous');
      cpSync(MIGRATIONS_FOLDER, previous, { recursive: true });
      const journalFile = join(previous, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
        entries: { tag: string }[];
      };
      const at = journal.entries.findIndex((entry) => entry.tag.endsWith('_stored_counts'));
      expect(at).toBeGreaterThan(0);
      writeFileSync(
        journalFile,
        JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }),
      );
      const file = join(dir, 'factcheck.db');
      const old = openConnection(file);
      migrate(old.tx, { migrationsFolder: previous });
      old.sqlite.exec(OLD_RECORD);
      old.sqlite.close();

      const store = openSqliteStore(file);
      await store.migrate();
      const db = new Database(file);
      const peek = peekSqlite(db);
      try {
        await expectCountsExact(peek);
        expect(await peek.rows('SELECT slug, claim_count AS n FROM actors ORDER BY slug')).toEqual([
          { slug: 'a1', n: 2 },
          { slug: 'a2', n: 1 },
          { slug: 'a3', n: 0 },
        ]);
        expect(await peek.rows('SELECT slug, quote_count AS n FROM sources ORDER BY slug')).toEqual(
          [
            { slug: 's1', n: 2 },
            { slug: 's2', n: 3 },
          ],
        );
        expect(
          await peek.rows(
            'SELECT slug, rebuttal_count AS r, evidence_count AS e FROM claims ORDER BY slug',
          ),
        ).toEqual([
          { slug: 'c1', r: 2, e: 1 },
          { slug: 'c2', r: 1, e: 0 },
          { slug: 'c3', r: 0, e: 2 },
        ]);
        expect(
          await peek.rows(
            'SELECT slug, supporter_count AS s, rebuts_count AS r, supports_count AS o FROM claims ORDER BY slug',
          ),
        ).toEqual([
          { slug: 'c1', s: 0, r: 0, o: 1 },
          { slug: 'c2', s: 0, r: 1, o: 0 },
          { slug: 'c3', s: 1, r: 2, o: 0 },
        ]);
        const stats = await store.read((tx) => claimStats(tx));
        expect(stats).toMatchObject({
          claimCount: 3,
          byStatus: { unverified: 1, disputed: 1, refuted: 1, supported: 0 },
        });
        expect(stats.byClaimant.map((c) => [c.claimant.slug, c.claimCount])).toEqual([
          ['a1', 2],
          ['a2', 1],
        ]);
        expect(await store.read((tx) => tagsPage(tx, undefined, 10))).toEqual([
          { tag: 'y', claimCount: 3 },
          { tag: 'x', claimCount: 1 },
          { tag: 'z', claimCount: 1 },
        ]);
      } finally {
        db.close();
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A small record written with the tables as they were before the counts. */
const OLD_RECORD = `
  INSERT INTO actors (id, slug, kind, name, created_at, updated_at) VALUES
    ('act_1', 'a1', 'person', 'A1', '2021', '2021'),
    ('act_2', 'a2', 'person', 'A2', '2021', '2021'),
    ('act_3', 'a3', 'organization', 'A3', '2021', '2021');
  INSERT INTO sources (id, slug, kind, text, created_at, updated_at) VALUES
    ('src_1', 's1', 'article', 'words and more words', '2021', '2021'),
    ('src_2', 's2', 'speech', 'other words', '2021', '2021');
  INSERT INTO claims (id, slug, text, claimant_id, stated_at, status, status_note, created_at, updated_at) VALUES
    ('clm_1', 'c1', 'One', 'act_1', '2021', 'unverified', NULL, '2021', '2021'),
    ('clm_2', 'c2', 'Two', 'act_1', '2021', 'disputed', 'Disputed.', '2021', '2021'),
    ('clm_3', 'c3', 'Three', 'act_2', '2021', 'refuted', 'Refuted.', '2021', '2021');
  INSERT INTO claim_tags (claim_id, tag) VALUES
    ('clm_1', 'x'), ('clm_1', 'y'), ('clm_2', 'y'), ('clm_3', 'y'), ('clm_3', 'z');
  INSERT INTO quotes (id, claim_id, position, source_id, exact, start, "end", original_source_id) VALUES
    ('quo_1', 'clm_1', 0, 'src_1', 'words', 0, 5, 'src_2'),
    ('quo_2', 'clm_2', 0, 'src_1', 'more', 10, 14, NULL),
    ('quo_3', 'clm_3', 0, 'src_2', 'other', 0, 5, 'src_2');
  INSERT INTO claim_links (from_claim_id, to_claim_id, kind, created_at) VALUES
    ('clm_2', 'clm_1', 'rebuts', '2021'),
    ('clm_3', 'clm_1', 'rebuts', '2021'),
    ('clm_1', 'clm_3', 'supports', '2021'),
    ('clm_3', 'clm_2', 'rebuts', '2021');
  INSERT INTO evidence (id, slug, claim_id, stance, summary, created_at, updated_at) VALUES
    ('evi_1', 'e1', 'clm_3', 'refutes', 'Refutes.', '2021', '2021'),
    ('evi_2', 'e2', 'clm_3', 'context', 'Context.', '2021', '2021'),
    ('evi_3', 'e3', 'clm_1', 'context', 'Context.', '2021', '2021');
`;
