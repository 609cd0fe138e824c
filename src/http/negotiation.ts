import type { FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The media types the route answers a 200 in, the default first: the one the request's
     * `Accept` prefers is sent (see representationOf), and every answer varies by `Accept`.
     */
    offers?: readonly [string, ...string[]];
  }
}

/**
 * The media type to answer this request in: of the route's `offers`, the one `Accept` prefers;
 * the first when it names none of them, or likes them all alike (`*` / `*`, no header), so that
 * a client that has not asked for another type keeps getting the one it always got.
 */
export function representationOf(request: FastifyRequest): string | undefined {
  const offers = request.routeOptions.config.offers;
  if (offers === undefined) return undefined;
  const accept = request.headers.accept;
  if (accept === undefined) return offers[0];
  return new Negotiator({ headers: { accept } }).mediaType(offers) ?? offers[0];
}
