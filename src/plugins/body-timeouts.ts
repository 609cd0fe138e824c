import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyInstance, FastifyRequest, preParsingAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { hooksOf } from '../http/route-hooks.js';
import { AppError } from '../lib/problem.js';

/** A request body that stopped arriving: the connection is closed after this answer. */
export class RequestTimeoutError extends AppError {
  // Kept by body parsers that only look at `statusCode` (fastify's own).
  readonly statusCode = 408;

  constructor(detail: string) {
    super(408, 'request-timeout', 'Request Timeout', detail, { headers: { Connection: 'close' } });
  }
}

export type BodyTimeoutOptions = {
  /** A body (other than an NDJSON import) must have arrived whole this long after it began; 0: no limit. */
  requestTimeoutMs: number;
  /** An NDJSON import fails when no byte arrives for this long while it waits for one; 0: never. */
  importIdleTimeoutMs: number;
};

const cut = new WeakMap<FastifyRequest, RequestTimeoutError>();

/**
 * Why the request's body was cut, when it was cut for time: whatever a parser or the importer
 * made of the broken stream, the client is told that (408).
 */
export function timeoutOf(request: FastifyRequest): RequestTimeoutError | undefined {
  return cut.get(request);
}

/**
 * No request body may hold the server's resources open forever (fastify's own `requestTimeout`
 * would also cut an NDJSON import that is still streaming): an ordinary body must arrive within
 * REQUEST_TIMEOUT_MS, and an NDJSON import, which may stream for hours, fails when its client stops
 * sending for IMPORT_IDLE_TIMEOUT_MS; the import's transaction then rolls back and frees the lock.
 */
export const bodyTimeoutsPlugin = fp<BodyTimeoutOptions>(
  async (app: FastifyInstance, { requestTimeoutMs, importIdleTimeoutMs }) => {
    const guards = new WeakMap<FastifyRequest, BodyGuard>();

    const guard: preParsingAsyncHookHandler = async (request, _reply, payload) => {
      if (!hasBody(request)) return payload;
      const streamed = (request.headers['content-type'] ?? '')
        .toLowerCase()
        .startsWith('application/x-ndjson');
      const ms = streamed ? importIdleTimeoutMs : requestTimeoutMs;
      if (ms <= 0) return payload;
      const guard = new BodyGuard(streamed ? 'idle' : 'deadline', ms, () => {
        const seconds = ms / 1000;
        const error = new RequestTimeoutError(
          streamed
            ? `No data arrived for ${seconds} s: the import is cancelled and nothing of it was written.`
            : `The request body did not arrive within ${seconds} s.`,
        );
        cut.set(request, error);
        return error;
      });
      guards.set(request, guard);
      // Not `pipeline`: it would destroy the request, and with it the socket the 408 goes out on.
      payload.on('error', (error) => guard.destroy(error));
      payload.pipe(guard);
      return guard;
    };
    const stop = async (request: FastifyRequest) => guards.get(request)?.stop();

    // Only routes that read a body guard one: a GET does not pay for it.
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (!methods.some((method) => BODY_METHODS.has(method))) return;
      route.preParsing = [...hooksOf(route.preParsing), guard];
      route.onResponse = [...hooksOf(route.onResponse), stop];
      route.onRequestAbort = [...hooksOf(route.onRequestAbort), stop];
    });

    // An answer sent before its request's body came in whole (a 401, a 413, a 408, a 404): the
    // connection closes after it, or a client that never sends the rest would keep its socket.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (!request.raw.complete) reply.header('connection', 'close');
      done(null, payload);
    });
  },
  { name: 'body-timeouts' },
);

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function hasBody(request: FastifyRequest): boolean {
  const { headers } = request;
  return (
    headers['transfer-encoding'] !== undefined ||
    (headers['content-length'] !== undefined && headers['content-length'] !== '0')
  );
}

/**
 * Passes a body through, failing it when time runs out. `deadline`: the whole body within the
 * time. `idle`: no gap longer than the time while the reader waits for bytes (time the reader is
 * busy with what it has, its buffer full, does not count: the client is not stalling then).
 */
class BodyGuard extends Transform {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly mode: 'deadline' | 'idle',
    private readonly ms: number,
    private readonly expired: () => Error,
  ) {
    super();
    // Time may run out on a body nobody reads any more: that must not crash the process.
    this.on('error', () => {});
    this.arm();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    if (this.mode === 'idle') this.stop();
    this.push(chunk);
    callback();
    if (this.mode === 'idle' && this.readableLength < this.readableHighWaterMark) this.arm();
  }

  override _read(size: number) {
    if (this.mode === 'idle' && this.timer === undefined && !this.writableEnded) this.arm();
    super._read(size);
  }

  override _flush(callback: TransformCallback) {
    this.stop();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void) {
    this.stop();
    callback(error);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.stop();
    this.timer = setTimeout(() => this.destroy(this.expired()), this.ms);
  }
}
