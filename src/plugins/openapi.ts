import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { OpenAPIV3_1 } from 'openapi-types';
import { EXPLORER_LOOK } from './explorer-look.js';
import { type ExampleSet, withExamples } from './openapi-examples.js';
import { operationsOf } from './openapi-operations.js';

export const API_TAGS = [
  { name: 'claims', description: 'Assertions someone made, with quotes, status and links' },
  { name: 'actors', description: 'People and organisations that make claims' },
  { name: 'sources', description: 'Where statements appear, with their text' },
  { name: 'evidence', description: 'Items that support, refute or give context to a claim' },
  { name: 'catalog', description: 'Tags and statistics' },
  { name: 'import-export', description: 'Bundles in and out' },
  { name: 'keys', description: 'API keys (admin)' },
  { name: 'audit', description: 'Who changed what, when (admin)' },
  { name: 'system', description: 'Health' },
];

/** OpenAPI 3.1 from the routes' zod schemas at /openapi.json, Swagger UI at /docs. */
export const openApiPlugin = fp(
  async (
    app: FastifyInstance,
    opts: {
      version: string;
      readRequiresKey: boolean;
      /** Asked when the document is first made: the server listens by then (see base-url.ts). */
      publicBaseUrl: () => string;
      /** Realistic values from the seeded record, for the explorer to show and send. */
      examples: ExampleSet[];
    },
  ) => {
    // Operations anyone may call whatever the settings (health, the document itself).
    const open = new Set<string>();
    app.addHook('onRoute', (route) => {
      const id = (route.schema as { operationId?: unknown } | undefined)?.operationId;
      if (route.config?.public === true && typeof id === 'string') open.add(id);
    });
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Factcheck API',
          description:
            'The public record of who claimed what, where, and how it stands. Errors are RFC 9457 `application/problem+json`; lists use cursor pagination (`{ items, nextCursor }`).',
          version: opts.version,
          license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
        },
        tags: API_TAGS,
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API key (`npm run keys -- create`); press Authorize and paste it.',
            },
          },
        },
        ...(opts.readRequiresKey ? { security: [{ bearerAuth: [] }] } : {}),
      },
      transform: jsonSchemaTransform,
      transformObject: (document) =>
        withServer(
          withExamples(
            withRealisticBounds(
              withoutUnusedSchemas(
                withMediaTypes(
                  withResponseHeaders(
                    polishResponses(
                      withSharedResponses(
                        withPublicOperations(
                          withParameterDescriptions(jsonSchemaTransformObject(document)),
                          (operation, method) =>
                            open.has(operation.operationId ?? '')
                              ? true
                              : !opts.readRequiresKey && (method === 'get' || method === 'head'),
                        ),
                      ),
                    ),
                  ),
                ),
              ),
            ),
            opts.examples,
          ),
          opts.publicBaseUrl(),
        ),
    });
    await app.register(swaggerUi, { routePrefix: '/docs', ...EXPLORER_LOOK });
    app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () =>
      app.swagger(),
    );
  },
);

type Document = ReturnType<typeof jsonSchemaTransformObject>;

/** The server the document names, and where its explorer is: PUBLIC_BASE_URL or the listened one. */
function withServer(document: Document, baseUrl: string): Document {
  const doc = document as OpenAPIV3_1.Document;
  doc.servers = [{ url: baseUrl, description: 'This server (PUBLIC_BASE_URL)' }];
  doc.info.contact = { name: 'Factcheck API', url: `${baseUrl}/docs` };
  return document;
}

