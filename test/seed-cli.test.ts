import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeApp, makeKeys, ok, send, type TestContext } from './helpers/app.js';
import { processEnv } from './helpers/process-env.js';

// These tests start processes; a loaded machine can make them slow.
vi.setConfig({ testTimeout: 60_000 });

const root = join(import.meta.dirname, '..');
const HOME_BASE = 'pompeo-iran-al-qaeda-new-home-base';
const DELETED = 'pompeo-masri-killed-in-tehran';

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

/** `npm run db:seed` against the test's database, as an operator runs it. */
function seedCli(database: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/seed.ts', ...args], {
    cwd: root,
    env: processEnv(database),
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** The lines naming a record that differs from the seed (indented under the summary). */
const listed = (out: string) => out.split('\n').filter((line) => /^ {2}\S/.test(line));

/** What editors did through the API: a claim's tags and note, an actor's description, a deletion. */
async function edit(c: TestContext): Promise<void> {
  const key = (await makeKeys(c.store)).editor;
  await ok(
    send(c.app, 'PATCH', `/claims/${HOME_BASE}`, {
      key,
      body: { tags: ['iran', 'edited-by-hand'], statusNote: 'Reworded by an editor.' },
    }),
  );
  await ok(
    send(c.app, 'PATCH', '/actors/mike-pompeo', {
      key,
      body: { description: 'Former US Secretary of State' },
    }),
  );
  await ok(send(c.app, 'DELETE', `/claims/${DELETED}`, { key }), 204);
}

describe('npm run db:seed on a database editors worked on', () => {
  it('adds back what is missing, keeps their edits and lists them; --force overwrites them', async () => {
    ctx = await makeApp();
    const { peek } = ctx;
    await edit(ctx);
    const count = async (query: string, ...params: unknown[]) =>
      Number(await peek.value(query, ...params));
    const claimId = await peek.value<string>('SELECT id FROM claims WHERE slug = ?', HOME_BASE);
    const actorId = await peek.value<string>('SELECT id FROM actors WHERE slug = ?', 'mike-pompeo');
    const audited = () =>
      count('SELECT count(*) FROM audit_log WHERE entity_id IN (?, ?)', claimId, actorId);
    const history = () => count('SELECT count(*) FROM status_history WHERE claim_id = ?', claimId);
    const auditedBefore = await audited();
    const historyBefore = await history();

    const seeded = seedCli(ctx.databaseEnv);
    expect(seeded.code, seeded.err).toBe(0);
    expect(seeded.out).toMatch(
      /^Seed: added 5 \(claims 1, links 3, evidence 1\), kept 88 unchanged, 2 differ \(\d+ ms\)\n/,
    );
    expect(listed(seeded.out)).toEqual([
      '  actor mike-pompeo: description',
      `  claim ${HOME_BASE}: statusNote, tags`,
    ]);
    expect(seeded.out).toContain('npm run db:seed -- --force');

    // The deleted claim is back, with its quotes, links, evidence and first history entry.
    const restored = await peek.value<string>('SELECT id FROM claims WHERE slug = ?', DELETED);
    expect(await count('SELECT count(*) FROM quotes WHERE claim_id = ?', restored)).toBe(2);
    expect(
      await count(
        'SELECT count(*) FROM claim_links WHERE from_claim_id = ? OR to_claim_id = ?',
        restored,
        restored,
      ),
    ).toBe(3);
    expect(await count('SELECT count(*) FROM evidence WHERE claim_id = ?', restored)).toBe(1);
    expect(await count('SELECT count(*) FROM status_history WHERE claim_id = ?', restored)).toBe(1);

    // The edited records keep the editors' values, with no new history or audit entry.
    expect(await peek.row('SELECT status_note FROM claims WHERE id = ?', claimId)).toEqual({
      status_note: 'Reworded by an editor.',
    });
    expect(
      await peek.values('SELECT tag FROM claim_tags WHERE claim_id = ? ORDER BY tag', claimId),
    ).toEqual(['edited-by-hand', 'iran']);
    expect(await peek.value('SELECT description FROM actors WHERE id = ?', actorId)).toBe(
      'Former US Secretary of State',
    );
    expect(await audited()).toBe(auditedBefore);
    expect(await history()).toBe(historyBefore);

    const forced = seedCli(ctx.databaseEnv, '--force');
    expect(forced.code, forced.err).toBe(0);
    expect(forced.out).toMatch(
      /^Seed --force: added 0, overwrote 2 stored records with the seed's, 93 unchanged/,
    );
    expect(await peek.value('SELECT description FROM actors WHERE id = ?', actorId)).toBe(
      'US Secretary of State',
    );
    expect(
      await peek.values('SELECT tag FROM claim_tags WHERE claim_id = ? ORDER BY tag', claimId),
    ).toEqual(['al-qaeda', 'iran', 'terrorism', 'us-iran-relations']);
    expect(await history()).toBe(historyBefore + 1);
    expect(await audited()).toBe(auditedBefore + 2);
  });

  it('on an untouched seeded database, adds nothing and finds nothing differing, twice', async () => {
    ctx = await makeApp();
    for (let run = 0; run < 2; run++) {
      const seeded = seedCli(ctx.databaseEnv);
      expect(seeded.code, seeded.err).toBe(0);
      expect(seeded.out).toMatch(/^Seed: added 0, kept 95 unchanged, 0 differ \(\d+ ms\)\n$/);
    }
  });

  it('exits 2 with the usage on an unknown argument', () => {
    const result = seedCli({ DB_FILE: join(root, 'never-made.db') }, 'extra');
    expect(result.code).toBe(2);
    expect(result.err).toContain('Usage: npm run db:seed');
  });
});
