import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import type { Store } from '../db/store.js';
import { bearerKey } from '../http/request-parts.js';
import { ForbiddenError, UnauthorizedError } from '../lib/problem.js';
import type { KeyRole } from '../lib/vocabulary.js';
import { authenticate, type Principal, ROLE_RANK } from '../modules/keys/keys.queries.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role a caller needs (writes); reads declare none. */
    role?: KeyRole;
    /** Open even when READ_REQUIRES_KEY is set (health, the document). */
    public?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/**
 * Bearer API keys: a key that is sent must be valid (401 otherwise); a route's `config.role` says
 * which role it needs (401 without a key, 403 below the role); reads are open unless configured.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { store: Store; readRequiresKey: boolean }) => {
    app.decorateRequest('principal', null);
    const known = knownKeys(opts.store);
    app.addHook('onRequest', async (request) => {
      if (request.method === 'OPTIONS') return;
      request.principal = await principalOf(known, request);
      const config = request.routeOptions.config;
      const open = config.public === true || (request.routeOptions.url ?? '').startsWith('/docs');
      const needed = config.role ?? (opts.readRequiresKey && !open ? 'any' : null);
      if (!needed) return;
      if (!request.principal) {
        throw new UnauthorizedError(
          'This request needs an API key: send `Authorization: Bearer <key>`.',
          'Bearer realm="factcheck"',
        );
      }
      if (needed !== 'any' && ROLE_RANK[request.principal.role] < ROLE_RANK[needed]) {
        throw new ForbiddenError(
          `This request needs the ${needed} role; key '${request.principal.name}' is ${request.principal.role}.`,
        );
      }
    });
  },
);

/**
 * Keys found valid, each kept with the store's change mark it was checked under: a key revoked
 * (or any other write) moves the mark, and the key is looked up again before it is trusted.
 */
function knownKeys(store: Store) {
  const valid = new LRUCache<string, { mark: number; principal: Principal }>({ max: 1000 });
  return async (key: string): Promise<Principal | null> => {
    const mark = await store.changeMark();
    const kept = valid.get(key);
    if (kept?.mark === mark) return kept.principal;
    const principal = await store.read((tx) => authenticate(tx, key));
    if (principal) valid.set(key, { mark, principal });
    else valid.delete(key);
    return principal;
  };
}

async function principalOf(
  known: (key: string) => Promise<Principal | null>,
  request: FastifyRequest,
): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const key = bearerKey(header);
  const principal = key ? await known(key) : null;
  if (!principal) {
    throw new UnauthorizedError(
      'The API key is malformed, unknown or revoked.',
      'Bearer realm="factcheck", error="invalid_token"',
    );
  }
  return principal;
}
