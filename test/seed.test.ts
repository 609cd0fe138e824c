import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readBundleFile, SEED_BUNDLE, seedDb } from '../src/db/seed.js';
import type { Store } from '../src/db/store.js';
import { ImportInvalidError } from '../src/modules/bundles/bundle.import.js';
import { makeStore } from './helpers/app.js';
import { type Peek, peekPg, peekSqlite } from './helpers/peek.js';

type Ctx = { store: Store; dir: string; file: string; peek: Peek; drop: () => Promise<void> };
let ctx: Ctx | undefined;
afterEach(async () => {
  if (!ctx) return;
  await ctx.peek.close();
  await ctx.store.close();
  await ctx.drop();
  rmSync(ctx.dir, { recursive: true, force: true });
  ctx = undefined;
});

/** A fresh store, and a plain connection of the test's own to look at the rows it keeps. */
async function open(options: { seed?: boolean } = {}): Promise<Ctx> {
  const made = await makeStore(options);
  const peek = made.url ? peekPg(made.url) : peekSqlite(new Database(made.file));
  return { ...made, peek };
}

async function catchError(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const rows = (db: Peek, sql: string) => db.rows(sql);
const one = async (db: Peek, sql: string) => (await db.row(sql)) as Record<string, number | string>;
const snapshot = async (db: Peek) => {
  const tables = [
    'actors',
    'sources',
    'claims',
    'claim_tags',
    'quotes',
    'claim_links',
    'evidence',
    'status_history',
  ];
  const all: Record<string, unknown>[][] = [];
  for (const table of tables) all.push(await rows(db, `SELECT * FROM ${table} ORDER BY 1, 2`));
  return all;
};

describe('seeding from the article', () => {
  it('records the article faithfully: actors, sources, claims with statuses, rebuttals, evidence', async () => {
    ctx = await open();
    const db = ctx.peek;
    const actors = (await rows(db, 'SELECT slug, kind FROM actors')).map(
      (r) => `${r.slug}:${r.kind}`,
    );
    for (const actor of [
      'mike-pompeo:person',
      'mohammad-javad-zarif:person',
      'saeed-khatibzadeh:person',
      'trita-parsi:person',
      'susan-collins:person',
      'iran-government:organization',
    ]) {
      expect(actors).toContain(actor);
    }
    const article = await one(db, "SELECT text FROM sources WHERE slug = 'article'");
    expect(article.text).toBe(
      readFileSync(join(import.meta.dirname, '../seeds/article.txt'), 'utf8'),
    );
    const sourceKinds = (await rows(db, "SELECT kind FROM sources WHERE slug <> 'article'")).map(
      (r) => r.kind,
    );
    for (const kind of ['speech', 'social_post', 'statement', 'interview', 'op_ed'])
      expect(sourceKinds).toContain(kind);

    expect((await one(db, 'SELECT count(*) AS n FROM claims')).n).toBeGreaterThanOrEqual(15);
    const status = async (slug: string) =>
      (await one(db, `SELECT status FROM claims WHERE slug = '${slug}'`)).status;
    expect(await status('pompeo-iran-al-qaeda-new-home-base')).toBe('unsubstantiated');
    expect(await status('collins-capitol-mob-was-iranians')).toBe('not_checkable');
    expect(await status('pompeo-appeasement-of-iran-will-not-work')).toBe('not_checkable');

    const rebutters = (
      await rows(
        db,
        `SELECT a.slug FROM claim_links l JOIN claims f ON f.id = l.from_claim_id JOIN claims t ON t.id = l.to_claim_id
         JOIN actors a ON a.id = f.claimant_id WHERE l.kind = 'rebuts' AND t.slug = 'pompeo-iran-al-qaeda-new-home-base'`,
      )
    ).map((r) => r.slug);
    expect(rebutters).toEqual(
      expect.arrayContaining(['saeed-khatibzadeh', 'mohammad-javad-zarif', 'trita-parsi']),
    );
    const mutual = await rows(
      db,
      `SELECT f.slug AS source, t.slug AS target FROM claim_links l JOIN claims f ON f.id = l.from_claim_id
       JOIN claims t ON t.id = l.to_claim_id WHERE l.kind = 'rebuts'
       AND f.slug IN ('pompeo-masri-killed-in-tehran', 'iran-no-al-qaeda-terrorists-on-its-soil')
       AND t.slug IN ('pompeo-masri-killed-in-tehran', 'iran-no-al-qaeda-terrorists-on-its-soil')`,
    );
    expect(mutual).toHaveLength(2);

    // Every claim has a quote and a first history entry; Collins's claim keeps the evidence that refutes what she thought.
    expect(
      (
        await one(
          db,
          'SELECT count(*) AS n FROM claims WHERE id NOT IN (SELECT claim_id FROM quotes)',
        )
      ).n,
    ).toBe(0);
    expect((await one(db, 'SELECT count(*) AS n FROM status_history')).n).toBe(
      (await one(db, 'SELECT count(*) AS n FROM claims')).n,
    );
    expect(
      (
        await one(
          db,
          `SELECT count(*) AS n FROM evidence e JOIN claims c ON c.id = e.claim_id
           WHERE c.slug = 'collins-capitol-mob-was-iranians' AND e.stance = 'refutes'`,
        )
      ).n,
    ).toBeGreaterThan(0);
  });

  it('anchors every quote and evidence quote at its exact code-point offsets in the source text', async () => {
    ctx = await open();
    const anchored = (await rows(
      ctx.peek,
      `SELECT q.exact, q.start, q."end", s.text FROM quotes q JOIN sources s ON s.id = q.source_id
       UNION ALL SELECT e.quote_exact, e.quote_start, e.quote_end, s.text FROM evidence e
       JOIN sources s ON s.id = e.source_id WHERE e.quote_exact IS NOT NULL`,
    )) as { exact: string; start: number; end: number; text: string }[];
    expect(anchored.length).toBeGreaterThan(20);
    for (const { exact, start, end, text } of anchored) {
      expect(Array.from(text).slice(start, end).join('')).toBe(exact);
    }
  });

  it('when run a second time, then nothing changes and the report says so', async () => {
    ctx = await open();
    const before = await snapshot(ctx.peek);
    const report = await seedDb(ctx.store);
    expect(report.changed).toBe(false);
    for (const counts of Object.values(report.counts))
      expect(counts.created + counts.updated).toBe(0);
    expect(report.counts.claims).toEqual({ created: 0, updated: 0, unchanged: 29, kept: 0 });
    expect(report.counts.actors.unchanged).toBeGreaterThanOrEqual(6);
    expect(report.differing).toEqual([]);
    expect(await snapshot(ctx.peek)).toEqual(before);
  });

  it('when the bundle differs from stored records, then they are kept as stored and listed with the fields that differ', async () => {
    ctx = await open();
    const bundle = readBundleFile(SEED_BUNDLE) as {
      actors: { slug: string; aliases?: string[] }[];
      claims: { slug: string; status: string; statusNote: string; tags: string[] }[];
      evidence: { slug: string; summary: string }[];
      links: { from: string; to: string; kind: string }[];
    };
    const claim = bundle.claims.find((c) => c.slug === 'zarif-no-9-11-terrorists-from-iran');
    const actor = bundle.actors.find((a) => a.slug === 'trita-parsi');
    const [item] = bundle.evidence;
    const [link] = bundle.links;
    if (!claim || !actor || !item || !link) throw new Error('missing records');
    claim.status = 'disputed';
    claim.statusNote = 'Corrected in a test.';
    claim.tags = [...claim.tags, 'added-in-a-test'];
    actor.aliases = ['Parsi'];
    item.summary = 'Summarised otherwise.';
    link.kind = link.kind === 'rebuts' ? 'supports' : 'rebuts';
    const file = join(ctx.dir, 'changed.bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    const before = await snapshot(ctx.peek);
    const audited = await one(ctx.peek, 'SELECT count(*) AS n FROM audit_log');

    const report = await seedDb(ctx.store, { file });
    expect(report.changed).toBe(false);
    expect(report.counts.claims).toEqual({ created: 0, updated: 0, unchanged: 28, kept: 1 });
    expect(report.differing).toEqual([
      { type: 'actor', key: 'trita-parsi', fields: ['aliases'] },
      { type: 'claim', key: claim.slug, fields: ['status', 'statusNote', 'tags'] },
      { type: 'link', key: `${link.from}→${link.to}`, fields: ['kind'] },
      { type: 'evidence', key: item.slug, fields: ['summary'] },
    ]);
    expect(await snapshot(ctx.peek)).toEqual(before);
    expect(await one(ctx.peek, 'SELECT count(*) AS n FROM audit_log')).toEqual(audited);
  });

  it('when a quote is off by one, then the load fails naming that quote and writes nothing', async () => {
    ctx = await open({ seed: false });
    const { store } = ctx;
    const bundle = readBundleFile(SEED_BUNDLE) as {
      claims: { quotes: { exact: string; start: number; end: number }[] }[];
    };
    const quote = bundle.claims[3]?.quotes[0];
    if (!quote) throw new Error('the seed has no fourth claim with a quote');
    quote.start += 1;
    quote.end += 1;
    const file = join(ctx.dir, 'broken.bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    const error = await catchError(() => seedDb(store, { file }));
    expect(error).toBeInstanceOf(ImportInvalidError);
    const errors = (error as ImportInvalidError).errors ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('claims.3.quotes.0');
    expect(errors[0]?.message).toContain(JSON.stringify(quote.exact));
    for (const table of ['actors', 'sources', 'claims', 'quotes', 'evidence']) {
      expect((await one(ctx.peek, `SELECT count(*) AS n FROM ${table}`)).n, table).toBe(0);
    }
  });

  it('when a changed bundle is forced in, then changed records are updated with their status history', async () => {
    ctx = await open();
    const bundle = readBundleFile(SEED_BUNDLE) as {
      claims: { slug: string; status: string; statusNote: string }[];
    };
    const claim = bundle.claims.find((c) => c.slug === 'zarif-no-9-11-terrorists-from-iran');
    if (!claim) throw new Error('missing claim');
    claim.status = 'disputed';
    claim.statusNote = 'Corrected in a test.';
    const file = join(ctx.dir, 'changed.bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    const report = await seedDb(ctx.store, { file, force: true });
    expect(report.counts.claims).toEqual({ created: 0, updated: 1, unchanged: 28 });
    const row = await one(
      ctx.peek,
      "SELECT id, status, version FROM claims WHERE slug = 'zarif-no-9-11-terrorists-from-iran'",
    );
    expect(row).toMatchObject({ status: 'disputed', version: 2 });
    const history = await rows(
      ctx.peek,
      `SELECT status, previous_status, note FROM status_history WHERE claim_id = '${row.id}' ORDER BY id`,
    );
    expect(history.map((h) => h.status)).toEqual(['unverified', 'disputed']);
    expect(history[1]).toMatchObject({
      previous_status: 'unverified',
      note: 'Corrected in a test.',
    });
  });
});
