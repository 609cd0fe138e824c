import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from '@fastify/type-provider-zod';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type FieldError, type Problem, problemType } from '../lib/problem.js';

const SERVER_OWNED = new Set(['id', 'version', 'createdAt', 'updatedAt', 'history', 'seq']);

const LOCATIONS: Record<string, string> = {
  querystring: 'query',
  params: 'path',
  body: 'body',
  headers: 'header',
};

/** One error shape for the whole API: RFC 9457 problem+json; 5xx details stay in the log. */
export const problemsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      reply.headers(error.headers);
      return sendProblem(reply, error.toProblem(request.url));
    }

    if (hasZodFastifySchemaValidationErrors(error) || error.validation) {
      const location =
        LOCATIONS[error.validationContext ?? ''] ?? error.validationContext ?? 'request';
      const errors = (error.validation ?? []).flatMap((issue) =>
        fieldErrors(
          [location, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
          issue.keyword,
          issue.message,
          issue.params,
        ),
      );
      const fields = errors.map((e) => e.path).join(', ');
      return sendProblem(reply, {
        type: problemType('validation'),
        title: 'Invalid request',
        status: 400,
        detail: `Invalid ${fields}.`,
        instance: request.url,
        errors,
      });
    }

    const status = error.statusCode ?? 500;
    if (status < 500 && !isResponseSerializationError(error)) {
      return sendProblem(reply, {
        type: problemType(error.code ? error.code.toLowerCase() : 'http'),
        title: httpTitle(status),
        status,
        detail: error.message,
        instance: request.url,
      });
    }

    request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, {
      type: problemType('internal'),
      title: 'Internal Server Error',
      status: 500,
      detail: 'The server failed to handle this request; the error is logged.',
      instance: request.url,
    });
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) =>
    sendProblem(reply, {
      type: problemType('not-found'),
      title: 'Not Found',
      status: 404,
      detail: `No route ${request.method} ${request.url.split('?')[0]}.`,
      instance: request.url,
    }),
  );
});

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
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .serializer(JSON.stringify)
    .send(problem);
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
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
