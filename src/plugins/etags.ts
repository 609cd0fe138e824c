import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { etagOf, isNotModified } from '../http/etag.js';

declare module 'fastify' {
  interface FastifyReply {
    /** The version of the resource answered (see `versioned`): it gets an ETag. */
    etagVersion: number | null;
  }
}

/**
 * ETags of versioned resources, digested from the bytes as they are sent (serialised once, not
 * once more for the digest); a GET whose If-None-Match names the ETag gets 304 without a body.
 */
export const etagsPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateReply('etagVersion', null);
    app.addHook('onSend', (request, reply, payload, done) => {
      const version = reply.etagVersion;
      if (version === null || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
        done(null, payload);
        return;
      }
      const etag = etagOf(version, payload);
      reply.header('etag', etag);
      const read = request.method === 'GET' || request.method === 'HEAD';
      if (
        read &&
        reply.statusCode === 200 &&
        isNotModified(request.headers['if-none-match'], etag)
      ) {
        reply.code(304).removeHeader('content-type').removeHeader('content-length');
        done(null, null);
        return;
      }
      done(null, payload);
    });
  },
  { name: 'etags' },
);
