import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Problem, problemType } from '../lib/problem.js';

type ClientError = Error & { code?: string };

/** What Node's HTTP parser refuses, by its error code. */
function problemFor(error: ClientError): Problem {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      type: problemType('headers-too-large'),
      title: 'Request Header Fields Too Large',
      status: 431,
      detail: 'The request line and headers exceed 16 KiB; send a shorter URL or fewer headers.',
    };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      type: problemType('request-timeout'),
      title: 'Request Timeout',
      status: 408,
      detail: 'The request was not received in time.',
    };
  }
  return {
    type: problemType('malformed-request'),
    title: 'Bad Request',
    status: 400,
    detail: `The request is not valid HTTP/1.1 (${error.code ?? 'unparsable'}).`,
  };
}

/**
 * fastify's `clientErrorHandler`: a request the HTTP parser refuses never reaches a route, so the
 * problem document (and the security headers) are written to the socket here, which is then closed.
 */
export function clientErrorHandler(this: FastifyInstance, error: ClientError, socket: Socket) {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = problemFor(error);
  this.log.debug({ err: error }, `client error ${problem.status}`);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(problem);
  const head = [
    `HTTP/1.1 ${problem.status} ${problem.title}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(this.baselineHeaders).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}
