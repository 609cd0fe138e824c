import type {
  FastifyInstance,
  FastifyRequest,
  onRequestAsyncHookHandler,
  onSendAsyncHookHandler,
} from 'fastify';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import type { Store } from '../db/store.js';
import { isNotModified } from '../http/etag.js';
import { representationOf } from '../http/negotiation.js';
import { hooksOf } from '../http/route-hooks.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The answer depends on the URL and the record alone (not on who asks, nor on other headers
     * than If-None-Match, and `Accept` on a route that `offers` several types): it may be kept in
     * memory and sent again until the next write.
     */
    cached?: boolean;
  }
}

/** The route option of reads whose answers may be kept: `app.get(url, { ...cachedRead, … })`. */
export const cachedRead = { config: { cached: true } } as const;

type Kept = { mark: number; body: Buffer; headers: Record<string, string> };

/**
 * The headers that describe the kept representation rather than the request: sent again with it.
 * A page sets a Content-Security-Policy of its own; an answer without one gets the API's (set by
 * the security headers before the lookup).
 */
const KEPT_HEADERS = ['content-type', 'etag', 'content-security-policy'] as const;

/**
 * Answers to reads, kept by URL for as long as nothing is written: the store's change mark moves
 * with every commit (of this process or another one sharing the database), and an answer read
 * under an older mark is never sent. A kept answer skips the query, the serialisation and the
 * ETag's digest; authentication, rate limits and the headers of every response still apply,
 * since the lookup runs after the app's own request hooks.
 */
export const readCachePlugin = fp(
  async (app: FastifyInstance, opts: { store: Store; maxBytes: number }) => {
    if (opts.maxBytes <= 0) return;
    const kept = new LRUCache<string, Kept>({
      maxSize: opts.maxBytes,
      sizeCalculation: (entry, url) => entry.body.byteLength + 2 * url.length + 200,
    });
    const markOf = new WeakMap<FastifyRequest, number>();

    const lookup: onRequestAsyncHookHandler = async (request, reply) => {
      // `Cache-Control: no-cache`: the client wants the answer read now, from the record alone.
      if (request.method !== 'GET' || afterCursor(request) || wantsFresh(request)) return;
      const mark = await opts.store.changeMark();
      const hit = kept.get(keyOf(request));
      if (hit === undefined || hit.mark !== mark) {
        markOf.set(request, mark);
        return;
      }
      reply.headers(hit.headers);
      const etag = hit.headers.etag;
      if (etag !== undefined && isNotModified(request.headers['if-none-match'], etag)) {
        return reply.code(304).send();
      }
      return reply.send(hit.body);
    };

    const keep: onSendAsyncHookHandler = async (request, reply, payload) => {
      const mark = markOf.get(request);
      if (mark === undefined || reply.statusCode !== 200 || typeof payload !== 'string') {
        return payload;
      }
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = reply.getHeader(name);
        if (typeof value === 'string') headers[name] = value;
      }
      if (headers['content-type'] !== undefined) {
        kept.set(keyOf(request), {
          mark,
          // Kept encoded: a kept answer is written as it is, not converted again for every send.
          body: Buffer.from(payload),
          headers,
        });
      }
      return payload;
    };

    app.addHook('onRoute', (route) => {
      if (route.config?.cached !== true) return;
      route.onRequest = [...hooksOf(route.onRequest), lookup];
      route.onSend = [...hooksOf(route.onSend), keep];
    });
  },
  { name: 'read-cache' },
);

/** The URL, and the media type answered where the route offers several: each kept apart. */
function keyOf(request: FastifyRequest): string {
  const type = representationOf(request);
  return type === undefined ? request.url : `${type} ${request.url}`;
}

/**
 * A page after a cursor is not kept: a walk through a list asks for each of its pages once, and
 * keeping them would only push out the answers asked again and again (and, a page a few
 * milliseconds, keep the collector busy with the bodies it pushed out).
 */
function afterCursor(request: FastifyRequest): boolean {
  const { query } = request;
  return typeof query === 'object' && query !== null && 'cursor' in query;
}

function wantsFresh(request: FastifyRequest): boolean {
  const header = request.headers['cache-control'];
  return header !== undefined && /(?:^|,)\s*(?:no-cache|max-age=0)\s*(?:,|$)/i.test(header);
}
