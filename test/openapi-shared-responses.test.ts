import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, makeApp, type TestContext } from './helpers/app.js';

let ctx: TestContext;
let document: OpenAPIV3_1.Document;
beforeAll(async () => {
  ctx = await makeApp({ seed: false });
  document = (await get<OpenAPIV3_1.Document>(ctx.app, '/openapi.json')).body;
});
afterAll(() => ctx.close());

const operations = () =>
  Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    (['get', 'head', 'post', 'put', 'patch', 'delete'] as const).flatMap((method) => {
      const operation = item?.[method];
      return operation ? [{ name: `${method.toUpperCase()} ${path}`, method, operation }] : [];
    }),
  );

/** A problem response: the Problem schema, with the example of its kind. */
const problemOf = (code: string) => ({
  'application/problem+json': {
    schema: { $ref: '#/components/schemas/Problem' },
    examples: { [`problem-${code}`]: { $ref: `#/components/examples/problem-${code}` } },
  },
});

describe('responses every operation may give', () => {
  it('when the served document is read, then every operation lists 401 (a bad key, even on public reads) and 429 as problems', async () => {
    const all = operations();
    expect(all.length).toBeGreaterThan(30);
    for (const { name, operation } of all) {
      const responses = operation.responses ?? {};
      for (const code of ['401', '429']) {
        const response = responses[code] as OpenAPIV3_1.ResponseObject | undefined;
        expect(response, `${name} ${code}`).toBeDefined();
        expect(response?.content, `${name} ${code}`).toEqual(problemOf(code));
      }
      const limited = responses['429'] as OpenAPIV3_1.ResponseObject;
      expect(Object.keys(limited.headers ?? {}).sort(), name).toEqual([
        'RateLimit',
        'RateLimit-Policy',
        'Retry-After',
      ]);
    }
    // Still a valid document, every $ref resolving.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('when a PATCH or DELETE takes If-Match, then it documents If-None-Match: * and its 412', () => {
    const conditional = operations().filter(
      ({ method, operation }) =>
        (method === 'patch' || method === 'delete') &&
        (operation.parameters as OpenAPIV3_1.ParameterObject[] | undefined)?.some(
          (p) => p.in === 'header' && p.name === 'if-match',
        ),
    );
    expect(conditional.map((c) => c.name)).toEqual(
      expect.arrayContaining(['PATCH /claims/{id}', 'DELETE /actors/{id}', 'PATCH /evidence/{id}']),
    );
    for (const { name, operation } of conditional) {
      const parameters = operation.parameters as OpenAPIV3_1.ParameterObject[];
      expect(
        parameters.filter((p) => p.in === 'header' && p.name === 'if-none-match'),
        name,
      ).toHaveLength(1);
      expect(operation.responses?.['412'], name).toBeDefined();
    }
  });
});
