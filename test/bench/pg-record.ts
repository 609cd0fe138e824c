import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { migratePg } from '../../src/db/pg/migrations.js';
import { type PgCluster, startPgCluster } from '../helpers/pg-cluster.js';
import { CACHE, type CachedRecord } from './api-cache.js';
import { RECORD_VERSION } from './api-record.js';

/**
 * The benchmark's records on PostgreSQL: the server DATABASE_URL names (its role a superuser, to
 * load without triggers), or a cluster with the server's usual durability kept in
 * `.bench-cache/pg/`, started for the run and stopped after it.
 * Each size's record is copied once, table by table, from the cached SQLite database into a
 * database of its own that later runs reuse; every run works on a copy of it (TEMPLATE), as the
 * SQLite runs work on a copy of the file.
 */
export async function openPgBench(): Promise<PgCluster> {
  return startPgCluster({ durable: true, keptIn: join(CACHE, 'pg') });
}

const BATCH = 5000;
/** Written by the engine itself: the search documents are made in one statement after the load. */
const DERIVED = new Set(['claim_search', 'change_mark']);

/** The database holding `record` (made now if missing) and how long loading it took. */
export async function ensurePgRecord(
  cluster: PgCluster,
  record: CachedRecord,
  progress: (line: string) => void,
): Promise<{ database: string; loadMs: number | null }> {
  const database = `bench_v${RECORD_VERSION}_${record.claims}`;
  const admin = await connect(cluster.url('postgres'));
  try {
    const found = await admin.query<{ note: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`,
      [database],
    );
    if (found.rows[0]?.note === 'loaded') return { database, loadMs: null };
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const started = performance.now();
  const pool = new pg.Pool({ connectionString: cluster.url(database), max: 1 });
  try {
    await migratePg(pool);
  } finally {
    await pool.end();
  }
  const client = await connect(cluster.url(database));
  const sqlite = new Database(record.dbFile, { readonly: true });
  try {
    // Rows as they were: no trigger (foreign keys included) runs while they are copied.
    await client.query('SET session_replication_role = replica');
    const tables = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    for (const { name } of tables.rows) {
      if (DERIVED.has(name)) continue;
      const rows = await copyTable(sqlite, client, name);
      progress(`PostgreSQL load: ${name} ${rows.toLocaleString('en')} rows`);
    }
    await client.query(`INSERT INTO claim_search (claim_seq, document)
      SELECT c.seq, claim_search_document(c.text, t.words, q.words,
        claim_search_claimant(a.name, a.aliases), r.headline)
      FROM claims c
      JOIN actors a ON a.id = c.claimant_id
      LEFT JOIN claim_reviews r ON r.claim_id = c.id
      LEFT JOIN (SELECT claim_id, string_agg(tag, ' ' ORDER BY tag) AS words FROM claim_tags GROUP BY claim_id) t
        ON t.claim_id = c.id
      LEFT JOIN (SELECT claim_id, string_agg(exact, ' … ' ORDER BY position) AS words FROM quotes
        GROUP BY claim_id) q ON q.claim_id = c.id`);
    progress('PostgreSQL load: search documents made');
    const identities = await client.query<{ table: string; column: string }>(
      `SELECT table_name AS table, column_name AS column FROM information_schema.columns
       WHERE table_schema = current_schema() AND is_identity = 'YES'`,
    );
    for (const { table, column } of identities.rows) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence('"${table}"', '${column}'), coalesce(max("${column}"), 0) + 1, false) FROM "${table}"`,
      );
    }
    await client.query('SET session_replication_role = DEFAULT');
    await client.query('VACUUM ANALYZE');
    await client.query(`COMMENT ON DATABASE ${database} IS 'loaded'`);
  } finally {
    sqlite.close();
    await client.end();
  }
  return { database, loadMs: performance.now() - started };
}

/** A copy of the record's database for one run, and what removes it. */
export async function pgRunCopy(
  cluster: PgCluster,
  database: string,
): Promise<{ url: string; remove: () => Promise<void> }> {
  const copy = `${database}_run`;
  const admin = await connect(cluster.url('postgres'));
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${copy} TEMPLATE ${database}`);
  } finally {
    await admin.end();
  }
  return {
    url: cluster.url(copy),
    async remove() {
      const again = await connect(cluster.url('postgres'));
      try {
        await again.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** One table's rows, SQLite's values as PostgreSQL's columns take them, a batch per statement. */
async function copyTable(sqlite: Database.Database, client: pg.Client, table: string) {
  const columns = await client.query<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  const convert = columns.rows.map(({ name, type }) => {
    if (type === 'boolean')
      return [name, (v: unknown) => (v === null ? null : Boolean(v))] as const;
    if (type === 'json' || type === 'jsonb') {
      return [name, (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v)] as const;
    }
    return [name, (v: unknown) => v] as const;
  });
  const list = columns.rows.map(({ name }) => `"${name}"`).join(', ');
  const insert = `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`;
  let batch: Record<string, unknown>[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await client.query(insert, [JSON.stringify(batch)]);
    count += batch.length;
    batch = [];
  };
  for (const row of sqlite.prepare(`SELECT ${list} FROM "${table}"`).iterate()) {
    const source = row as Record<string, unknown>;
    batch.push(Object.fromEntries(convert.map(([name, as]) => [name, as(source[name])])));
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return count;
}
