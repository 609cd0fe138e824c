import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  type Access,
  accessOf,
  anyOriginMay,
  type CorsPolicy,
  originMay,
} from '../http/cors-policy.js';
import { ForbiddenError } from '../lib/problem.js';

const READ_METHODS = ['GET', 'HEAD', 'OPTIONS'];
const WRITE_METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'];

/** What a script may send, and read of an answer, besides what CORS always lets through. */
const ALLOWED_HEADERS = [
  'Accept',
  'Authorization',
  'Cache-Control',
  'Content-Type',
  'If-Match',
  'If-None-Match',
  'Idempotency-Key',
];
const EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'Idempotent-Replayed',
  'RateLimit',
  'RateLimit-Policy',
  'Retry-After',
  'WWW-Authenticate',
];

const FIXED = {
  allowedHeaders: ALLOWED_HEADERS,
  exposedHeaders: EXPOSED_HEADERS,
  maxAge: 600,
  // An OPTIONS without preflight headers is answered, not refused with a plain-text 400.
  strictPreflight: false,
};

/**
 * CORS as the policy says (src/http/cors-policy.ts), decided per request: a preflight by the
 * method it asks for, a request by its own. A browser's write from an origin that may not write is
 * refused with a 403 problem before it runs, even one no preflight announced (a form's POST):
 * CORS alone only hides the answer from the page, after the write is done.
 */
export const corsPlugin = fp(
  async (app: FastifyInstance, policy: CorsPolicy) => {
    await app.register(cors, {
      delegator: (request, callback) => {
        const access = accessOf(requestedMethod(request));
        const origin = request.headers.origin;
        const writes = origin !== undefined && mayFromBrowser(policy, request, origin, 'write');
        callback(null, {
          ...FIXED,
          // `*` when everyone may (the same answer for all, any cache may keep it), else the
          // origin itself when it may (and the answer varies by Origin), else no CORS headers.
          origin: anyOriginMay(policy, access)
            ? '*'
            : origin !== undefined && mayFromBrowser(policy, request, origin, access)
              ? origin
              : false,
          methods: writes ? WRITE_METHODS : READ_METHODS,
        });
      },
    });

    app.addHook('onRequest', async (request) => {
      const origin = request.headers.origin;
      if (origin === undefined) return;
      // A preflight for a write is refused as the write itself would be (not left to a 405).
      const access = accessOf(requestedMethod(request));
      if (access === 'write' && !mayFromBrowser(policy, request, origin, access)) {
        throw new ForbiddenError(
          `Pages from ${origin} may not write here: CORS_ORIGINS lists the origins whose pages may.`,
        );
      }
    });
  },
  { name: 'cors' },
);

/** The method a preflight asks about, or the request's own. */
function requestedMethod(request: FastifyRequest): string {
  const asked = request.headers['access-control-request-method'];
  return request.method === 'OPTIONS' && typeof asked === 'string' ? asked : request.method;
}

/** The policy's answer; the server's own pages (the explorer at /docs) may always. */
function mayFromBrowser(
  policy: CorsPolicy,
  request: FastifyRequest,
  origin: string,
  access: Access,
): boolean {
  return origin === `${request.protocol}://${request.host}` || originMay(policy, origin, access);
}