const DESCRIPTIONS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created: `Location` names the new resource, `ETag` its version',
  '204': 'Done; no body',
  '304': 'Not modified: the copy with this ETag is current',
  '400': 'Invalid request: `errors` names each field',
  '401': 'No valid API key (`WWW-Authenticate` says why)',
  '403': 'The API key’s role may not do this',
  '404': 'No such resource',
  '405': 'The path answers other methods: `Allow` lists them',
  '409': 'Conflicts with the record as it stands (`detail` says with what)',
  '412': 'If-Match named a stale version, or `If-None-Match: *` an existing resource',
  '408': 'The request body did not arrive in time',
  '413': 'Body over the size limit',
  '415': 'Body is not of a media type this operation takes',
  '422': 'Breaks a rule of the record (`errors` names what)',
  '429': 'Over a rate limit: `Retry-After` says when to retry',
  '500': 'Server error (logged; no details)',
  '503':
    'The database is busy with another write, or cannot be reached: `Retry-After` says when to retry',
  '507': 'The database has no room left for the write',
};

const PROBLEM_CONTENT = {
  'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
};

const RATE_LIMIT_HEADERS: Record<string, OpenAPIV3_1.HeaderObject> = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
  RateLimit: {
    description: 'Where the client stands: `"<policy>";r=<requests left>;t=<seconds to reset>`',
    schema: { type: 'string' },
  },
  'RateLimit-Policy': {
    description:
      'The budgets that applied: `"<policy>";q=<requests>;w=<window in seconds>`; the policies are `reads`, `writes` and `bad-keys` (requests with a bad API key)',
    schema: { type: 'string' },
  },
};

/**
 * What any operation may answer whatever its route says: 401 to a key that is malformed, unknown
 * or revoked (sent even where no key is needed), 429 over a rate limit; and on a PATCH or DELETE
 * that takes If-Match, the `If-None-Match: *` that makes it fail with 412 on an existing resource.
 */
