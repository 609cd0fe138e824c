import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from '@fastify/type-provider-zod';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { OpenAPIV3_1 } from 'openapi-types';

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
  async (app: FastifyInstance, opts: { version: string; readRequiresKey: boolean }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Factcheck API',
          description:
            'The public record of who claimed what, where, and how it stands. Errors are RFC 9457 `application/problem+json`; lists use cursor pagination (`{ items, nextCursor }`).',
          version: opts.version,
          license: { name: 'MIT', identifier: 'MIT' },
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
        withoutUnusedSchemas(polishResponses(jsonSchemaTransformObject(document))),
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () =>
      app.swagger(),
    );
  },
);

type Document = ReturnType<typeof jsonSchemaTransformObject>;

const DESCRIPTIONS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created: `Location` names the new resource, `ETag` its version',
  '204': 'Done; no body',
  '304': 'Not modified: the copy with this ETag is current',
  '400': 'Invalid request: `errors` names each field',
  '401': 'No valid API key (`WWW-Authenticate` says why)',
  '403': 'The API key’s role may not do this',
  '404': 'No such resource',
  '409': 'Conflicts with the record as it stands (`detail` says with what)',
  '412': 'If-Match named a stale version (`currentVersion` in the body)',
  '413': 'Body over the size limit',
  '415': 'Body is not JSON',
  '422': 'Breaks a rule of the record (`errors` names what)',
  '500': 'Server error (logged; no details)',
  '503': 'The database cannot be queried',
};

/**
 * Every response gets a description that says what it means, and error responses say they are
 * problem documents (`application/problem+json`).
 */
function polishResponses(document: Document): Document {
  const paths = (document as OpenAPIV3_1.Document).paths ?? {};
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item ?? {})) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation))
        continue;
      const responses = (operation as OpenAPIV3_1.OperationObject).responses ?? {};
      for (const [code, response] of Object.entries(responses)) {
        if ('description' in response && response.description === 'Default Response') {
          response.description = DESCRIPTIONS[code] ?? response.description;
        }
        if (Number(code) < 400 || !('content' in response) || !response.content) continue;
        const json = response.content['application/json'];
        if (json) response.content = { 'application/problem+json': json };
      }
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
