import type { OpenAPIV3_1 } from 'openapi-types';
import type { z } from 'zod';
import { operationsOf } from './openapi-operations.js';

/** A realistic value of a named schema (a component), from the seeded record. */
export type SchemaExample = { schema: z.ZodType; value: unknown };

/** What an answer of the schema looks like: typed, so an example cannot drift from its shape. */
export function answerExample<T extends z.ZodType>(schema: T, value: z.output<T>): SchemaExample {
  return { schema, value };
}

/** What a client sends in the schema's shape. */
export function requestExample<T extends z.ZodType>(schema: T, value: z.input<T>): SchemaExample {
  return { schema, value };
}

/**
 * What the explorer fills in for one operation. Required parameters (the path's) are prefilled
 * and must name records of the freshly seeded record; optional ones are documented only, so that
 * the prefilled request stays the plain one. `body` overrides the body schema's own example where
 * the operation needs its own (a status change for this claim, a link to that one); `requests` and
 * `answers` give examples of other media types (NDJSON) than JSON.
 */
export type OperationExample = {
  parameters?: Record<string, string | number | boolean | string[]>;
  body?: SchemaExample;
  requests?: Record<string, unknown>;
  answers?: Record<string, unknown>;
  /** The operation whose example adds what this one's removes: to run first. */
  after?: string;
};

export type ExampleSet = {
  schemas?: SchemaExample[];
  operations?: Record<string, OperationExample>;
};

type Document = OpenAPIV3_1.Document;

/**
 * Puts the examples into the document: each schema's on its component (and on its input variant),
 * each operation's on its parameters and bodies, and on every problem response one of its kind.
 */
export function withExamples<D>(document: D, sets: ExampleSet[]): D {
  const doc = document as Document;
  doc.components ??= {};
  const components = doc.components.schemas ?? {};
  for (const { schema, value } of sets.flatMap((set) => set.schemas ?? [])) {
    const id = schema.meta()?.id;
    if (id === undefined) throw new Error('An example needs a schema with an id (a component)');
    for (const name of [id, `${id}Input`]) {
      const component = components[name];
      if (component) component.examples = [value];
    }
  }
  doc.components.examples = problemExamples();
  const operations = Object.assign({}, ...sets.map((set) => set.operations ?? {})) as Record<
    string,
    OperationExample
  >;
  for (const [method, operation] of operationsOf(document)) {
    exemplify(method, operation, operations[operation.operationId ?? ''] ?? {});
    withProblemExamples(operation);
  }
  return document;
}

/** Parameters many operations take, with the same meaning everywhere. */
const COMMON_PARAMETERS: Record<string, string | number> = {
  limit: 20,
  cursor:
    'eyJzb3J0Ijoic2x1ZyIsImtleSI6ImtoYXRpYnphZGVoLXN0YXRlLW1lZGlhLXJlbWFya3MiLCJ0aWUiOiJraGF0aWJ6YWRlaC1zdGF0ZS1tZWRpYS1yZW1hcmtzIiwiZmlsdGVycyI6IlQxUE5vWXdycWd3RCJ9',
  'if-match': '"1-5e8d26cd6aba"',
  'if-none-match': '"1-5e8d26cd6aba"',
  'idempotency-key': '9b2f6c1e-4d3a-4f7b-8e21-6a5c0d9e7f13',
};

