import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onSendAsyncHookHandler,
  preHandlerAsyncHookHandler,
} from 'fastify';
import fp from 'fastify-plugin';
import type { HeldWrite, Store } from '../db/store.js';
import { isStreamedBody } from '../http/request-parts.js';
import { hooksOf } from '../http/route-hooks.js';
import { AppError, UnprocessableError } from '../lib/problem.js';
import {
  expireKeys,
  forgetStoredSecrets,
  type Lookup,
  lookupKey,
  recordKey,
} from '../modules/idempotency/idempotency.commands.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `'refuse'`: the route answers with a secret, which must never be stored, so an
     * `Idempotency-Key` on it is refused (400) rather than its answer kept for replays.
     */
    idempotency?: 'refuse';
  }
  interface FastifyRequest {
    idempotency: KeyedRequest | null;
  }
}

const REPLAYED_HEADERS = ['content-type', 'location', 'etag'];

/**
 * `Idempotency-Key` on POST (IETF draft, as Stripe): the first answer is stored and a retry with
 * the same key and body gets it again; the same key with another body is a 422. Keys are scoped to
 * the API key and kept 24 hours.
 *
 * The key, the request's writes and its stored answer are one transaction (a held write): it opens
 * before the handler (the write lock taken, the key checked), the handler's own `store.write` runs
 * inside it as a savepoint, and it commits in onSend with the answer. A crash before that commit
 * leaves nothing, neither the write nor the key; a 5xx or a client gone before the answer rolls it
 * all back. A retry that comes while the first still runs waits for the lock, then gets the replay.
 */
export const idempotencyPlugin = fp(async (app: FastifyInstance, opts: { store: Store }) => {
  const { store } = opts;
  app.decorateRequest('idempotency', null);

  app.addHook('onReady', async () => {
    const removed = await store
      .write((tx) => forgetStoredSecrets(tx))
      .catch((error: unknown) => {
        app.log.warn({ err: error }, 'could not look for stored secrets among idempotency keys');
        return 0;
      });
    if (removed > 0) app.log.warn(`forgot ${removed} stored answer(s) that carried a key's secret`);
  });

  // Only POST routes take a key: their hooks are theirs, so no other request pays for them. The
  // handler runs in its request's held write, so that its writes are part of it.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST')) return;
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      const keyed = request.idempotency;
      const run = () => handler.call(this, request, reply);
      return keyed ? keyed.step(run) : run();
    };
    route.preHandler = [...hooksOf(route.preHandler), checkKey];
    route.onSend = [...hooksOf(route.onSend), keepAnswer];
  });

  const checkKey: preHandlerAsyncHookHandler = async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') return;
    if (request.routeOptions.config.idempotency === 'refuse') throw refused(request);
    // A streamed body (an NDJSON import) cannot be fingerprinted before it is read; such an
    // import is idempotent by itself (a second run changes nothing).
    if (isStreamedBody(request.body)) return;
    const owner = request.principal?.name ?? '';
    const { fingerprint, large } = fingerprintOf(request);
    const now = new Date();

    // Most retries find their answer: they need not queue for the write lock to read it.
    const seen = await store.read((tx) => lookupKey(tx, owner, key, fingerprint, now));
    if (seen.outcome !== 'new') return answer(seen, key, reply);

    const held = await store.begin({ large });
    let found: Lookup;
    try {
      if (reply.raw.destroyed) {
        // The client left while the request waited for the lock: do nothing; its retry will.
        await held.rollback();
        reply.hijack();
        return;
      }
      found = await held.run(async () => {
        await expireKeys(held.tx, now);
        // Again, under the lock: a first request with this key may have committed meanwhile.
        return lookupKey(held.tx, owner, key, fingerprint, now);
      });
    } catch (error) {
      await held.rollback();
      throw error;
    }
    if (found.outcome !== 'new') {
      await held.rollback();
      return answer(found, key, reply);
    }
    const keyed = new KeyedRequest(owner, key, fingerprint, now, held, request);
    request.idempotency = keyed;
    // 'close' comes once the answer is written, or when the client goes first: either way the
    // held write ends (it is over already when the answer was stored).
    reply.raw.once('close', () => keyed.abandon());
  };

  const keepAnswer: onSendAsyncHookHandler = async (request, reply, payload) => {
    const keyed = request.idempotency;
    if (!keyed) return payload;
    // Once only: should storing fail, the error's own answer comes through here again.
    request.idempotency = null;
    const { held } = keyed;
    // A server error keeps nothing: not the write, not the key; the retry runs again.
    if (!held.open || reply.statusCode >= 500) {
      await held.rollback();
      return payload;
    }
    const body = storableBody(payload);
    if (body === null) {
      // An answer that cannot be kept (a stream) could not be replayed to a retry, which would
      // then write again: fail closed, nothing written.
      await held.rollback();
      if (payload instanceof Readable) payload.destroy();
      throw new Error(
        `${request.method} ${request.routeOptions.url ?? request.url} answered with a stream, which cannot be kept for its Idempotency-Key; its write was rolled back`,
      );
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    // A step: a client leaving now does not roll back under the commit; the answer is kept.
    await keyed.step(async () => {
      try {
        const response = { statusCode: reply.statusCode, headers, body };
        await recordKey(held.tx, keyed.owner, keyed.key, keyed.fingerprint, keyed.now, response);
        await held.commit();
      } catch (error) {
        await held.rollback();
        throw error;
      }
    });
    return payload;
  };
});

