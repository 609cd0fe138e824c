import { z } from 'zod';

/** RFC 9457 problem details, the one shape of every error response. */
export const ProblemSchema = z
  .object({
    type: z.string().describe('URI naming the kind of problem'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z
            .string()
            .describe('Where the problem is, e.g. `query.limit` or `body.quotes.0.exact`'),
          message: z.string(),
        }),
      )
      .optional()
      .describe('One entry per invalid field (validation problems)'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (`application/problem+json`)' });

export type Problem = z.infer<typeof ProblemSchema>;
export type FieldError = NonNullable<Problem['errors']>[number];

const TYPE_PREFIX = 'urn:factcheck:problem:';

/** An error the API reports to the client as a problem document. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
  }

  toProblem(instance?: string): Problem {
    return {
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
    super(400, 'validation', 'Invalid request', detail, errors);
  }
}

export function problemType(code: string): string {
  return `${TYPE_PREFIX}${code}`;
}