function exemplify(
  method: string,
  operation: OpenAPIV3_1.OperationObject,
  example: OperationExample,
): void {
  for (const parameter of (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[]) {
    // On a change, `If-None-Match` has one use: `*`, to refuse the change (see its description).
    const changing = method === 'patch' || method === 'delete';
    const common =
      parameter.name === 'if-none-match' && changing ? '*' : COMMON_PARAMETERS[parameter.name];
    const value = example.parameters?.[parameter.name] ?? common;
    if (value === undefined) continue;
    if (parameter.required) parameter.example = value;
    // Optional ones would be sent by the explorer, filter upon filter: documented, not prefilled.
    else Object.assign(parameter, { schema: { ...parameter.schema, examples: [value] } });
  }
  const content = (operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content;
  for (const [type, media] of Object.entries(content ?? {})) {
    const value = /[/+]json$/.test(type) ? example.body?.value : example.requests?.[type];
    if (value !== undefined) media.example = value;
  }
  const ok = operation.responses?.['200'] as OpenAPIV3_1.ResponseObject | undefined;
  for (const [type, value] of Object.entries(example.answers ?? {})) {
    const media = ok?.content?.[type];
    if (media) media.example = value;
  }
  if (example.after) {
    operation.description = `${operation.description ?? ''}\n\nThe prefilled example removes what the \`${example.after}\` example adds: run that one first.`;
  }
}

/** One problem of each kind an operation may answer, as the server words it. */
const PROBLEMS: Record<string, { type: string; title: string; detail: string; extra?: object }> = {
  '400': {
    type: 'validation',
    title: 'Invalid request',
    detail: 'Invalid body.kind.',
    extra: {
      errors: [
        { path: 'body.kind', message: 'Invalid option: expected one of "person"|"organization"' },
      ],
    },
  },
  '401': {
    type: 'unauthorized',
    title: 'Unauthorized',
    detail: 'This request needs an API key: send `Authorization: Bearer <key>`.',
  },
  '403': {
    type: 'forbidden',
    title: 'Forbidden',
    detail: "This request needs the admin role; key 'fact-desk' is editor.",
  },
  '404': {
    type: 'not-found',
    title: 'Not Found',
    detail: "No claim has the id or slug 'pompeo-iran-al-qaeda-home-base'.",
  },
  '405': {
    type: 'method-not-allowed',
    title: 'Method Not Allowed',
    detail: '/claims answers GET, HEAD, POST, not PUT.',
  },
  '408': {
    type: 'request-timeout',
    title: 'Request Timeout',
    detail: 'The request body did not arrive within 30 s.',
  },
  '409': {
    type: 'conflict',
    title: 'Conflict',
    detail: "The slug 'mike-pompeo' is taken by another actor.",
    extra: {
      errors: [{ path: 'body.slug', message: 'is taken by actor act_0mwypwcqlzwmvk7q9omxt' }],
    },
  },
  '412': {
    type: 'stale-version',
    title: 'Precondition Failed',
    detail: 'The claim has changed: its current version is 2. Fetch it again and retry.',
    extra: { currentVersion: 2 },
  },
  '413': {
    type: 'body-too-large',
    title: 'Content Too Large',
    detail: 'The body is over 1048576 bytes.',
  },
  '415': {
    type: 'fst_err_ctp_invalid_media_type',
    title: 'Unsupported Media Type',
    detail: 'Unsupported Media Type',
  },
  '422': {
    type: 'quote-not-anchored',
    title: 'Unprocessable Content',
    detail: '1 quote problem(s); nothing was written.',
    extra: {
      errors: [
        {
          path: 'body.quotes.0',
          message: 'quote "al-Qaeda’s new home base" is not in the source text',
        },
      ],
    },
  },
  '429': {
    type: 'rate-limited',
    title: 'Too Many Requests',
    detail: 'Too many writes from this client (60 per 60 s); retry in 12 s.',
  },
  '500': {
    type: 'internal',
    title: 'Internal Server Error',
    detail: 'The server failed to handle this request; the error is logged.',
  },
  '503': {
    type: 'busy',
    title: 'Service Unavailable',
    detail: 'The record is busy with another write (an import); retry shortly.',
  },
  '507': {
    type: 'storage-full',
    title: 'Insufficient Storage',
    detail:
      'The database has no room left for this write (its disk or quota is full); nothing was written. Retry once space has been freed.',
  },
};

const problemExampleName = (code: string) => `problem-${code}`;

function problemExamples(): Record<string, OpenAPIV3_1.ExampleObject> {
  return Object.fromEntries(
    Object.entries(PROBLEMS).map(([code, problem]) => [
      problemExampleName(code),
      {
        summary: problem.title,
        value: {
          type: `urn:factcheck:problem:${problem.type}`,
          title: problem.title,
          status: Number(code),
          detail: problem.detail,
          instance: '/claims/pompeo-iran-al-qaeda-new-home-base',
          ...problem.extra,
        },
      },
    ]),
  );
}

/** Each problem response refers to the example of its kind (one copy in the document). */
function withProblemExamples(operation: OpenAPIV3_1.OperationObject): void {
  const responses = operation.responses ?? {};
  for (const [code, response] of Object.entries(responses)) {
    if ('$ref' in response || !PROBLEMS[code]) continue;
    const problem = response.content?.['application/problem+json'];
    if (!problem) continue;
    // Copies: one response object may serve several codes, and several operations.
    const name = problemExampleName(code);
    responses[code] = {
      ...response,
      content: {
        ...response.content,
        'application/problem+json': {
          ...problem,
          examples: { [name]: { $ref: `#/components/examples/${name}` } },
        },
      },
    };
  }
}
