import { type SQL, sql } from 'drizzle-orm';
import type pg from 'pg';
import { CountChanges, type CountKind, type DeferredCounts } from '../../lib/count-changes.js';
import { COUNTED_ROWS, KEYED_COUNTS } from '../counted-rows.js';
import type { ImportScratch, ImportSupport, ScratchAnchor } from '../engine.js';
import { MAKE_NOTED_DOCUMENTS } from './noted-search.js';

/**
 * An import's parts on PostgreSQL. Its working memory is in temporary tables, dropped with the
 * transaction. The search documents of the claims it writes are made once each when its records
 * are in; the tables triggers derive stay up to date row by row, and no index is set aside:
 * PostgreSQL's DDL would lock the tables against every other instance for the whole import.
 * Stored counts are summed and applied at the end, as on SQLite, for a record may name a row
 * written later.
 */
export async function openPgImport(client: pg.PoolClient): Promise<ImportSupport> {
  await client.query(`
    CREATE TEMP TABLE IF NOT EXISTS import_keys (
      seq bigserial, kind text NOT NULL, key text NOT NULL, id text NOT NULL,
      defined boolean NOT NULL, path text, PRIMARY KEY (kind, key)) ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS import_anchors (
      seq bigserial PRIMARY KEY, path text NOT NULL, source_id text COLLATE "C" NOT NULL,
      exact text NOT NULL, start integer NOT NULL, "end" integer NOT NULL) ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS import_history (
      claim_id text PRIMARY KEY, given boolean NOT NULL) ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS import_links (
      from_id text NOT NULL, to_id text NOT NULL, PRIMARY KEY (from_id, to_id)) ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS import_affiliated (
      seq bigserial, id text PRIMARY KEY, path text NOT NULL) ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS count_changes (
      kind text NOT NULL, key text NOT NULL, delta integer NOT NULL,
      PRIMARY KEY (kind, key)) ON COMMIT DROP;
    CREATE TEMP TABLE IF NOT EXISTS search_pending (claim_id text PRIMARY KEY) ON COMMIT DROP;
    SELECT set_config('factcheck.defer_search', 'on', true);
  `);
  return {
    scratch: new PgImportScratch(client),
    searchIndex: {
      rebuild: async () => {
        await makeSearchDocuments(client);
        return async () => {};
      },
    },
    countChanges: new PgCountChanges(client),
    indexes: { noteRecord: () => {}, restore: async () => {}, release: () => {} },
  };
}

/**
 * The search documents of the claims the import wrote, or whose claimant it renamed, each made
 * once from `claim_search_rows` (migrations-pg 0005 and 0007: while the import runs, the triggers
 * only note them); later writes in the transaction make their own.
 */
async function makeSearchDocuments(client: pg.PoolClient): Promise<void> {
  await client.query(
    `${MAKE_NOTED_DOCUMENTS} SELECT set_config('factcheck.defer_search', 'off', true);`,
  );
}

/** Rows a scratch table gets in one statement: each statement is a round trip to the server. */
const SCRATCH_BATCH = 1000;

/**
 * The import's working memory. What it notes of every record (its key, its quotes' anchors, that
 * it made the claim) is written a batch at a time, in one statement per table, and read from the
 * batch until then: a round trip per note would cost more than the record's own rows.
 */
class PgImportScratch implements ImportScratch {
  private defines = new Map<string, { kind: string; key: string; id: string }>();
  private anchors: ScratchAnchor[] = [];
  /** Claims made here, and whether the import brings their history. */
  private history = new Map<string, boolean>();

  constructor(private readonly client: pg.PoolClient) {}

  private async rows<T>(text: string, values: unknown[]): Promise<T[]> {
    return (await this.client.query(text, values)).rows as T[];
  }

