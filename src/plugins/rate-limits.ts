import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Store } from '../db/store.js';
import { bearerKey } from '../http/request-parts.js';
import { AppError } from '../lib/problem.js';
import { authenticate } from '../modules/keys/keys.queries.js';
import { KEY_PATTERN } from '../modules/keys/keys.secrets.js';

/** Requests per window; `max` 0 turns the budget off. */
export type Budget = { max: number; windowSeconds: number };

export type RateLimitOptions = {
  store: Store;
  /** GET and HEAD, per client IP (/health and /docs are exempt). */
  reads: Budget;
  /** POST, PATCH and DELETE, per API key (per client IP for a write sent without one). */
  writes: Budget;
  /** Requests whose API key is malformed, unknown or revoked, per client IP. */
  badKeys: Budget;
};

type PolicyName = 'reads' | 'writes' | 'bad-keys';

/** Where a client stands in one budget after this request. */
type Usage = {
  policy: PolicyName;
  budget: Budget;
  remaining: number;
  resetSeconds: number;
  exceeded: boolean;
};

type Limiter = (request: FastifyRequest, options?: { increment?: boolean }) => Promise<Usage>;

const WHAT: Record<PolicyName, string> = {
  reads: 'reads',
  writes: 'writes',
  'bad-keys': 'requests with a malformed, unknown or revoked API key',
};

const READS = new Set(['GET', 'HEAD']);
const WRITES = new Set(['POST', 'PATCH', 'DELETE', 'PUT']);

export class RateLimitedError extends AppError {
  constructor(usage: Usage) {
    const retryAfter = Math.max(1, usage.resetSeconds);
    const { max, windowSeconds } = usage.budget;
    super(
      429,
      'rate-limited',
      'Too Many Requests',
      `Too many ${WHAT[usage.policy]} from this client (${max} per ${windowSeconds} s); retry in ${retryAfter} s.`,
      { headers: { 'Retry-After': String(retryAfter) } },
    );
  }
}

/**
 * Three budgets (fixed windows, in memory, per process) answered with a 429 problem and
 * `Retry-After`; every counted response carries the IETF `RateLimit-Policy` and `RateLimit` fields
 * (draft-ietf-httpapi-ratelimit-headers). A client that has sent too many bad keys gets 429 for
 * every further bad key — malformed ones without a database lookup — while a valid key still works.
 */
export const rateLimitsPlugin = fp(async (app: FastifyInstance, opts: RateLimitOptions) => {
  await app.register(rateLimit, { global: false, cache: 10_000 });

  // IPv6 clients get a /56 each (what providers commonly give one customer), not a /64.
  const clientIp = (request: FastifyRequest) => `ip:${normalizeIP(request.ip, 56)}`;
  const limiter = (policy: PolicyName, budget: Budget, keyOf = clientIp): Limiter | null => {
    if (budget.max === 0) return null;
    const check = app.createRateLimit({
      max: budget.max,
      timeWindow: budget.windowSeconds * 1000,
      keyGenerator: keyOf,
    });
    return async (request, options) => {
      const result = await check(request, options);
      if (result.isAllowed) {
        return { policy, budget, remaining: budget.max, resetSeconds: 0, exceeded: false };
      }
      return {
        policy,
        budget,
        remaining: result.remaining,
        resetSeconds: result.ttlInSeconds,
        exceeded: result.isExceeded,
      };
    };
  };
  const reads = limiter('reads', opts.reads);
  const writes = limiter('writes', opts.writes, (request) =>
    request.principal ? `key:${request.principal.name}` : clientIp(request),
  );
  const badKeys = limiter('bad-keys', opts.badKeys);
  // All three off (a server behind a proxy that limits): no request pays for the hooks.
  if (!reads && !writes && !badKeys) return;

  const usages = new WeakMap<FastifyRequest, Usage[]>();
  const note = (request: FastifyRequest, usage: Usage) => {
    const list = usages.get(request) ?? [];
    usages.set(request, [...list.filter((u) => u.policy !== usage.policy), usage]);
    if (usage.exceeded) throw new RateLimitedError(usage);
  };

  const inFlight = new Map<string, number>();
  const keyedFrom = new WeakMap<FastifyRequest, string>();
  const settle = async (request: FastifyRequest) => {
    const ip = keyedFrom.get(request);
    if (ip === undefined) return;
    keyedFrom.delete(request);
    const left = (inFlight.get(ip) ?? 1) - 1;
    if (left > 0) inFlight.set(ip, left);
    else inFlight.delete(ip);
  };
  app.addHook('onResponse', settle);
  app.addHook('onRequestAbort', settle);

  // Before authentication: the bad-key gate, reads, and writes that name no key.
  app.addHook('onRequest', async (request) => {
    const { method, headers } = request;
    if (method === 'OPTIONS') return;
    if (badKeys && headers.authorization !== undefined) {
      // Keys still being checked count too: a burst of bad keys sent at once is not let through
      // to be counted only when their 401s go out.
      const ip = clientIp(request);
      const checking = inFlight.get(ip) ?? 0;
      inFlight.set(ip, checking + 1);
      keyedFrom.set(request, ip);
      const seen = await badKeys(request, { increment: false });
      if (seen.remaining - checking <= 0) {
        const valid = await isValidKey(opts.store, headers.authorization);
        note(request, { ...seen, exceeded: !valid });
      }
    }
    if (reads && READS.has(method) && !isExempt(request)) note(request, await reads(request));
    if (writes && WRITES.has(method) && headers.authorization === undefined) {
      note(request, await writes(request));
    }
  });

  // After authentication, before the body is read: writes per API key.
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (writes && WRITES.has(request.method) && request.principal) {
      note(request, await writes(request));
    }
    return payload;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // A 401 to a request that sent a key: the key was bad (without one the 401 asks for a key).
    if (badKeys && reply.statusCode === 401 && request.headers.authorization !== undefined) {
      const usage = await badKeys(request);
      const list = usages.get(request) ?? [];
      usages.set(request, [...list.filter((u) => u.policy !== usage.policy), usage]);
    }
    const list = usages.get(request);
    if (list && list.length > 0) {
      reply.header('RateLimit-Policy', list.map(policyField).join(', '));
      reply.header('RateLimit', list.map(limitField).join(', '));
    }
    return payload;
  });
});

/** The explorer and the health check, which load balancers and browsers call freely. */
function isExempt(request: FastifyRequest): boolean {
  const url = request.routeOptions.url ?? '';
  return url === '/health' || url === '/docs' || url.startsWith('/docs/');
}

async function isValidKey(store: Store, header: string): Promise<boolean> {
  const key = bearerKey(header);
  if (!key || !KEY_PATTERN.test(key)) return false;
  return (await store.read((tx) => authenticate(tx, key))) !== null;
}

function policyField(usage: Usage): string {
  return `"${usage.policy}";q=${usage.budget.max};w=${usage.budget.windowSeconds}`;
}

function limitField(usage: Usage): string {
  const reset = usage.remaining > 0 ? usage.resetSeconds : Math.max(1, usage.resetSeconds);
  return `"${usage.policy}";r=${usage.remaining};t=${reset}`;
}
