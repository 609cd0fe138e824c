import { describe, expect, it } from 'vitest';
import { type OpenApiDocument, operationsOf } from './operations.js';
import { type Answer, Oracle } from './oracle.js';

// A document of one operation, to prove that the fuzz test's judge refuses what it must refuse
// (a fuzz run that finds nothing proves little unless its judge is known to catch).
const document: OpenApiDocument = {
  openapi: '3.1.0',
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        responses: {
          200: {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          304: { description: 'Not modified' },
          404: {
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            },
          },
          500: {
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        properties: { id: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
        required: ['id'],
        additionalProperties: false,
      },
      Problem: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
        },
        required: ['type', 'title', 'status', 'detail'],
      },
    },
  },
};
const [operation] = operationsOf(document);
const oracle = new Oracle(document);
const json = 'application/json; charset=utf-8';
const problemJson = 'application/problem+json';
const problem = (status: number) =>
  JSON.stringify({ type: 'urn:x', title: 'T', status, detail: 'D' });
const judge = (answer: Answer) => {
  if (!operation) throw new Error('no operation');
  return oracle.judge(operation, answer).map((breach) => breach.reason);
};

describe('the fuzz test judge', () => {
  it('passes documented answers that match their schemas', () => {
    const body = JSON.stringify({ id: 'a', at: '2021-01-12T10:00:00Z' });
    expect(judge({ status: 200, headers: { 'content-type': json }, body })).toEqual([]);
    expect(judge({ status: 304, headers: {}, body: '' })).toEqual([]);
    expect(
      judge({ status: 404, headers: { 'content-type': problemJson }, body: problem(404) }),
    ).toEqual([]);
  });

  it('refuses any 5xx, documented or not', () => {
    const answer = { status: 500, headers: { 'content-type': problemJson }, body: problem(500) };
    expect(judge(answer)).toEqual(['500 server error']);
    expect(judge({ ...answer, status: 503, body: problem(503) })).toContain('503 server error');
  });

  it('refuses a status the operation does not document', () => {
    const answer = { status: 400, headers: { 'content-type': problemJson }, body: problem(400) };
    expect(judge(answer)).toEqual(['400 not documented']);
  });

  it('refuses a 4xx that is not a whole problem document', () => {
    expect(judge({ status: 404, headers: { 'content-type': json }, body: problem(404) })).toEqual([
      '404 is not problem+json (application/json)',
      "404 media type 'application/json' not documented",
    ]);
    const partial = JSON.stringify({ type: 'urn:x', status: 404 });
    expect(judge({ status: 404, headers: { 'content-type': problemJson }, body: partial })[0]).toBe(
      '404 problem lacks title, detail',
    );
    expect(
      judge({ status: 404, headers: { 'content-type': problemJson }, body: problem(400) })[0],
    ).toBe('404 problem says status 400');
  });

  it('refuses a 2xx whose body breaks its schema, through $refs and formats', () => {
    const extra = JSON.stringify({ id: 'a', secret: 'x' });
    expect(judge({ status: 200, headers: { 'content-type': json }, body: extra })[0]).toMatch(
      /^200 body breaks its schema: .*additionalProperties/,
    );
    const badDate = JSON.stringify({ id: 'a', at: 'yesterday' });
    expect(judge({ status: 200, headers: { 'content-type': json }, body: badDate })[0]).toMatch(
      /format/,
    );
    expect(judge({ status: 200, headers: { 'content-type': json }, body: '{' })[0]).toMatch(
      /^200 body is not JSON/,
    );
  });

  it('refuses a body in a media type or where the document has none', () => {
    const body = JSON.stringify({ id: 'a' });
    expect(judge({ status: 200, headers: { 'content-type': 'text/html' }, body })).toEqual([
      "200 media type 'text/html' not documented",
    ]);
    expect(judge({ status: 304, headers: {}, body })).toEqual([
      '304 body where none is documented',
    ]);
  });
});
