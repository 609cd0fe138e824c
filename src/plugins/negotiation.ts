import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { hooksOf } from '../http/route-hooks.js';
import { varyBy } from '../http/vary.js';

/**
 * Routes that answer in several media types (config `offers`) say so on every response, kept
 * answers and 304s included: a cache in between must not give one client's type to another.
 * The header is set first thing, since the read cache's lookup may answer without the handler.
 */
export const negotiationPlugin = fp(
  async (app: FastifyInstance) => {
    const varyByAccept: onRequestHookHandler = (_request, reply, done) => {
      varyBy(reply, 'Accept');
      done();
    };
    app.addHook('onRoute', (route) => {
      if (route.config?.offers === undefined) return;
      route.onRequest = [varyByAccept, ...hooksOf(route.onRequest)];
    });
  },
  { name: 'negotiation' },
);
