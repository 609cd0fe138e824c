import { createReadStream } from 'node:fs';
import split2 from 'split2';
import { openConnection } from '../../src/db/sqlite/connection.js';
import { DeferredIndexes } from '../../src/db/sqlite/deferred-indexes.js';
import { commitWrite } from '../../src/db/sqlite/pending-search.js';
import { openSqliteStore } from '../../src/db/sqlite/store.js';
import { newId } from '../../src/lib/ids.js';

type Row = Record<string, unknown>;

/**
 * The baseline: the same rows written with plain better-sqlite3 prepared statements in one
 * transaction, ids kept in a Map, no checks, no audit. What an importer costs is measured against it.
 * With `indexesAfter`, the secondary indexes a large import sets aside are dropped first and built
 * again at the end, as the importer does: the ceiling for that way of writing.
 */
export async function baselineImport(
  file: string,
  dbFile: string,
  { indexesAfter = false } = {},
): Promise<number> {
  const store = openSqliteStore(dbFile);
  await store.migrate();
  await store.close();
  // The same schema and pragmas as the app's connections, written to without any of its code.
  const { sqlite, tx } = openConnection(dbFile);
  const now = new Date().toISOString();
  const ids = new Map<string, string>();
  const insert = {
    actor: sqlite.prepare(
      'INSERT INTO actors (id, slug, kind, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    source: sqlite.prepare(
      'INSERT INTO sources (id, slug, kind, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    claim: sqlite.prepare(
      'INSERT INTO claims (id, slug, text, claimant_id, stated_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    // With the claim's sort keys, as the app writes them.
    tag: sqlite.prepare(
      'INSERT INTO claim_tags (claim_id, tag, claim_seq, stated_at, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    quote: sqlite.prepare(
      'INSERT INTO quotes (id, claim_id, position, source_id, exact, start, "end") VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    history: sqlite.prepare(
      "INSERT INTO status_history (claim_id, status, changed_at) VALUES (?, 'unverified', ?)",
    ),
    link: sqlite.prepare(
      `INSERT INTO claim_links (from_claim_id, to_claim_id, kind, created_at, from_seq, from_stated_at, from_created_at)
       SELECT ?, ?, ?, ?, seq, stated_at, created_at FROM claims WHERE id = ?`,
    ),
    evidence: sqlite.prepare(
      'INSERT INTO evidence (id, slug, claim_id, stance, summary, source_id, quote_exact, quote_start, quote_end, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };
  const id = (kind: string, slug: unknown) => ids.get(`${kind}:${String(slug)}`) ?? '';
  const started = performance.now();
  sqlite.exec('BEGIN');
  const indexes = await DeferredIndexes.open(tx, { minRecords: 1 });
  if (indexesAfter) indexes.noteRecord();
  let records = 0;
  for await (const line of createReadStream(file).pipe(split2())) {
    if (!line) continue;
    const r = JSON.parse(line) as Row;
    records++;
    if (r.type === 'actor') {
      const actorId = newId('actor');
      ids.set(`actor:${r.slug}`, actorId);
      insert.actor.run(actorId, r.slug, r.kind, r.name, now, now);
    } else if (r.type === 'source') {
      const sourceId = newId('source');
      ids.set(`source:${r.slug}`, sourceId);
      insert.source.run(sourceId, r.slug, r.kind, r.text, now, now);
    } else if (r.type === 'claim') {
      const claimId = newId('claim');
      ids.set(`claim:${r.slug}`, claimId);
      const { lastInsertRowid: seq } = insert.claim.run(
        claimId,
        r.slug,
        r.text,
        id('actor', r.claimant),
        r.statedAt,
        now,
        now,
      );
      for (const tag of r.tags as string[]) insert.tag.run(claimId, tag, seq, r.statedAt, now);
      for (const [position, q] of (r.quotes as Row[]).entries()) {
        insert.quote.run(
          newId('quote'),
          claimId,
          position,
          id('source', q.source),
          q.exact,
          q.start,
          q.end,
        );
      }
      insert.history.run(claimId, now);
    } else if (r.type === 'link') {
      const from = id('claim', r.from);
      insert.link.run(from, id('claim', r.to), r.kind, now, from);
    } else if (r.type === 'evidence') {
      const q = r.quote as Row;
      insert.evidence.run(
        newId('evidence'),
        r.slug,
        id('claim', r.claim),
        r.stance,
        r.summary,
        id('source', r.source),
        q.exact,
        q.start,
        q.end,
        now,
        now,
      );
    }
  }
  await indexes.restore();
  indexes.release();
  // As the schema asks of every writer: the claims noted by its triggers indexed before it commits.
  commitWrite(sqlite);
  const seconds = (performance.now() - started) / 1000;
  sqlite.close();
  return records / seconds;
}