function withSharedResponses(document: Document): Document {
  for (const [method, operation] of operationsOf(document)) {
    operation.responses ??= {};
    const responses = operation.responses;
    // Whatever the route: a URL that cannot be decoded, a body too large, of another media type
    // or too slow to arrive, and a database that is busy, unavailable or full.
    responses['400'] ??= { description: DESCRIPTIONS['400'] ?? '', content: PROBLEM_CONTENT };
    // A path that lands on another route (`/claims/./evidence` is `/claims/evidence`).
    responses['405'] ??= {
      description: DESCRIPTIONS['405'] ?? '',
      headers: { Allow: HEADERS.Allow ?? { schema: { type: 'string' } } },
      content: PROBLEM_CONTENT,
    };
    responses['408'] ??= { description: DESCRIPTIONS['408'] ?? '', content: PROBLEM_CONTENT };
    responses['413'] ??= { description: DESCRIPTIONS['413'] ?? '', content: PROBLEM_CONTENT };
    responses['415'] ??= { description: DESCRIPTIONS['415'] ?? '', content: PROBLEM_CONTENT };
    responses['503'] ??= {
      description: DESCRIPTIONS['503'] ?? '',
      headers: { 'Retry-After': RATE_LIMIT_HEADERS['Retry-After'] ?? {} },
      content: PROBLEM_CONTENT,
    };
    if (method !== 'get' && method !== 'head') {
      responses['507'] ??= { description: DESCRIPTIONS['507'] ?? '', content: PROBLEM_CONTENT };
    }
    responses['401'] ??= {
      description: 'The API key sent is malformed, unknown or revoked (`WWW-Authenticate` says so)',
      content: PROBLEM_CONTENT,
    };
    responses['429'] ??= {
      description: DESCRIPTIONS['429'] ?? 'Too Many Requests',
      headers: RATE_LIMIT_HEADERS,
      content: PROBLEM_CONTENT,
    };
    const parameters = (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[];
    const conditional = parameters.some((p) => p.in === 'header' && p.name === 'if-match');
    if ((method === 'patch' || method === 'delete') && conditional) {
      const named = parameters.some((p) => p.in === 'header' && p.name === 'if-none-match');
      if (!named) {
        operation.parameters = [
          ...parameters,
          {
            in: 'header',
            name: 'if-none-match',
            required: false,
            description: '`*`: only if the resource does not exist; since it does, 412',
            schema: { type: 'string' },
          },
        ];
      }
    }
  }
  return document;
}

/** Components answered with their version as `ETag` (see src/http/etag.ts). */
const VERSIONED = new Set(['Claim', 'Actor', 'Source', 'Evidence']);

/** `required`: every answer of its response carries it (the fuzz test's oracle checks). */
const HEADERS: Record<string, OpenAPIV3_1.HeaderObject> = {
  ETag: {
    required: true,
    description:
      'The version of the resource, `"<version>-<digest>"`: send it back as `If-Match` to change it only at that version, or `If-None-Match` to get a 304 while it is current',
    schema: { type: 'string' },
    example: '"3-9f86d081884c"',
  },
  Location: {
    required: true,
    description: 'Where the new resource is read',
    schema: { type: 'string', format: 'uri-reference' },
    example: '/claims/clm_0mwyk1lmy2vin0v0q8rqz',
  },
  'Idempotent-Replayed': {
    description:
      '`true` when this is the stored answer to an earlier request with the same `Idempotency-Key` (nothing was written again)',
    schema: { type: 'string', enum: ['true'] },
  },
  'WWW-Authenticate': {
    required: true,
    description:
      'The challenge: `Bearer realm="factcheck"`, with `error="invalid_token"` when a key was sent and refused',
    schema: { type: 'string' },
  },
  Allow: {
    required: true,
    description: 'The methods the path answers',
    schema: { type: 'string' },
  },
  Vary: {
    required: true,
    description: 'The request headers the answer depends on',
    schema: { type: 'string' },
  },
};

/**
 * Each response names the headers a client may read on it: the version of a resource (`ETag`),
 * where a new one lives (`Location`), a replayed answer (`Idempotent-Replayed`), the challenge of
 * a 401.
 */
function withResponseHeaders(document: Document): Document {
  const header = (name: string): OpenAPIV3_1.HeaderObject => HEADERS[name] ?? { schema: {} };
  for (const [, operation] of operationsOf(document)) {
    const idempotent = ((operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[]).some(
      (parameter) => parameter.in === 'header' && parameter.name === 'idempotency-key',
    );
    for (const [code, answer] of Object.entries(operation.responses ?? {})) {
      if ('$ref' in answer) continue;
      const response = answer as OpenAPIV3_1.ResponseObject;
      const headers: Record<string, OpenAPIV3_1.HeaderObject> = { ...response.headers };
      const schema = JSON.stringify(response.content?.['application/json']?.schema ?? null);
      const versioned = [...schema.matchAll(/"#\/components\/schemas\/(\w+)"/g)].some(([, name]) =>
        VERSIONED.has(name ?? ''),
      );
      if ((code === '200' || code === '201') && versioned) headers.ETag = header('ETag');
      if (code === '304') headers.ETag = header('ETag');
      if (code === '201') headers.Location = header('Location');
      if (idempotent && Number(code) < 300)
        headers['Idempotent-Replayed'] = header('Idempotent-Replayed');
      if (code === '401') headers['WWW-Authenticate'] = header('WWW-Authenticate');
      if (operation.operationId === 'exportRecord' && code === '200') headers.Vary = header('Vary');
      // JSON or the claim's page, by Accept: a 304 answers for one of the two.
      if (operation.operationId === 'getClaim' && (code === '200' || code === '304'))
        headers.Vary = header('Vary');
      if (Object.keys(headers).length > 0) response.headers = headers;
    }
  }
  return document;
}

/**
 * Every parameter says what it is: one whose schema is a named shape (a date, a language tag)
 * takes the description given with it, or the shape's own.
 */
function withParameterDescriptions(document: Document): Document {
  const schemas = (document as OpenAPIV3_1.Document).components?.schemas ?? {};
  for (const [, operation] of operationsOf(document)) {
    for (const parameter of (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[]) {
      if (parameter.description) continue;
      const schema = (parameter.schema ?? {}) as OpenAPIV3_1.SchemaObject & { $ref?: string };
      const named = schema.$ref ? schemas[schema.$ref.split('/').pop() ?? ''] : undefined;
      const description = schema.description ?? named?.description;
      if (description) parameter.description = description;
    }
  }
  return document;
}

/**
 * Operations that need no key say so (`security: []`), so that a client does not send one, and
 * the explorer does not show them locked; the others keep theirs (or the document's).
 */
function withPublicOperations(
  document: Document,
  isPublic: (operation: OpenAPIV3_1.OperationObject, method: string) => boolean,
): Document {
  for (const [method, operation] of operationsOf(document)) {
    if (operation.security === undefined && isPublic(operation, method)) operation.security = [];
  }
  return document;
}

/** The same schema as the operation's JSON entry (JSON-LD is JSON). */
const AS_JSON = 'as-json';

type MediaTypes = {
  types: Record<string, OpenAPIV3_1.MediaTypeObject | typeof AS_JSON>;
  /** Served in these types only, not as `application/json`. */
  only?: boolean;
};

const NDJSON_RECORDS =
  'One record a line, each a bundle record with its `type` (actor, source, claim, quote, link, evidence, status)';

const CLAIM_REVIEW = { $ref: '#/components/schemas/ClaimReview' };

/** What a fact-checker publishes: one review, several, a page's `@graph`, or a DataFeed. */
const CLAIM_REVIEW_DOCUMENT: OpenAPIV3_1.SchemaObject = {
  description:
    'ClaimReview JSON-LD as fact-checkers publish it: one ClaimReview, an array of them, a page’s JSON-LD with `@graph`, or a schema.org DataFeed whose `dataFeedElement`s hold them (other nodes are skipped)',
  anyOf: [
    CLAIM_REVIEW,
    { type: 'array', items: CLAIM_REVIEW },
    {
      type: 'object',
      required: ['@graph'],
      properties: { '@graph': { type: 'array', items: {} } },
    },
    {
      type: 'object',
      required: ['dataFeedElement'],
      properties: { '@type': { const: 'DataFeed' }, dataFeedElement: { type: 'array', items: {} } },
    },
  ],
};

/** What a browser following a ClaimReview's `url` gets (abridged). */
const CLAIM_PAGE_EXAMPLE = [
  '<!DOCTYPE html>',
  '<html lang="en">',
  '<head><meta charset="utf-8"><title>Unsubstantiated: Iran is al-Qaeda’s new home base.</title>',
  '<script type="application/ld+json">{"@context":"https://schema.org","@type":"ClaimReview",…}</script></head>',
  '<body><main><article><h1 lang="en">Iran is al-Qaeda’s new home base.</h1>',
  '<p>Claimed by <strong>Mike Pompeo</strong> (person), 2021-01-12</p>',
  '<section><h2>Status</h2><p><span class="status">Unsubstantiated</span></p>…</section>',
  '</article></main></body>',
  '</html>',
].join('\n');

/** The media types an operation takes or answers besides plain JSON. */
const MEDIA_TYPES: Record<string, { request?: MediaTypes; ok?: MediaTypes }> = {
  getClaim: {
    ok: {
      types: {
        'text/html': {
          schema: {
            type: 'string',
            description:
              'With `Accept` preferring `text/html` (a browser): the claim’s page, with its quotes, related claims, evidence and status history, and its ClaimReview (as `GET /claims/{id}/claimreview` answers it) in a JSON-LD script element (`application/ld+json`, data a crawler reads). It runs no script.',
          },
          example: CLAIM_PAGE_EXAMPLE,
        },
      },
    },
  },
  getClaimReview: { ok: { types: { 'application/ld+json': AS_JSON }, only: true } },
  exportClaimReviews: { ok: { types: { 'application/ld+json': AS_JSON }, only: true } },
  exportRecord: {
    ok: {
      types: {
        'application/x-ndjson': {
          schema: {
            type: 'string',
            description: `With \`Accept: application/x-ndjson\`. ${NDJSON_RECORDS}`,
          },
        },
      },
    },
  },
  importBundle: {
    request: {
      types: {
        'application/json': { schema: { $ref: '#/components/schemas/Bundle' } },
        'application/x-ndjson': {
          schema: { type: 'string', description: `${NDJSON_RECORDS}; streamed` },
        },
      },
    },
  },
  importClaimReviews: {
    request: {
      types: {
        'application/json': { schema: CLAIM_REVIEW_DOCUMENT },
        'application/ld+json': { schema: CLAIM_REVIEW_DOCUMENT },
      },
    },
  },
};

/** Operations that take or answer other media types than JSON say so, with their schemas. */
function withMediaTypes(document: Document): Document {
  for (const [, operation] of operationsOf(document)) {
    const media = MEDIA_TYPES[operation.operationId ?? ''];
    if (!media) continue;
    const body = operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
    if (media.request && body) body.content = retyped(body.content, media.request);
    const ok = operation.responses?.['200'] as OpenAPIV3_1.ResponseObject | undefined;
    if (media.ok && ok?.content) ok.content = retyped(ok.content, media.ok);
  }
  return document;
}

function retyped(
  content: Record<string, OpenAPIV3_1.MediaTypeObject>,
  media: MediaTypes,
): Record<string, OpenAPIV3_1.MediaTypeObject> {
  const json = content['application/json'] ?? {};
  const result: Record<string, OpenAPIV3_1.MediaTypeObject> = media.only ? {} : { ...content };
  for (const [type, entry] of Object.entries(media.types)) {
    result[type] = entry === AS_JSON ? json : entry;
  }
  return result;
}

/**
 * Every response gets a description that says what it means, and error responses say they are
 * problem documents (`application/problem+json`).
 */
function polishResponses(document: Document): Document {
  for (const [, operation] of operationsOf(document)) {
    const responses = operation.responses ?? {};
    for (const [code, response] of Object.entries(responses)) {
      if ('description' in response && response.description === 'Default Response') {
        response.description = DESCRIPTIONS[code] ?? response.description;
      }
      if (Number(code) < 400 || !('content' in response) || !response.content) continue;
      const json = response.content['application/json'];
      if (json) response.content = { 'application/problem+json': json };
    }
  }
  return document;
}

/**
 * The type provider emits every registered shape twice (input and output variants); keep only the
 * components that the operations actually reference, directly or through other components.
 */
function withoutUnusedSchemas(document: Document): Document {
  const doc = document as OpenAPIV3_1.Document;
  const schemas = doc.components?.schemas;
  if (!schemas) return document;
  const used = new Set<string>();
  const pending = [...refsIn(doc.paths)];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (used.has(name)) continue;
    used.add(name);
    pending.push(...refsIn(schemas[name]));
  }
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
  return document;
}

function refsIn(value: unknown): string[] {
  const json = JSON.stringify(value ?? null);
  return [...json.matchAll(/"#\/components\/schemas\/([^"]+)"/g)].flatMap((m) =>
    m[1] ? [m[1]] : [],
  );
}

/** JavaScript's safe-integer limits say nothing about a count or a version: left out. */
const SAFE_LIMITS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

/**
 * Bounds a reader can use: no ±2^53 on integers (zod puts them on every `int()`), and no regular
 * expression beside a `date-time` or `date` format, which says the same in words a reader and a
 * generator know.
 */
function withRealisticBounds(document: Document): Document {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Record<string, unknown>;
    for (const key of ['minimum', 'maximum']) {
      if (typeof schema[key] === 'number' && SAFE_LIMITS.has(schema[key])) delete schema[key];
    }
    if (schema.format === 'date-time' || schema.format === 'date') delete schema.pattern;
    for (const value of Object.values(schema)) visit(value);
  };
  visit(document);
  return document;
}