/**
 * A request with a key, from its check to its stored answer: its held write is rolled back if the
 * client goes before the answer is stored, but never under a step (its handler) still running in
 * it, whose later statements would otherwise run outside any transaction.
 */
class KeyedRequest {
  private running = 0;
  private abandoned = false;

  constructor(
    readonly owner: string,
    readonly key: string,
    readonly fingerprint: string,
    readonly now: Date,
    readonly held: HeldWrite,
    private readonly request: FastifyRequest,
  ) {}

  /** Runs `work` (the handler, the commit) with the held write ambient. */
  step(work: () => unknown): unknown {
    this.running++;
    let result: unknown;
    try {
      result = this.held.run(work);
    } catch (error) {
      this.settle();
      throw error;
    }
    if (!isThenable(result)) {
      this.settle();
      return result;
    }
    return Promise.resolve(result).finally(() => this.settle());
  }

  abandon(): void {
    this.abandoned = true;
    if (this.running === 0) this.end();
  }

  private settle(): void {
    this.running--;
    if (this.abandoned && this.running === 0) this.end();
  }

  /** A no-op when the answer was stored; else rolls back and releases the lock. */
  private end(): void {
    this.held.rollback().catch((error: unknown) => {
      this.request.log.error({ err: error }, 'could not roll back an abandoned request');
    });
  }
}

function answer(found: Exclude<Lookup, { outcome: 'new' }>, key: string, reply: FastifyReply) {
  if (found.outcome === 'mismatch') {
    throw new UnprocessableError(
      'idempotency-key-reused',
      `Idempotency-Key '${key}' was used for a different request; use a new key for a new request.`,
    );
  }
  const { statusCode, headers, body } = found.response;
  return reply
    .code(statusCode)
    .headers({ ...headers, 'idempotent-replayed': 'true' })
    .serializer((payload) => String(payload))
    .send(body);
}

function refused(request: FastifyRequest): AppError {
  return new AppError(
    400,
    'idempotency-key-refused',
    'Bad Request',
    `${request.method} ${request.routeOptions.url ?? request.url} answers with a secret, and answers with a secret are never stored: send it without an Idempotency-Key.`,
    { errors: [{ path: 'header.idempotency-key', message: 'is not accepted by this operation' }] },
  );
}

function fingerprintOf(request: FastifyRequest): { fingerprint: string; large: boolean } {
  const canonical = canonicalJson({
    method: request.method,
    url: request.url,
    // Another If-Match is another request: it may not get the first one's answer.
    ifMatch: request.headers['if-match'] ?? null,
    body: request.body ?? null,
  });
  return {
    fingerprint: createHash('sha256').update(canonical).digest('hex'),
    // A large body (a bundle import) may write as much: its held write is a large one.
    large: canonical.length >= LARGE_REQUEST_CHARS,
  };
}

const LARGE_REQUEST_CHARS = 1_048_576;

/** The answer as text to store, or null when it cannot be stored (a stream). */
function storableBody(payload: unknown): string | null {
  if (typeof payload === 'string') return payload;
  if (payload === undefined || payload === null) return '';
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return null;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

type Piece = { text: string } | { value: unknown };

/**
 * JSON with object keys sorted, so that the same body in another key order is the same request.
 * Without recursion: a body nested thousands deep must not overflow the stack.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const pending: Piece[] = [{ value }];
  for (let piece = pending.pop(); piece !== undefined; piece = pending.pop()) {
    if ('text' in piece) {
      out.push(piece.text);
      continue;
    }
    const current = piece.value;
    if (Array.isArray(current)) {
      // Pushed last to first: taken first to last.
      pending.push({ text: ']' });
      for (let i = current.length - 1; i >= 0; i--) {
        pending.push({ value: current[i] });
        if (i > 0) pending.push({ text: ',' });
      }
      pending.push({ text: '[' });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1));
      pending.push({ text: '}' });
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i] as [string, unknown];
        pending.push({ value: v });
        pending.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(k)}:` });
      }
      pending.push({ text: '{' });
    } else {
      out.push(JSON.stringify(current) ?? 'null');
    }
  }
  return out.join('');
}
