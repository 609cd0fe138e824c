import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WRITE_LOCK } from '../src/db/pg/store.js';
import { databaseEnv } from './helpers/process-env.js';
import { type ServerProcess, startServerProcess } from './helpers/server-process.js';

// Two servers start and migrate; a loaded machine can make that slow.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

/**
 * Two API instances on one PostgreSQL database, as behind a load balancer: they start together on
 * an empty database, and each request may land on either.
 */
const dir = mkdtempSync(join(tmpdir(), 'factcheck-instances-'));
let database: Awaited<ReturnType<typeof databaseEnv>>;
let a: ServerProcess;
let b: ServerProcess;
let urlA: string;
let urlB: string;
let admin: string;
let db: pg.Client;

beforeAll(async () => {
  database = await databaseEnv(dir, 'shared');
  // Both at once, on a database with no table yet.
  a = startServerProcess(database.env);
  b = startServerProcess(database.env);
  [urlA, urlB] = await Promise.all([a.listening, b.listening]);
  admin = /(fck_\S+)/.exec(a.output() + b.output())?.[1] ?? '';
  db = new pg.Client({ connectionString: database.env.DATABASE_URL });
  await db.connect();
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.end();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const count = async (query: string, params: unknown[] = []) =>
  Number((await db.query<{ n: string }>(query, params)).rows[0]?.n);

function call(base: string, method: string, path: string, body?: unknown, headers = {}) {
  return fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${admin}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('two instances on one PostgreSQL database', () => {
  it('when both start at once on an empty database, then it is migrated once, seeded once, and one admin key is made', async () => {
    const printed = [a.output(), b.output()].filter((out) => out.includes('No API key existed'));
    expect(printed).toHaveLength(1);
    expect(admin).toMatch(/^fck_/);
    expect(await count('SELECT count(*) AS n FROM api_keys')).toBe(1);
    const migrations = await db.query<{ hash: string }>(
      'SELECT hash FROM drizzle.__drizzle_migrations',
    );
    expect(new Set(migrations.rows.map((row) => row.hash)).size).toBe(migrations.rows.length);
    // The seed's claims once each, whichever instance wrote them.
    expect(await count('SELECT count(*) AS n FROM claims')).toBe(
      await count('SELECT count(DISTINCT slug) AS n FROM claims'),
    );
    expect(await count('SELECT count(*) AS n FROM claims')).toBeGreaterThanOrEqual(15);
    for (const base of [urlA, urlB]) {
      expect((await call(base, 'GET', '/health')).status).toBe(200);
    }
  });

  it('when the same If-Match reaches both instances at once, then one PATCH is 200 and the other 412', async () => {
    const claim = await fetch(`${urlA}/claims/pompeo-iran-al-qaeda-new-home-base`);
    const etag = claim.headers.get('etag') ?? '';
    const [first, second] = await Promise.all(
      [urlA, urlB].map((base, i) =>
        call(
          base,
          'PATCH',
          '/claims/pompeo-iran-al-qaeda-new-home-base',
          {
            tags: ['iran', 'al-qaeda', `edited-on-${i}`],
          },
          { 'if-match': etag },
        ),
      ),
    );
    expect([first?.status, second?.status].sort()).toEqual([200, 412]);
    // Both instances answer the winner's version at once: neither keeps the old answer.
    const seen = await Promise.all(
      [urlA, urlB].map(async (base) =>
        (
          (await (await fetch(`${base}/claims/pompeo-iran-al-qaeda-new-home-base`)).json()) as {
            tags: string[];
          }
        ).tags.filter((tag) => tag.startsWith('edited-on-')),
      ),
    );
    expect(seen[0]).toHaveLength(1);
    expect(seen[1]).toEqual(seen[0]);
  });

  it('when the same Idempotency-Key is sent to both instances, then one actor is made and the other answer is its replay', async () => {
    const body = { kind: 'person', name: 'Keyed Twice' };
    const headers = { 'idempotency-key': 'two-instances-1' };
    const answers = await Promise.all(
      [urlA, urlB].map((base) => call(base, 'POST', '/actors', body, headers)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers.map((answer) => answer.headers.get('idempotent-replayed')).sort()).toEqual([
      null,
      'true',
    ]);
    const [first, second] = await Promise.all(answers.map((answer) => answer.text()));
    expect(second).toBe(first);
    expect(await count("SELECT count(*) AS n FROM actors WHERE name = 'Keyed Twice'")).toBe(1);
  });

  it('when an NDJSON import runs on one instance, then the other serves reads meanwhile, and its write goes in after the import', async () => {
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({
        type: 'actor',
        slug: `imported-${i}`,
        kind: 'person',
        name: `Imported ${i}`,
      }),
    );
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* body() {
      yield `${lines.slice(0, 150).join('\n')}\n`;
      await held;
      yield `${lines.slice(150).join('\n')}\n`;
    }
    const importing = fetch(`${urlA}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/x-ndjson' },
      body: streamOf(body()),
      duplex: 'half',
    } as RequestInit);
    // The import holds the write lock: wait until it does.
    await vi.waitFor(
      async () => {
        const taken = await db.query<{ won: boolean }>('SELECT pg_try_advisory_lock($1) AS won', [
          WRITE_LOCK,
        ]);
        if (taken.rows[0]?.won) {
          await db.query('SELECT pg_advisory_unlock($1)', [WRITE_LOCK]);
          throw new Error('not yet');
        }
      },
      { timeout: 10_000, interval: 20 },
    );
    const read = await fetch(`${urlB}/claims?limit=5`);
    expect(read.status).toBe(200);
    expect((await fetch(`${urlB}/actors/imported-0`)).status).toBe(404);
    const writing = call(urlB, 'POST', '/actors', { kind: 'person', name: 'Written Meanwhile' });
    release();
    const [imported, written] = await Promise.all([importing, writing]);
    expect(imported.status).toBe(200);
    expect(written.status).toBe(201);
    expect(await count("SELECT count(*) AS n FROM actors WHERE slug LIKE 'imported-%'")).toBe(300);
    expect((await fetch(`${urlB}/actors/imported-299`)).status).toBe(200);
  });
  it('when two imports of the same slugs run at once on both instances, then each row is written once and neither fails with a 500', async () => {
    const ndjson = (note: string) =>
      Array.from({ length: 200 }, (_, i) =>
        JSON.stringify({
          type: 'actor',
          slug: `both-imported-${i}`,
          kind: 'person',
          name: `Both Imported ${i}`,
          description: note,
        }),
      ).join('\n');
    const answers = await Promise.all(
      [urlA, urlB].map((base, i) =>
        fetch(`${base}/import`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/x-ndjson' },
          body: ndjson(`from instance ${i}`),
        }),
      ),
    );
    // Each waits its turn for the write lock: both are done, one after the other.
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(await count("SELECT count(*) AS n FROM actors WHERE slug LIKE 'both-imported-%'")).toBe(
      200,
    );
    const descriptions = await db.query<{ description: string }>(
      "SELECT DISTINCT description FROM actors WHERE slug LIKE 'both-imported-%'",
    );
    // The one that went second updated every row the first had written.
    expect(descriptions.rows).toHaveLength(1);
  });
});

function streamOf(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}
