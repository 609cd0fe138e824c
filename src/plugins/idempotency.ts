import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Store } from '../db/store.js';
import { ConflictError, UnprocessableError } from '../lib/problem.js';
import { claimKey, completeKey, releaseKey } from '../modules/idempotency/idempotency.commands.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { owner: string; key: string } | null;
  }
}

const REPLAYED_HEADERS = ['content-type', 'location', 'etag'];

/**
 * `Idempotency-Key` on POST (IETF draft, as Stripe): the first response is stored and a retry with
 * the same key and body gets it again; the same key with another body is a 422, and while the first
 * request still runs, a 409. Keys are scoped to the API key and kept 24 hours.
 */
export const idempotencyPlugin = fp(async (app: FastifyInstance, opts: { store: Store }) => {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || key === '') return;
    // A streamed body (an NDJSON import) cannot be fingerprinted before it is read; such an
    // import is idempotent by itself (a second run changes nothing).
    if (typeof (request.body as { pipe?: unknown } | null)?.pipe === 'function') return;
    const owner = request.principal?.name ?? '';
    const fingerprint = createHash('sha256')
      .update(
        canonicalJson({
          method: request.method,
          url: request.url,
          // Another If-Match is another request: it may not get the first one's answer.
          ifMatch: request.headers['if-match'] ?? null,
          body: request.body ?? null,
        }),
      )
      .digest('hex');
    const now = new Date();
    const claimed = await opts.store.write((tx) => claimKey(tx, owner, key, fingerprint, now));
    if (claimed.outcome === 'in-progress') {
      throw new ConflictError(
        `A request with Idempotency-Key '${key}' is still running; retry later.`,
      );
    }
    if (claimed.outcome === 'mismatch') {
      throw new UnprocessableError(
        'idempotency-key-reused',
        `Idempotency-Key '${key}' was used for a different request; use a new key for a new request.`,
      );
    }
    if (claimed.outcome === 'replay') {
      const { statusCode, headers, body } = claimed.row;
      return reply
        .code(statusCode ?? 200)
        .headers({ ...headers, 'idempotent-replayed': 'true' })
        .serializer((payload) => String(payload))
        .send(body ?? '');
    }
    request.idempotency = { owner, key };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const held = request.idempotency;
    if (!held) return payload;
    // Once only: should the write below fail, the error's own response comes through here again.
    request.idempotency = null;
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      await opts.store.write((tx) => releaseKey(tx, held.owner, held.key));
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    const response = { statusCode: reply.statusCode, headers, body: payload };
    await opts.store.write((tx) => completeKey(tx, held.owner, held.key, response));
    return payload;
  });
});

/** JSON with object keys sorted, so that the same body in another key order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
