import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_STATUSES } from '../src/lib/vocabulary.js';
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
    (['get', 'post', 'put', 'patch', 'delete'] as const).flatMap((method) => {
      const operation = item?.[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, every $ref resolving', async () => {
    expect(document.openapi).toBe('3.1.0');
    // validate() dereferences every $ref and checks the document against the 3.1 schema.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('documents every read endpoint', () => {
    const paths = Object.keys(document.paths ?? {});
    for (const path of [
      '/health',
      '/claims',
      '/claims/{id}',
      '/claims/{id}/rebuttals',
      '/claims/{id}/evidence',
      '/claims/{id}/history',
      '/actors',
      '/actors/{id}',
      '/actors/{id}/claims',
      '/sources',
      '/sources/{id}',
      '/sources/{id}/claims',
      '/tags',
      '/stats',
    ]) {
      expect(paths).toContain(path);
    }
  });

  it('gives each operation a unique operationId, a summary, a description, a tag and problem+json errors', () => {
    const ids = new Set<string>();
    for (const { path, method, operation } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.operationId, where).toBeTruthy();
      expect(ids.has(operation.operationId ?? ''), where).toBe(false);
      ids.add(operation.operationId ?? '');
      expect(operation.summary, where).toBeTruthy();
      expect(operation.description, where).toBeTruthy();
      expect(operation.tags?.length, where).toBeGreaterThan(0);
      const responses = operation.responses ?? {};
      expect(Object.keys(responses), where).toContain('500');
      for (const [code, response] of Object.entries(responses)) {
        if (Number(code) < 400) continue;
        const content = (response as OpenAPIV3_1.ResponseObject).content ?? {};
        expect(Object.keys(content), `${where} ${code}`).toEqual(['application/problem+json']);
      }
    }
  });

  it('lists every status as a required key of Stats.byStatus, so typed clients see them', () => {
    const stats = document.components?.schemas?.Stats as OpenAPIV3_1.SchemaObject | undefined;
    const byStatus = stats?.properties?.byStatus as OpenAPIV3_1.SchemaObject | undefined;
    expect(Object.keys(byStatus?.properties ?? {}).sort()).toEqual([...CLAIM_STATUSES].sort());
    expect([...(byStatus?.required ?? [])].sort()).toEqual([...CLAIM_STATUSES].sort());
  });

  it('documents the headers a client reads: ETag, Location, Idempotent-Replayed, WWW-Authenticate, Vary', () => {
    const headersOf = (path: string, method: 'get' | 'post' | 'patch', code: string) =>
      Object.keys(
        ((document.paths?.[path]?.[method]?.responses?.[code] ?? {}) as OpenAPIV3_1.ResponseObject)
          .headers ?? {},
      );
    expect(headersOf('/claims/{id}', 'get', '200')).toContain('ETag');
    expect(headersOf('/claims/{id}', 'patch', '200')).toContain('ETag');
    expect(headersOf('/actors', 'post', '201')).toEqual(
      expect.arrayContaining(['ETag', 'Location', 'Idempotent-Replayed']),
    );
    expect(headersOf('/keys', 'post', '201')).toContain('Location');
    expect(headersOf('/keys', 'post', '201')).not.toContain('ETag');
    expect(headersOf('/export', 'get', '200')).toContain('Vary');
    for (const { path, method, operation } of operations()) {
      const unauthorized = operation.responses?.['401'] as OpenAPIV3_1.ResponseObject | undefined;
      expect(Object.keys(unauthorized?.headers ?? {}), `${method} ${path}`).toContain(
        'WWW-Authenticate',
      );
    }
  });

  it('names the server from PUBLIC_BASE_URL', () => {
    expect(document.servers?.[0]?.url).toBe('https://factcheck.example');
  });

  it('says which operations need no key (security: []) and which need one', () => {
    for (const { path, method, operation } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      const needsKey = (operation.security ?? document.security ?? []).length > 0;
      const adminRead = path.startsWith('/keys') || path.startsWith('/audit');
      expect(needsKey, where).toBe(method !== 'get' || adminRead);
      if (!needsKey) expect(operation.security, where).toEqual([]);
    }
  });

  it('with READ_REQUIRES_KEY, keeps only health open', async () => {
    const closed = await makeApp({ seed: false, readRequiresKey: true });
    try {
      const doc = (await get<OpenAPIV3_1.Document>(closed.app, '/openapi.json')).body;
      expect(doc.security).toEqual([{ bearerAuth: [] }]);
      expect(doc.paths?.['/health']?.get?.security).toEqual([]);
      expect(doc.paths?.['/claims']?.get?.security).toBeUndefined();
    } finally {
      await closed.close();
    }
  });

  it('names the shared shapes as components', () => {
    const schemas = Object.keys(document.components?.schemas ?? {});
    for (const name of [
      'Claim',
      'ClaimListItem',
      'ClaimPage',
      'Actor',
      'SourceDetail',
      'Evidence',
      'Problem',
    ]) {
      expect(schemas).toContain(name);
    }
  });
});

