import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/modules/audit/audit.schemas.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';
import { syntheticBundle } from './helpers/bundles.js';

/**
 * An import writes its audit entries many to a statement: they must come out as one at a time
 * would have written them, one per record in the records' order, each with every field, and none
 * of a failed import.
 */
let ctx: TestContext;
let keys: { editor: string; admin: string };

beforeAll(async () => {
  ctx = await makeApp({ seed: false });
  keys = await makeKeys(ctx.store);
});
afterAll(async () => ctx.close());

// More than one statement's worth (a hundred rows), and not a multiple of it.
const CLAIMS = 250;

const lastAuditId = () => ctx.peek.value<number>('SELECT coalesce(max(id), 0) FROM audit_log');

describe('the audit entries of an import', () => {
  it('are one per record, in the records’ order, each naming every field it was given', async () => {
    const before = Number(await lastAuditId());
    const imported = await send(ctx.app, 'POST', '/import', {
      key: keys.editor,
      body: syntheticBundle(CLAIMS),
    });
    expect(imported.status).toBe(200);

    const rows = await ctx.peek.rows<{ id: number; action: string; entity_id: string }>(
      'SELECT id, action, entity_id FROM audit_log WHERE id > ? ORDER BY id',
      before,
    );
    const claims = await ctx.peek.rows<{ id: string; slug: string }>(
      'SELECT id, slug FROM claims ORDER BY seq',
    );
    const actor = await ctx.peek.value<string>("SELECT id FROM actors WHERE slug = 'tester'");
    const source = await ctx.peek.value<string>(
      "SELECT id FROM sources WHERE slug = 'fixture-text'",
    );
    expect(claims.map((claim) => claim.slug)).toEqual(
      Array.from({ length: CLAIMS }, (_, i) => `claim-${i}`),
    );
    // One entry per record, numbered without a gap, in the order the records came.
    expect(rows.map((row) => Number(row.id))).toEqual(rows.map((_, i) => before + 1 + i));
    expect(rows.map((row) => row.entity_id)).toEqual([
      actor,
      source,
      ...claims.map((claim) => claim.id),
    ]);
    expect(new Set(rows.map((row) => row.action))).toEqual(new Set(['create']));

    // The last claim's entry (written in the last, partial statement) and one from a full one.
    for (const i of [7, CLAIMS - 1]) {
      const claim = claims[i];
      if (!claim) throw new Error(`no claim ${i}`);
      const audit = await send<{ items: AuditEntry[] }>(
        ctx.app,
        'GET',
        `/audit?entityType=claim&entityId=${claim.id}`,
        { key: keys.admin },
      );
      expect(audit.status).toBe(200);
      expect(audit.body.items).toHaveLength(1);
      expect(audit.body.items[0]).toMatchObject({
        action: 'create',
        keyName: expect.any(String),
        changes: {
          id: { before: null, after: claim.id },
          slug: { before: null, after: `claim-${i}` },
          text: { before: null, after: `Claim number ${i} about foxes` },
          claimantId: { before: null, after: actor },
          tags: { before: null, after: [i % 2 === 0 ? 'even' : 'odd'] },
          quotes: {
            before: null,
            after: [expect.objectContaining({ sourceId: source, exact: 'quick brown fox' })],
          },
        },
      });
    }
  });

  it('are not kept when the import fails after many records', async () => {
    const before = await ctx.peek.value<number>('SELECT count(*) FROM audit_log');
    const claims = await ctx.peek.value<number>('SELECT count(*) FROM claims');
    // The last claim names a claimant neither imported nor stored: found only at the end.
    const body = syntheticBundle(CLAIMS, { prefix: 'doomed' });
    body.claims = [
      ...(body.claims as object[]),
      { slug: 'orphan', text: 'Said by nobody known', claimant: 'no-such-actor', statedAt: '2024' },
    ];
    const refused = await send(ctx.app, 'POST', '/import', { key: keys.editor, body });
    expect(refused.status).toBe(422);
    expect(Number(await ctx.peek.value('SELECT count(*) FROM audit_log'))).toBe(Number(before));
    expect(Number(await ctx.peek.value('SELECT count(*) FROM claims'))).toBe(Number(claims));
  });
});
