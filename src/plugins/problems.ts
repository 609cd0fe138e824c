import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from '@fastify/type-provider-zod';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { RouteMethods } from '../http/route-methods.js';
import { AppError, type FieldError, type Problem, problemType } from '../lib/problem.js';
import { timeoutOf } from './body-timeouts.js';

const SERVER_OWNED = new Set(['id', 'version', 'createdAt', 'updatedAt', 'history', 'seq']);

const LOCATIONS: Record<string, string> = {
  querystring: 'query',
  params: 'path',
  body: 'body',
  headers: 'header',
};

/**
 * One error shape for the whole API: RFC 9457 problem+json; 5xx details stay in the log. Sending a
 * problem cannot fail in a way that reaches the client as anything else: the document is made
 * before it is sent (nothing left to serialise), and should a hook fail while it goes out (a write
 * in `onSend` on a full disk), the second problem is written straight to the socket.
 */
export const problemsPlugin = fp(async (app: FastifyInstance) => {
  const answered = new WeakSet<FastifyRequest>();

  function handle(error: unknown, request: FastifyRequest, reply: FastifyReply) {
    const { problem, headers } = describeSafely(timeoutOf(request) ?? error, request);
    if (reply.raw.headersSent) {
      // A streamed response broke off: the client learns it from the cut connection.
      request.log.error({ err: error }, 'response failed after it began');
      reply.raw.destroy();
      return;
    }
    if (answered.has(request)) {
      request.log.error({ err: error }, 'the problem document could not be sent');
      writeDirectly(reply, problem, headers);
      return;
    }
    answered.add(request);
    return sendProblem(reply.headers(headers), problem);
  }

  app.setErrorHandler(handle);
  // Each route gets it too: fastify hands an error raised while sending the first problem to
  // the next handler up, which is then this one again rather than fastify's default.
  const methods = new RouteMethods();
  app.addHook('onRoute', (route) => {
    route.errorHandler ??= handle;
    methods.add(route.method, route.url);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = methods.allowed(path);
    if (allowed.length > 0) {
      return sendProblem(reply.header('allow', allowed.join(', ')), {
        type: problemType('method-not-allowed'),
        title: 'Method Not Allowed',
        status: 405,
        detail: `${path} answers ${allowed.join(', ')}, not ${request.method}.`,
        instance: request.url,
      });
    }
    return sendProblem(reply, {
      type: problemType('not-found'),
      title: 'Not Found',
      status: 404,
      detail: `No route ${request.method} ${path}.`,
      instance: request.url,
    });
  });
});

type Described = { problem: Problem; headers: Record<string, string> };

/** The problem for any error; should describing it fail, a plain 500. */
function describeSafely(error: unknown, request: FastifyRequest): Described {
  try {
    return describe(error, request);
  } catch (failure) {
    request.log.error({ err: failure, cause: error }, 'the error could not be described');
    return { problem: internalProblem(request), headers: {} };
  }
}

function describe(error: unknown, request: FastifyRequest): Described {
  if (error instanceof AppError) {
    // A failure translated into a problem (a full disk, an I/O error): the driver's words are logged.
    if (error.status >= 500 && error.cause !== undefined) {
      request.log.error({ err: error.cause }, error.message);
    }
    return { problem: error.toProblem(request.url), headers: error.headers };
  }
  const failure = (error ?? {}) as Partial<FastifyError>;

  if (hasZodFastifySchemaValidationErrors(error) || failure.validation) {
    const location =
      LOCATIONS[failure.validationContext ?? ''] ?? failure.validationContext ?? 'request';
    const errors = (failure.validation ?? []).flatMap((issue) =>
      fieldErrors(
        [location, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
        issue.keyword,
        issue.message,
        issue.params,
      ),
    );
    const fields = errors.map((e) => e.path).join(', ');
    return {
      problem: {
        type: problemType('validation'),
        title: 'Invalid request',
        status: 400,
        detail: `Invalid ${fields}.`,
        instance: request.url,
        errors,
      },
      headers: {},
    };
  }

  const status = typeof failure.statusCode === 'number' ? failure.statusCode : 500;
  if (status >= 400 && status < 500 && !isResponseSerializationError(error)) {
    return {
      problem: {
        type: problemType(failure.code ? failure.code.toLowerCase() : 'http'),
        title: httpTitle(status),
        status,
        detail: String(failure.message ?? httpTitle(status)),
        instance: request.url,
      },
      headers: {},
    };
  }

  request.log.error({ err: error }, 'request failed');
  return { problem: internalProblem(request), headers: {} };
}

function internalProblem(request: FastifyRequest): Problem {
  return {
    type: problemType('internal'),
    title: 'Internal Server Error',
    status: 500,
    detail: 'The server failed to handle this request; the error is logged.',
    instance: request.url,
  };
}

/** Past fastify's hooks (they already failed once): the status, the headers set so far, the body. */
function writeDirectly(reply: FastifyReply, problem: Problem, headers: Record<string, string>) {
  reply.hijack();
  const body = serialise(problem);
  const raw = reply.raw;
  if (raw.headersSent || raw.destroyed) {
    raw.destroy();
    return;
  }
  raw.writeHead(problem.status, {
    ...Object.fromEntries(
      Object.entries(reply.getHeaders()).filter(
        ([name, value]) => value !== undefined && !/^content-(type|length)$/i.test(name),
      ),
    ),
    ...headers,
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(body),
  });
  raw.end(body);
}

type Issue = { code?: string; path?: PropertyKey[]; message?: string } & Record<string, unknown>;

/** One error per field: unknown keys one by one, and for alternatives the closest one's errors. */
function fieldErrors(
  path: string,
  code: string,
  message: string | undefined,
  params: Record<string, unknown>,
): FieldError[] {
  if (code === 'unrecognized_keys' && Array.isArray(params.keys)) {
    // No mass assignment: name each field that cannot be set, and say why.
    return params.keys.map((key) => ({
      path: `${path}.${String(key)}`,
      message: SERVER_OWNED.has(String(key))
        ? 'is set by the server, not by a request'
        : 'is not a field of this request',
    }));
  }
  if (code === 'invalid_union' && Array.isArray(params.errors) && params.errors.length > 0) {
    const branches = params.errors as Issue[][];
    const closest = branches.reduce((best, branch) =>
      branch.length < best.length ? branch : best,
    );
    return closest.flatMap(({ code: inner, path: at, message: text, ...rest }) =>
      fieldErrors([path, ...(at ?? []).map(String)].join('.'), inner ?? 'custom', text, rest),
    );
  }
  return [{ path, message: message ?? 'is invalid' }];
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  // Sent as text already made: no serializer (a route's response schema included) can fail on it.
  return reply.code(problem.status).type('application/problem+json').send(serialise(problem));
}

/** The problem as JSON; a member that cannot be written (a BigInt, a cycle) costs only itself. */
function serialise(problem: Problem): string {
  try {
    return JSON.stringify(problem);
  } catch {
    const { type, title, status, detail, instance } = problem;
    return JSON.stringify({ type, title, status, detail, instance });
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
};

function httpTitle(status: number): string {
  return TITLES[status] ?? 'Request Error';
}
