/**
 * The explorer's prefilled requests, sent as a person would send them from /docs on a freshly
 * seeded server: tag by tag as the page lists them, each operation once, with the first-start admin
 * key. Every one must succeed and answer what the document says (status, media type, schema,
 * headers); and every parameter, body and answer must carry an example, so that the explorer never
 * shows or sends an invented value.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstKey } from '../src/modules/keys/keys.commands.js';
import { API_TAGS } from '../src/plugins/openapi.js';
import { type OpenApiDocument, type Operation, operationsOf } from './fuzz/operations.js';
import { Oracle } from './fuzz/oracle.js';
import { makeApp, type TestContext } from './helpers/app.js';

type Schema = Record<string, unknown>;
type Media = { schema?: Schema; example?: unknown; examples?: Record<string, unknown> };

let document: OpenApiDocument & { paths: Record<string, Record<string, Schema>> };
let components: Record<string, Schema>;

beforeAll(async () => {
  const ctx = await makeApp({ seed: false });
  document = (await ctx.app.inject({ url: '/openapi.json' })).json();
  components = (document.components?.schemas ?? {}) as Record<string, Schema>;
  await ctx.close();
});

function resolved(schema: Schema | undefined): Schema {
  const ref = schema?.$ref;
  if (typeof ref !== 'string') return schema ?? {};
  return components[ref.split('/').pop() ?? ''] ?? {};
}

/** The value the explorer fills in or shows for a schema: its own example, or its parts'. */
function exampleOf(schema: Schema | undefined): unknown {
  const own = schema?.example ?? (schema?.examples as unknown[] | undefined)?.[0];
  if (own !== undefined) return own;
  if (schema?.$ref) return exampleOf(resolved(schema));
  return undefined;
}

/** Where a schema would make the explorer invent a value: no example at it or under it. */
function unexemplified(schema: Schema | undefined, at: string, seen = new Set<string>()): string[] {
  if (schema === undefined || exampleOf(schema) !== undefined) return [];
  if ('const' in schema || 'enum' in schema || schema.type === 'boolean' || schema.type === 'null')
    return [];
  if (typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return [];
    return unexemplified(
      resolved(schema),
      `${at} → ${schema.$ref}`,
      new Set([...seen, schema.$ref]),
    );
  }
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (branches) {
    const first = branches.find((branch) => branch.type !== 'null');
    return unexemplified(first, at, seen);
  }
  if (schema.type === 'array') return unexemplified(schema.items as Schema, `${at}[]`, seen);
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (properties) {
    return Object.entries(properties).flatMap(([name, property]) =>
      unexemplified(property, `${at}.${name}`, seen),
    );
  }
  // A free-form value (a publisher's document kept as it came): nothing to invent.
  if (schema.type === undefined) return [];
  return [at];
}

function rawOperation(op: Operation): Schema {
  return document.paths[op.path]?.[op.method.toLowerCase()] ?? {};
}

/** The operations as the explorer lists them: by tag in the page's order, then as documented. */
function explorerOrder(): Operation[] {
  const tags = API_TAGS.map((tag) => tag.name);
  const tagOf = (op: Operation) => tags.indexOf(String((rawOperation(op).tags as string[])[0]));
  const all = operationsOf(document);
  return [...all].sort((a, b) => tagOf(a) - tagOf(b) || all.indexOf(a) - all.indexOf(b));
}