  async flush(): Promise<void> {
    const defines = [...this.defines.values()];
    this.defines = new Map();
    if (defines.length > 0) {
      await this.client.query(
        `INSERT INTO import_keys (kind, key, id, defined)
         SELECT kind, key, id, true FROM unnest($1::text[], $2::text[], $3::text[]) AS d(kind, key, id)
         ON CONFLICT (kind, key) DO UPDATE SET defined = true`,
        [defines.map((d) => d.kind), defines.map((d) => d.key), defines.map((d) => d.id)],
      );
    }
    const anchors = this.anchors;
    this.anchors = [];
    if (anchors.length > 0) {
      await this.client.query(
        `INSERT INTO import_anchors (path, source_id, exact, start, "end")
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[])`,
        [
          anchors.map((a) => a.path),
          anchors.map((a) => a.sourceId),
          anchors.map((a) => a.exact),
          anchors.map((a) => a.start),
          anchors.map((a) => a.end),
        ],
      );
    }
    const history = [...this.history];
    this.history = new Map();
    if (history.length > 0) {
      await this.client.query(
        `INSERT INTO import_history (claim_id, given)
         SELECT * FROM unnest($1::text[], $2::boolean[])
         ON CONFLICT (claim_id) DO UPDATE SET given = import_history.given OR excluded.given`,
        [history.map(([claimId]) => claimId), history.map(([, given]) => given)],
      );
    }
  }

  private async flushAt(pending: number): Promise<void> {
    if (pending >= SCRATCH_BATCH) await this.flush();
  }

  async keyId(kind: string, key: string): Promise<string | null> {
    const pending = this.defines.get(`${kind}\u0000${key}`);
    if (pending) return pending.id;
    const [row] = await this.rows<{ id: string }>(
      'SELECT id FROM import_keys WHERE kind = $1 AND key = $2',
      [kind, key],
    );
    return row?.id ?? null;
  }

  async isDefined(kind: string, key: string): Promise<boolean> {
    if (this.defines.has(`${kind}\u0000${key}`)) return true;
    const [row] = await this.rows<{ defined: boolean }>(
      'SELECT defined FROM import_keys WHERE kind = $1 AND key = $2',
      [kind, key],
    );
    return row?.defined === true;
  }

  async reserve(kind: string, key: string, id: string, path: string): Promise<void> {
    await this.client.query(
      `INSERT INTO import_keys (kind, key, id, defined, path) VALUES ($1, $2, $3, false, $4)
       ON CONFLICT DO NOTHING`,
      [kind, key, id, path],
    );
  }

  async define(kind: string, key: string, id: string): Promise<void> {
    this.defines.set(`${kind}\u0000${key}`, { kind, key, id });
    await this.flushAt(this.defines.size);
  }

  async defineNew(kind: string, key: string, id: string): Promise<boolean> {
    if ((await this.keyId(kind, key)) !== null) return false;
    await this.define(kind, key, id);
    return true;
  }

  async undefinedReferences(limit = 1000) {
    await this.flush();
    return this.rows<{ kind: string; key: string; path: string }>(
      'SELECT kind, key, path FROM import_keys WHERE NOT defined ORDER BY seq LIMIT $1',
      [limit],
    );
  }

  async linkSeen(fromId: string, toId: string): Promise<boolean> {
    const result = await this.client.query(
      'INSERT INTO import_links (from_id, to_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [fromId, toId],
    );
    return result.rowCount === 0;
  }

  async noteAffiliated(id: string, path: string): Promise<void> {
    await this.client.query(
      `INSERT INTO import_affiliated (id, path) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET path = excluded.path`,
      [id, path],
    );
  }

  async affiliated(limit = 100_000) {
    return this.rows<{ id: string; path: string }>(
      'SELECT id, path FROM import_affiliated ORDER BY seq LIMIT $1',
      [limit],
    );
  }

  async checkAnchor(anchor: ScratchAnchor): Promise<void> {
    this.anchors.push(anchor);
    await this.flushAt(this.anchors.length);
  }

  async anchorPage(after: { sourceId: string; seq: number } | null, limit: number) {
    await this.flush();
    await this.client.query(
      'CREATE INDEX IF NOT EXISTS import_anchors_by_source ON import_anchors (source_id, seq)',
    );
    return this.rows<ScratchAnchor & { seq: number }>(
      `SELECT seq, path, source_id AS "sourceId", exact, start, "end" FROM import_anchors
       WHERE (source_id, seq) > ($1, $2) ORDER BY source_id, seq LIMIT $3`,
      [after?.sourceId ?? '', after?.seq ?? -1, limit],
    );
  }

