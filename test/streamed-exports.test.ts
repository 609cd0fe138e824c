import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { importBundle } from '../src/modules/bundles/bundle.import.js';
import { makeApp, type TestContext } from './helpers/app.js';
import { bundle } from './helpers/bundles.js';

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

/**
 * Sources whose texts add up to far more than the socket buffers between server and client hold
 * (~30 MB), in many records, so that the export is read from its snapshot as the client reads.
 */
const SLUGS = Array.from({ length: 3000 }, (_, i) => `long-read-${String(i).padStart(4, '0')}`);
const BIG = bundle({
  sources: SLUGS.map((slug, i) => ({
    slug,
    kind: 'other',
    text: `Page ${i}. ${'A long paragraph of the record, written out in full. '.repeat(200)}`,
  })),
});
const EXPORT_BYTES = 3000 * 200 * 53;

async function serve(options: { idleMs: number; maxExports: number }): Promise<string> {
  ctx = await makeApp({
    seed: false,
    exportIdleTimeoutMs: options.idleMs,
    storeOptions: { maxSnapshots: options.maxExports },
  });
  await importBundle(ctx.store, BIG);
  return ctx.app.listen({ host: '127.0.0.1', port: 0 });
}

/** A client that asks for the export and then reads nothing at all (its socket paused). */
async function stalledExport(base: string): Promise<Socket> {
  const { hostname, port } = new URL(base);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  socket.write(`GET /export HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
  // The status line and the first bytes, then nothing more is read.
  await once(socket, 'data');
  socket.pause();
  return socket;
}

describe('a streamed export whose client stops reading', () => {
  it('when the most exports that may run are streaming, then one more is a 503 problem with Retry-After, before any byte of a body', async () => {
    const base = await serve({ idleMs: 60_000, maxExports: 1 });
    const stalled = await stalledExport(base);
    try {
      const refused = await fetch(`${base}/export`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.headers.get('retry-after')).toBe('30');
      const problem = (await refused.json()) as { type: string; detail: string };
      expect(problem.type).toMatch(/busy$/);
      expect(problem.detail).toMatch(/exports are streaming already/);
      // The feed is a snapshot too, under the same budget.
      expect((await fetch(`${base}/export/claimreview`)).status).toBe(503);
    } finally {
      stalled.destroy();
    }
    // Its set-up imports 30 MB of sources: on PostgreSQL, several seconds.
  }, 30_000);

  it('when its client reads nothing for the idle timeout, then its connection is closed and its snapshot freed: the next export streams whole', async () => {
    // A second of idleness: long beside the next export's reads even on two busy cores.
    const base = await serve({ idleMs: 1000, maxExports: 1 });
    const stalled = await stalledExport(base);
    await sleep(3000);

    const next = await fetch(`${base}/export`);
    expect(next.status).toBe(200);
    const exported = (await next.json()) as { sources: { slug: string; text: string }[] };
    expect(exported.sources.map((source) => source.slug)).toEqual(SLUGS);

    // What the stalled client still finds on its socket is a part of the export, then the end.
    const ended = once(stalled, 'close');
    stalled.resume();
    await ended;
    expect(stalled.bytesRead).toBeLessThan(EXPORT_BYTES / 2);
  }, 30_000);

  it('when its client reads slowly but steadily, never idle as long as the timeout, then it gets the whole export', async () => {
    const base = await serve({ idleMs: 1000, maxExports: 1 });
    const { hostname, port } = new URL(base);
    const socket = connect(Number(port), hostname);
    await once(socket, 'connect');
    socket.write(`GET /export HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
    let received = 0;
    let pauses = 0;
    socket.on('data', (chunk: Buffer) => {
      const before = received;
      received += chunk.length;
      // Every 2 MB a pause close to the timeout, yet shorter: the reader is slow, never stalled.
      if (Math.floor(received / 2_000_000) > Math.floor(before / 2_000_000)) {
        pauses++;
        socket.pause();
        setTimeout(() => socket.resume(), 600);
      }
    });
    await once(socket, 'end');
    expect(pauses).toBeGreaterThan(5);
    expect(received).toBeGreaterThan(EXPORT_BYTES);
  }, 60_000);
});
