import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { decodeUtf8, parseJsonInput } from '../lib/json-input.js';
import { AppError, ValidationError } from '../lib/problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What to do instead when a body is over the route's limit: said in the 413's detail. */
    overLimit?: string;
  }
}

/**
 * The one JSON body parser (fastify's default replaced): the body is counted as it streams in and
 * refused at the route's `bodyLimit` (413) before it is whole, so no body can exhaust memory or
 * outgrow a string; then it must be UTF-8, JSON, at most JSON_MAX_DEPTH deep, free of prototype
 * poisoning, and hold only well-formed strings (400, naming the path: `body.quotes.0.exact`).
 */
export async function jsonBodyParser(
  request: FastifyRequest,
  payload: IncomingMessage,
): Promise<unknown> {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(
    request.headers['content-type'] ?? '',
  )?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    // JSON is UTF-8 (RFC 8259): a body said to be in another charset would be misread.
    throw new AppError(
      415,
      'unsupported-charset',
      'Unsupported Media Type',
      `The body is said to be ${charset}; JSON is sent as UTF-8.`,
    );
  }
  const bytes = await readBody(request, payload);
  if (bytes.length === 0) throw invalidJson('is empty: a JSON document is expected');
  const text = decodeUtf8(bytes);
  if (text === null) throw invalidJson('is not UTF-8: JSON is sent as UTF-8 (RFC 8259)');
  const read = parseJsonInput(text, 'body');
  if (read.ok) return read.value;
  const { kind, path, message } = read.fault;
  if (kind === 'unicode') throw new ValidationError(`Invalid ${path}.`, [{ path, message }]);
  throw invalidJson(message, path);
}

function invalidJson(message: string, path = 'body'): AppError {
  return new AppError(400, 'invalid-json', 'Bad Request', `The ${path} ${message}.`, {
    errors: [{ path, message }],
  });
}

/**
 * The whole body, or a 413 as soon as it is over the limit (the rest is not kept). `payload` is
 * the request, or the stream a preParsing hook put in its place.
 */
function readBody(request: FastifyRequest, payload: IncomingMessage): Promise<Buffer> {
  const limit = request.routeOptions.bodyLimit;
  const tooLarge = () => {
    const advice = request.routeOptions.config.overLimit;
    return new AppError(
      413,
      'body-too-large',
      'Content Too Large',
      `The body is over ${limit} bytes.${advice ? ` ${advice}` : ''}`,
    );
  };
  if (Number(request.headers['content-length']) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      payload.off('data', onData);
      payload.off('end', onEnd);
      payload.off('error', onError);
      payload.off('close', onClose);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > limit) {
        // The stream keeps flowing to nowhere; fastify closes the connection after the 413.
        stop();
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    // A stream cut for a reason of its own (a 408 for a stalled body) keeps it; else a 400.
    const onError = (error?: unknown) => {
      stop();
      reject(
        error instanceof AppError
          ? error
          : new AppError(400, 'incomplete-body', 'Bad Request', 'The body was cut off.'),
      );
    };
    // Closed before its end (once it has ended, these listeners are gone).
    const onClose = () => onError();
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
    payload.on('close', onClose);
    payload.resume();
  });
}

/** Registers the parser for `application/json` on the whole app (before any route). */
export const jsonBodyPlugin = fp(async (app: FastifyInstance) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', jsonBodyParser);
});
