import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { planOnce } from '../src/db/sqlite/plan-once.js';

describe('statements compiled so that their plan does not depend on the values bound', () => {
  it('writes each compared, LIMIT and OFFSET parameter as +?, and leaves quoted text alone', () => {
    expect(
      planOnce(
        `select "a" from "t" where "t"."b" = ? and "c" >= ? and "d" = 'x = ?' order by "e" limit ? offset ?`,
      ),
    ).toBe(
      `select "a" from "t" where "t"."b" = +? and "c" >= +? and "d" = 'x = ?' order by "e" limit +? offset +?`,
    );
    expect(planOnce(`select "x = ?" from t where a in (?, ?)`)).toBe(
      `select "x = ?" from t where a in (?, ?)`,
    );
  });

  it('gives the same rows, through the same index, for every value bound', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE t (a TEXT, b INTEGER, c TEXT, PRIMARY KEY (a, b));
             INSERT INTO t VALUES ('k', 2, 'two'), ('k', 1, 'one'), ('j', 3, 'three');`);
    const sql = 'SELECT c FROM t WHERE a = ? ORDER BY b LIMIT ?';
    const rewritten = db.prepare(planOnce(sql));
    for (const [key, limit] of [
      ['k', 5],
      ['k', 1],
      ['j', 5],
      ['none', 5],
    ] as const) {
      expect(rewritten.all(key, limit)).toEqual(db.prepare(sql).all(key, limit));
    }
    const plan = (text: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all('k', 5) as { detail: string }[]).map(
        (row) => row.detail,
      );
    expect(plan(planOnce(sql))).toEqual(plan(sql));
    db.close();
  });
});
