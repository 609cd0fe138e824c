import type { Statement } from 'better-sqlite3';
import { CountChanges, type CountKind, type DeferredCounts } from '../../lib/count-changes.js';
import { COUNTED_ROWS, KEYED_COUNTS } from '../counted-rows.js';
import type { Tx } from '../store.js';
import { clientOf } from './connection.js';

/**
 * An import's changes to the stored counts, summed as its commands make them and applied in a few
 * statements when every record is in: a record may name a row the import writes later (a claimant,
 * a rebutted claim), which has no count to change until then, and each count's row (and index
 * entry) is then written once, not once per record. The commands work out the changes exactly as
 * for any other write (claims.counts.ts); only when they land differs. They are summed in memory
 * up to FLUSH_AT counts, then in a scratch table (a file): memory stays flat however large the
 * import.
 */
export class DeferredCountChanges implements DeferredCounts {
  private pending = new CountChanges();

  private constructor(
    private readonly tx: Tx,
    private readonly addAll: Statement,
    private readonly slice: number,
  ) {}

  /** `slice`: how many rows' counts one UPDATE changes (see updateRows). */
  static async open(tx: Tx, { slice = UPDATE_SLICE } = {}): Promise<DeferredCountChanges> {
    const client = clientOf(tx);
    client.exec(`
      CREATE TABLE IF NOT EXISTS scratch.count_changes (
        kind TEXT NOT NULL, key TEXT NOT NULL, delta INTEGER NOT NULL, PRIMARY KEY (kind, key)
      ) WITHOUT ROWID;
      DELETE FROM scratch.count_changes;
    `);
    // `WHERE true` tells SQLite's parser the upsert's ON CONFLICT is not a join's ON.
    const addAll = client.prepare(
      `INSERT INTO scratch.count_changes (kind, key, delta)
       SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) WHERE true
       ON CONFLICT (kind, key) DO UPDATE SET delta = delta + excluded.delta`,
    );
    return new DeferredCountChanges(tx, addAll, Math.max(1, Math.trunc(slice)));
  }

  async record(changes: CountChanges): Promise<void> {
    for (const { kind, key, delta } of changes) this.pending.add(kind, key, delta);
    if (this.pending.size >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    const rows = [...this.pending].map(({ kind, key, delta }) => [kind, key, delta]);
    if (rows.length > 0) this.addAll.run(JSON.stringify(rows));
    this.pending = new CountChanges();
  }

  /** Applies every change, each count's row written once; fails on a change no row keeps. */
  async apply(): Promise<void> {
    this.flush();
    const client = clientOf(this.tx);
    for (const [kind, table, keyColumn, countColumn] of COUNTED_ROWS)
      this.check(kind, this.updateRows(table, keyColumn, countColumn, kind));
    for (const [kind, table, keyColumn] of KEYED_COUNTS) {
      const updated = this.updateRows(table, keyColumn, 'claim_count', kind);
      // A key met for the first time gets its row; one whose last claim went loses it.
      const inserted = client
        .prepare(
          `INSERT INTO main.${table} (${keyColumn}, claim_count)
           SELECT c.key, c.delta FROM scratch.count_changes c
           WHERE c.kind = ? AND c.delta <> 0
             AND NOT EXISTS (SELECT 1 FROM main.${table} t WHERE t.${keyColumn} = c.key)`,
        )
        .run(kind).changes;
      this.check(kind, updated + inserted);
      client.prepare(`DELETE FROM main.${table} WHERE claim_count = 0`).run();
    }
    client.exec('DROP TABLE scratch.count_changes');
  }

  /**
   * Adds the changes of one kind to their rows, a slice of keys at a time: while an UPDATE runs,
   * SQLite keeps a copy of every page it changes (in memory, see useTempFiles), and one UPDATE of
   * a million claims' counts held most of the claims table (300 MB more at its peak).
   */
  private updateRows(
    table: string,
    keyColumn: string,
    countColumn: string,
    kind: CountKind,
  ): number {
    const client = clientOf(this.tx);
    const sliceEnd = client
      .prepare(
        `SELECT key FROM scratch.count_changes WHERE kind = ? AND key > ? AND delta <> 0
         ORDER BY key LIMIT 1 OFFSET ${this.slice - 1}`,
      )
      .pluck();
    const update = (bounded: boolean) =>
      client.prepare(
        `UPDATE main.${table} SET ${countColumn} = ${countColumn} + c.delta
         FROM scratch.count_changes c
         WHERE c.kind = ? AND c.key > ?${bounded ? ' AND c.key <= ?' : ''} AND c.delta <> 0
           AND c.key = ${table}.${keyColumn}`,
      );
    const [slice, rest] = [update(true), update(false)];
    // Keys are ids, tags and language codes: never empty, so every key comes after ''.
    let changed = 0;
    for (let after = ''; ; ) {
      const upTo = sliceEnd.get(kind, after) as string | undefined;
      if (upTo === undefined) return changed + rest.run(kind, after).changes;
      changed += slice.run(kind, after, upTo).changes;
      after = upTo;
    }
  }

  /** Every change landed on a row: a count lost on the way would stay wrong unseen. */
  private check(kind: CountKind, written: number): void {
    const { n } = clientOf(this.tx)
      .prepare('SELECT count(*) AS n FROM scratch.count_changes WHERE kind = ? AND delta <> 0')
      .get(kind) as { n: number };
    if (written !== n) throw new Error(`${n - written} ${kind} count change(s) found no row`);
  }
}

const FLUSH_AT = 10_000;

/** Rows whose counts one UPDATE changes. */
const UPDATE_SLICE = 20_000;