describe('the write operations in the document', () => {
  const writes = () => operations().filter(({ method }) => method !== 'get');

  it('are all there, secured by the bearer scheme, with their failures documented', () => {
    expect(document.components?.securitySchemes?.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const listed = writes().map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    for (const op of [
      'POST /actors',
      'PATCH /actors/{id}',
      'DELETE /actors/{id}',
      'POST /sources',
      'PATCH /sources/{id}',
      'DELETE /sources/{id}',
      'POST /claims',
      'PATCH /claims/{id}',
      'DELETE /claims/{id}',
      'POST /claims/{id}/status',
      'POST /claims/{id}/rebuttals',
      'DELETE /claims/{id}/rebuttals/{rebuttalId}',
      'POST /claims/{id}/supports',
      'DELETE /claims/{id}/supports/{supportId}',
      'POST /claims/{id}/evidence',
      'PATCH /evidence/{id}',
      'DELETE /evidence/{id}',
    ]) {
      expect(listed).toContain(op);
    }
    for (const { method, path, operation } of writes()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.security, where).toEqual([{ bearerAuth: [] }]);
      const codes = Object.keys(operation.responses ?? {});
      expect(codes, where).toEqual(expect.arrayContaining(['401', '403']));
      expect(codes, where).toEqual(expect.arrayContaining(method === 'delete' ? ['404'] : ['422']));
      if (!path.startsWith('/import') && !(method === 'delete' && path.includes('}/')))
        expect(codes, where).toContain('409');
      if (method === 'patch' || (method === 'delete' && !path.includes('}/')))
        expect(codes, where).toContain('412');
      if (operation.requestBody) {
        const content = (operation.requestBody as OpenAPIV3_1.RequestBodyObject).content;
        expect(Object.keys(content), where).toContain('application/json');
      }
    }
  });

  it('each answers 401 with a challenge when called without a key', async () => {
    for (const { method, path } of writes()) {
      const url = path.replace(/\{[^}]+\}/g, 'x');
      const response = await ctx.app.inject({
        method: method.toUpperCase() as 'POST',
        url,
        payload: {},
      });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(response.headers['www-authenticate'], `${method} ${url}`).toContain('Bearer');
    }
  });
});

describe('GET /docs', () => {
  it('serves the Swagger UI explorer', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('swagger-ui');
  });
});

describe('the explorer presents Factcheck', () => {
  it('has its own title and icon in the page, not the library’s', async () => {
    const page = await ctx.app.inject({ url: '/docs/' });
    expect(page.body).toContain('<title>Factcheck API — explorer</title>');
    const icon = /href="([^"]*factcheck\.svg)"/.exec(page.body)?.[1];
    expect(icon).toBeTruthy();
    const served = await ctx.app.inject({ url: new URL(icon ?? '', 'http://x/docs/').pathname });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toContain('image/svg+xml');
  });

  it('shows Factcheck’s mark in its bar and keeps the key across reloads', async () => {
    const initializer = await ctx.app.inject({ url: '/docs/static/swagger-initializer.js' });
    expect(initializer.statusCode).toBe(200);
    const logo = /data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(initializer.body)?.[1];
    expect(Buffer.from(logo ?? '', 'base64').toString()).toContain('Factcheck API');
    expect(initializer.body).toMatch(/"persistAuthorization":\s*true/);
    expect(initializer.body).toMatch(
      /"validatorUrl":\s*null|validatorUrl:\s*null|"validatorUrl":\s*false/,
    );
  });
});