describe('every parameter, body and answer of the document has a realistic example', () => {
  it('prefills each required parameter and documents every optional one', () => {
    const missing = operationsOf(document).flatMap((op) =>
      ((rawOperation(op).parameters ?? []) as Schema[]).flatMap((parameter) => {
        const value = parameter.required
          ? parameter.example
          : (exampleOf(parameter.schema as Schema) ?? parameter.example);
        return value === undefined ? [`${op.id} ${parameter.in} ${parameter.name}`] : [];
      }),
    );
    expect(missing).toEqual([]);
  });

  it('shows an example for every request body and every answer, problems included', () => {
    const missing = operationsOf(document).flatMap((op) => {
      const raw = rawOperation(op);
      const body = (raw.requestBody as { content?: Record<string, Media> } | undefined)?.content;
      const bodies = Object.entries(body ?? {}).flatMap(([type, media]) =>
        media.example === undefined ? unexemplified(media.schema, `${op.id} body ${type}`) : [],
      );
      const answers = Object.entries(op.responses).flatMap(([code, response]) =>
        Object.entries((response.content ?? {}) as Record<string, Media>).flatMap(
          ([type, media]) =>
            media.example !== undefined || media.examples !== undefined
              ? []
              : unexemplified(media.schema, `${op.id} ${code} ${type}`),
        ),
      );
      return [...bodies, ...answers];
    });
    expect(missing).toEqual([]);
  });

  it('gives integers and dates bounds a reader can use, not ±2^53 or a regular expression', () => {
    const text = JSON.stringify(document);
    expect(text).not.toContain(String(Number.MAX_SAFE_INTEGER));
    expect(text).not.toContain(String(Number.MIN_SAFE_INTEGER));
    expect(text).not.toMatch(/"format":"date(-time)?","pattern"|"pattern":"[^"]*","format":"date/);
    expect(components.Claim?.properties).toMatchObject({
      version: { type: 'integer', minimum: 1 },
      rebuttalCount: { type: 'integer', minimum: 0 },
      createdAt: { type: 'string', format: 'date-time' },
    });
  });
});

describe('the prefilled examples, executed in the explorer’s order on a freshly seeded server', () => {
  let ctx: TestContext;
  let key: string;
  const answers: { op: string; status: number; breaches: string[] }[] = [];

  beforeAll(async () => {
    ctx = await makeApp();
    // The key a first start makes and prints, as a newcomer pastes it into Authorize.
    const first = await ctx.store.write((tx) => ensureFirstKey(tx));
    key = first?.key ?? '';
    const oracle = new Oracle(document);
    for (const op of explorerOrder()) {
      const raw = rawOperation(op);
      const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const parameter = op.parameters.find((p) => p.in === 'path' && p.name === name);
        return encodeURIComponent(String((parameter as Schema | undefined)?.example ?? ''));
      });
      const content = (raw.requestBody as { content?: Record<string, Media> } | undefined)?.content;
      const [type, media] = Object.entries(content ?? {})[0] ?? [];
      const body = media ? (media.example ?? exampleOf(media.schema)) : undefined;
      const ok = op.responses['200'] ?? op.responses['201'] ?? op.responses['204'];
      const accept = Object.keys(ok?.content ?? {})[0];
      const answer = await ctx.app.inject({
        method: op.method as 'GET',
        url: path,
        headers: {
          ...(op.secured ? { authorization: `Bearer ${key}` } : {}),
          ...(type ? { 'content-type': type } : {}),
          ...(accept ? { accept } : {}),
        },
        ...(body === undefined
          ? {}
          : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const breaches = oracle.judge(op, {
        status: answer.statusCode,
        headers: answer.headers,
        body: answer.body,
      });
      answers.push({
        op: `${op.method} ${path} (${op.id})`,
        status: answer.statusCode,
        breaches: [
          ...breaches.map((b) => `${b.reason}: ${b.detail}`),
          ...(answer.statusCode >= 300 ? [answer.body.slice(0, 400)] : []),
        ],
      });
    }
  }, 120_000);

  it('runs every operation once, each answered with success', async () => {
    expect(answers.length).toBe(operationsOf(document).length);
    expect(answers.filter((a) => a.status >= 300)).toEqual([]);
    await ctx.close();
  });

  it('answers each as documented: status, media type, schema and headers', () => {
    expect(answers.filter((a) => a.breaches.length > 0)).toEqual([]);
  });
});
