import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** One log line per request, written when the response is done. */
export const requestLogPlugin = fp(async (app: FastifyInstance) => {
  // Below the info level the line would be dropped: no request pays for making it.
  if (!LOGS_INFO.has(app.log.level)) return;
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
});

const LOGS_INFO = new Set(['trace', 'debug', 'info']);
