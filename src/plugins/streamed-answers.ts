import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { batched } from '../lib/batched.js';

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Sends `chunks` as the body, as they come. The first chunk is awaited before the status
     * line, so that a stream that cannot start (too many exports, a database fault) is a
     * problem answer rather than a cut 200.
     */
    sendChunks(type: string, chunks: AsyncIterable<string | Uint8Array>): Promise<FastifyReply>;
  }
}

/**
 * Streamed answers (exports) hold a snapshot of the record open until their last byte is sent: a
 * client that stops reading would hold it forever, and the write-ahead log behind it could not
 * shrink. So a stream whose client takes nothing for `idleTimeoutMs` is cut, its connection
 * closed, and its snapshot freed; a slow reader that keeps reading is never cut.
 */
export const streamedAnswersPlugin = fp(
  async (app: FastifyInstance, { idleTimeoutMs }: { idleTimeoutMs: number }) => {
    app.decorateReply(
      'sendChunks',
      async function (
        this: FastifyReply,
        type: string,
        chunks: AsyncIterable<string | Uint8Array>,
      ) {
        const iterator = chunks[Symbol.asyncIterator]();
        const first = await iterator.next();
        const raw = this.raw;
        if (idleTimeoutMs > 0) {
          // The socket's own idle timer: it restarts whenever bytes move, in either direction.
          raw.setTimeout(idleTimeoutMs, () => {
            this.log.warn(`a streamed answer sent nothing for ${idleTimeoutMs} ms: it is cut`);
            raw.destroy();
          });
        }
        return this.type(type)
          .serializer((payload) => String(payload))
          .send(Readable.from(batched(resumed(first, iterator))));
      },
    );
  },
  { name: 'streamed-answers' },
);

/** The whole sequence again, its first item already taken; ending it ends the source too. */
async function* resumed<T>(first: IteratorResult<T>, rest: AsyncIterator<T>): AsyncGenerator<T> {
  try {
    for (let next = first; !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}
