import { z } from 'zod';

/** RFC 9457 problem details, the one shape of every error response. */
export const ProblemSchema = z
  .object({
    type: z.string().describe('URI naming the kind of problem'),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    instance: z.string().optional(),
    currentVersion: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('With 412: the version the resource has now'),
    errors: z
      .array(
        z.object({
          path: z
            .string()
            .describe('Where the problem is, e.g. `query.limit` or `body.quotes.0.exact`'),
          message: z.string(),
          type: z
            .string()
            .optional()
            .describe('With an import: the kind of problem this record has (a problem type URI)'),
        }),
      )
      .optional()
      .describe('One entry per invalid field (validation problems)'),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details (`application/problem+json`)',
    examples: [
      {
        type: 'urn:factcheck:problem:not-found',
        title: 'Not Found',
        status: 404,
        detail: "No claim has the id or slug 'pompeo-iran-al-qaeda-home-base'.",
        instance: '/claims/pompeo-iran-al-qaeda-home-base',
      },
    ],
  });

export type Problem = z.infer<typeof ProblemSchema>;
export type FieldError = NonNullable<Problem['errors']>[number];

const TYPE_PREFIX = 'urn:factcheck:problem:';

type ProblemOptions = {
  /** One entry per invalid field. */
  errors?: FieldError[];
  /** Response headers the problem calls for (e.g. `WWW-Authenticate`). */
  headers?: Record<string, string>;
  /** Extension members of the problem document (e.g. `currentVersion`). */
  extensions?: Record<string, unknown>;
};

/** An error the API reports to the client as a problem document. */
export class AppError extends Error {
  readonly errors?: FieldError[];
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    options: ProblemOptions = {},
  ) {
    super(detail);
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }

  toProblem(instance?: string): Problem {
    return {
      ...this.extensions,
      type: `${TYPE_PREFIX}${this.code}`,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string, idOrSlug: string) {
    super(404, 'not-found', 'Not Found', `No ${entity} has the id or slug '${idOrSlug}'.`);
  }
}

export class ValidationError extends AppError {
  constructor(detail: string, errors: FieldError[]) {
    super(400, 'validation', 'Invalid request', detail, { errors });
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail: string, challenge: string) {
    super(401, 'unauthorized', 'Unauthorized', detail, {
      headers: { 'WWW-Authenticate': challenge },
    });
  }
}

export class ForbiddenError extends AppError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, errors?: FieldError[]) {
    super(409, 'conflict', 'Conflict', detail, { errors });
  }
}

/** If-Match named a version that is no longer current. */
export class PreconditionFailedError extends AppError {
  constructor(entity: string, currentVersion: number) {
    super(
      412,
      'stale-version',
      'Precondition Failed',
      `The ${entity} has changed: its current version is ${currentVersion}. Fetch it again and retry.`,
      { extensions: { currentVersion } },
    );
  }
}

/** The request is well-formed but breaks a rule of the record (quote anchoring, verdicts). */
export class UnprocessableError extends AppError {
  constructor(code: string, detail: string, errors?: FieldError[]) {
    super(422, code, 'Unprocessable Content', detail, { errors });
  }
}

/** The record is busy with another write (an import) for longer than a request waits: retry. */
export class BusyError extends AppError {
  constructor(
    detail = 'The record is busy with another write (an import); retry shortly.',
    retryAfterSeconds = 5,
  ) {
    super(503, 'busy', 'Service Unavailable', detail, {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

export function problemType(code: string): string {
  return `${TYPE_PREFIX}${code}`;
}
