import { rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../src/db/store.js';
import { ImportInvalidError, importNdjson } from '../src/modules/bundles/bundle.import.js';
import { checkedLines, THREAD_FROM_BYTES } from '../src/modules/bundles/checked-lines.js';
import { claimIdOf } from '../src/modules/claims/claims.repository.js';
import { makeStore } from './helpers/app.js';
import { speakerRecords } from './helpers/bundles.js';

/**
 * A large NDJSON upload is read and checked on a thread of its own. What a user sees must be the
 * same as when it is read on the request's thread: the same records, the same problems named by
 * the same lines, the same stored rows, and an input that fails fails the import.
 */
const opened: { store: Store; dir: string }[] = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function emptyStore() {
  const made = await makeStore({ seed: false });
  opened.push(made);
  return made.store;
}

const { actor, source } = speakerRecords;
const claim = { ...speakerRecords.claim, text: 'Hello there — ünïcode, split across chunks' };

/** Lines of every kind a reader must tell apart, as bytes. */
function payload(): Buffer {
  return Buffer.concat([
    Buffer.from(`${JSON.stringify(actor)}\n\n   \n${JSON.stringify(source)}\n`),
    Buffer.from('{"type": "actor", not json}\n'),
    Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]),
    Buffer.from(`${JSON.stringify({ type: 'actor', slug: 'x', kind: 'planet', name: 'X' })}\n`),
    Buffer.from(`${'['.repeat(100)}${']'.repeat(100)}\n`),
    Buffer.from(JSON.stringify(claim)),
  ]);
}

/** The bytes in pieces of 1 to 7 bytes: lines, and characters, split across chunks. */
function inPieces(bytes: Buffer): Readable {
  const pieces: Buffer[] = [];
  for (let at = 0, size = 1; at < bytes.length; at += size, size = (size % 7) + 1)
    pieces.push(bytes.subarray(at, at + size));
  return Readable.from(pieces);
}

async function all(expectedBytes: number | null, input: Readable) {
  const read = [];
  for await (const checked of checkedLines(input, expectedBytes)) read.push(checked);
  return read;
}

describe('NDJSON read on a thread of its own', () => {
  it('reads the same records and names the same problems as on the request thread', async () => {
    const here = await all(0, inPieces(payload()));
    const onThread = await all(THREAD_FROM_BYTES, inPieces(payload()));
    expect(onThread).toEqual(here);
    expect(onThread.map((c) => c.path)).toEqual([
      'lines.1',
      'lines.4',
      'lines.5',
      'lines.6',
      'lines.7',
      'lines.8',
      'lines.9',
    ]);
    expect(onThread[0]).toMatchObject({ record: { type: 'actor', name: 'A Speaker' } });
    expect(onThread[6]).toMatchObject({ record: { text: claim.text, claimant: 'speaker' } });
    expect(onThread[2]?.problems?.[0]?.path).toBe('lines.5');
    expect(onThread[3]?.problems?.[0]?.message).toMatch(/UTF-8/);
    expect(onThread[4]?.problems?.[0]?.path).toBe('lines.7.kind');
    expect(onThread[5]?.problems?.[0]?.message).toMatch(/deep/);
  });

  it('reads a stream of unknown length whole, small or past the bytes read ahead', async () => {
    const small = await all(null, inPieces(payload()));
    expect(small).toEqual(await all(0, inPieces(payload())));
    // Lines straddle the bytes read ahead before the rest goes to the thread.
    const line = (i: number) => `${JSON.stringify({ ...actor, slug: `speaker-${i}` })}\n`;
    const count = (Math.ceil(THREAD_FROM_BYTES / line(0).length / 100) + 1) * 100;
    const chunks = Array.from({ length: count / 100 }, (_, c) =>
      Buffer.from(Array.from({ length: 100 }, (_, i) => line(c * 100 + i)).join('')),
    );
    const large = await all(null, Readable.from(chunks));
    expect(large).toHaveLength(count);
    expect(large.every((c, i) => c.path === `lines.${i + 1}` && c.problems === undefined)).toBe(
      true,
    );
    expect(large.at(-1)).toMatchObject({ record: { slug: `speaker-${large.length - 1}` } });
  });

  it('imports an upload expected to be large as it imports a small one', async () => {
    const lines = [actor, source, claim].map((line) => JSON.stringify(line)).join('\n');
    const small = await emptyStore();
    const large = await emptyStore();
    const inline = await importNdjson(small, Readable.from([lines]));
    const threaded = await importNdjson(
      large,
      inPieces(Buffer.from(lines)),
      {},
      {
        expectedBytes: THREAD_FROM_BYTES,
      },
    );
    expect({ ...threaded, durationMs: 0 }).toEqual({ ...inline, durationMs: 0 });
    expect(threaded.counts.claims.created).toBe(1);
    const stored = await large.read((tx) => claimIdOf(tx, 'hello'));
    expect(stored ?? '').toMatch(/^clm_/);
  });

  it('refuses a large upload with a bad line, naming it, and writes nothing', async () => {
    const store = await emptyStore();
    const lines = `${JSON.stringify(actor)}\n{"type":"actor","slug":"y","kind":"planet","name":"Y"}\n`;
    const failure = await importNdjson(
      store,
      Readable.from([lines]),
      {},
      {
        expectedBytes: THREAD_FROM_BYTES,
      },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportInvalidError);
    expect((failure as ImportInvalidError).errors?.map((e) => e.path)).toEqual(['lines.2.kind']);
  });

  it('fails the import when the input fails, and stops reading when the import stops', async () => {
    const store = await emptyStore();
    const broken = new Readable({ read() {} });
    broken.push(`${JSON.stringify(actor)}\n`);
    setTimeout(() => broken.destroy(new Error('connection reset')), 50);
    await expect(
      importNdjson(store, broken, {}, { expectedBytes: THREAD_FROM_BYTES }),
    ).rejects.toThrow('connection reset');

    const endless = new Readable({ read() {} });
    endless.push(`${JSON.stringify(actor)}\n`);
    const records = checkedLines(endless, THREAD_FROM_BYTES);
    expect((await records.next()).value).toMatchObject({ path: 'lines.1' });
    await records.return(undefined);
    expect(endless.destroyed).toBe(true);
  });
});