  async madeHere(claimId: string): Promise<boolean> {
    if (this.history.has(claimId)) return true;
    const found = await this.rows('SELECT 1 FROM import_history WHERE claim_id = $1', [claimId]);
    return found.length > 0;
  }

  async noteMade(claimId: string): Promise<void> {
    if (!this.history.has(claimId)) this.history.set(claimId, false);
    await this.flushAt(this.history.size);
  }

  async noteGivenHistory(claimId: string): Promise<void> {
    this.history.set(claimId, true);
    await this.flushAt(this.history.size);
  }

  /** Read after `flush`, when the import ends. */
  claimsWithoutHistory(): SQL {
    return sql`SELECT claim_id FROM import_history WHERE NOT given`;
  }

  async drop(): Promise<void> {
    this.defines.clear();
    this.anchors = [];
    this.history.clear();
    // Dropped with the transaction (ON COMMIT DROP); emptied now for what runs after the import.
    await this.client.query(
      'TRUNCATE import_keys, import_anchors, import_history, import_links, import_affiliated',
    );
  }
}

const FLUSH_AT = 10_000;

/** The import's count changes, summed in memory up to FLUSH_AT, then in `count_changes`. */
class PgCountChanges implements DeferredCounts {
  private pending = new CountChanges();

  constructor(private readonly client: pg.PoolClient) {}

  async record(changes: CountChanges): Promise<void> {
    for (const { kind, key, delta } of changes) this.pending.add(kind, key, delta);
    if (this.pending.size >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    const rows = [...this.pending];
    this.pending = new CountChanges();
    if (rows.length === 0) return;
    await this.client.query(
      `INSERT INTO count_changes (kind, key, delta)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
       ON CONFLICT (kind, key) DO UPDATE SET delta = count_changes.delta + excluded.delta`,
      [rows.map((r) => r.kind), rows.map((r) => r.key), rows.map((r) => r.delta)],
    );
  }

  /** Applies every change, each count's row written once; fails on a change no row keeps. */
  async apply(): Promise<void> {
    await this.flush();
    for (const [kind, table, keyColumn, countColumn] of COUNTED_ROWS) {
      const updated = await this.client.query(
        `UPDATE ${table} SET ${countColumn} = ${countColumn} + c.delta FROM count_changes c
         WHERE c.kind = $1 AND c.delta <> 0 AND c.key = ${table}.${keyColumn}`,
        [kind],
      );
      await this.check(kind, updated.rowCount ?? 0);
    }
    for (const [kind, table, keyColumn] of KEYED_COUNTS) {
      // Rows there first, then new keys: an upsert's CHECK would refuse a negative insert
      // before seeing the row it updates.
      const updated = await this.client.query(
        `UPDATE ${table} SET claim_count = ${table}.claim_count + c.delta FROM count_changes c
         WHERE c.kind = $1 AND c.delta <> 0 AND c.key = ${table}.${keyColumn}`,
        [kind],
      );
      const inserted = await this.client.query(
        `INSERT INTO ${table} (${keyColumn}, claim_count)
         SELECT c.key, c.delta FROM count_changes c WHERE c.kind = $1 AND c.delta <> 0
           AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.${keyColumn} = c.key)`,
        [kind],
      );
      await this.check(kind, (updated.rowCount ?? 0) + (inserted.rowCount ?? 0));
      await this.client.query(`DELETE FROM ${table} WHERE claim_count = 0`);
    }
    await this.client.query('TRUNCATE count_changes');
  }

  /** Every change landed on a row: a count lost on the way would stay wrong unseen. */
  private async check(kind: CountKind, written: number): Promise<void> {
    const { rows } = await this.client.query(
      'SELECT count(*)::int AS n FROM count_changes WHERE kind = $1 AND delta <> 0',
      [kind],
    );
    const n = Number(rows[0]?.n ?? 0);
    if (written !== n) throw new Error(`${n - written} ${kind} count change(s) found no row`);
  }
}
