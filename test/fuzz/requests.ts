import fc from 'fast-check';
import {
  badAuthorization,
  badUtf8,
  contentType,
  deepValue,
  encodeLoosely,
  hostileKey,
  hugeString,
  malformedJson,
  oddString,
  rawPathSegment,
  rawQueryFragment,
  visible,
  wrongValue,
} from './hostile.js';
import { cloneTree, containers, RawJson, setMember, toJson } from './json-text.js';
import type { Operation, Parameter } from './operations.js';
import type { Pools } from './pools.js';
import type { SchemaArbitraries } from './schema-arbitrary.js';

type Arb<T = unknown> = fc.Arbitrary<T>;

/** Who a request claims to be; keys are looked up when it is sent (a revoked one is re-minted). */
export type Auth = 'none' | 'editor' | 'admin' | 'revoked' | 'tampered' | { header: string };

/** An `If-Match`/`If-None-Match` taken from the resource as it is when the request is sent. */
export type Conditional = 'current' | 'weak' | 'stale' | 'list';

/** One request, made before it is sent: everything but what depends on the database's state. */
export type Plan = {
  operation: string;
  method: string;
  url: string;
  /** The item whose ETag a conditional header takes (`/claims/clm_…`), when there is one. */
  resource: string | null;
  auth: Auth;
  headers: Record<string, string>;
  conditional: Record<string, Conditional>;
  body: { contentType: string | null; payload: string | Buffer } | null;
  /** How the request was made, for grouping failures: `body:deep`, `path:random`, `auth:bad`… */
  labels: string[];
};

export type PlanContext = {
  /** Plain values meant to be accepted (real references, well-formed dates, plain text). */
  clean: SchemaArbitraries;
  /** Values the schema allows but code may not expect (odd Unicode, bounds), and invalid ones. */
  wild: SchemaArbitraries;
  pools: Pools;
  /** Paths of the document that have a GET (to find the item a conditional header refers to). */
  readablePaths: Set<string>;
  /** Other ways to write a body for an operation (NDJSON, JSON-LD containers), by operationId. */
  extraBodies?: Record<string, Arb<Plan['body'] & { label: string }>[]>;
};

/** Every request the fuzzer may send to one operation, valid and invalid. */
export function planArbitrary(op: Operation, ctx: PlanContext): Arb<Plan> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const headerParams = op.parameters.filter((p) => p.in === 'header');
  // The server honours Idempotency-Key on every POST, documented or not: so it is sent to all.
  if (op.method === 'POST' && !headerParams.some((p) => p.name === 'idempotency-key')) {
    headerParams.push({
      name: 'idempotency-key',
      in: 'header',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  }
  return fc
    .record({
      path: pathArbitrary(op, pathParams, ctx),
      query: queryArbitrary(queryParams, ctx),
      headers: fc.tuple(...headerParams.map((p) => headerArbitrary(p, ctx))),
      accept: op.method === 'GET' ? acceptArbitrary : fc.constant(null),
      auth: authArbitrary(op.secured),
      body: bodyArbitrary(op, ctx),
    })
    .map(({ path, query, headers, accept, auth, body }) => {
      const plan: Plan = {
        operation: op.id,
        method: op.method,
        url: query.parts.length ? `${path.url}?${query.parts.join('&')}` : path.url,
        resource: path.resource,
        auth: auth.auth,
        headers: {},
        conditional: {},
        body: body ? { contentType: body.contentType, payload: body.payload } : null,
        labels: [...path.labels, ...query.labels, auth.label, ...(body ? [body.label] : [])],
      };
      for (const header of headers) {
        if (header === null) continue;
        if (header.conditional) plan.conditional[header.name] = header.conditional;
        else plan.headers[header.name] = header.value;
        plan.labels.push(header.label);
      }
      if (accept) {
        plan.headers.accept = accept;
        plan.labels.push(`accept:${accept}`);
      }
      if (body?.contentType != null) plan.headers['content-type'] = body.contentType;
      return plan;
    });
}

type PathPart = { url: string; resource: string | null; labels: string[] };

function pathArbitrary(op: Operation, params: Parameter[], ctx: PlanContext): Arb<PathPart> {
  const link = linkedPair(op, ctx.pools);
  const each = fc.tuple(...params.map((p) => segmentArbitrary(op.path, p, ctx)));
  const values: Arb<{ name: string; value: string; label: string }[]> = link
    ? fc.oneof({ arbitrary: each, weight: 2 }, { arbitrary: link, weight: 1 })
    : each;
  return values.map((chosen) => {
    const fill = (template: string) =>
      template.replace(/\{([^}]+)\}/g, (_, name: string) => {
        return chosen.find((c) => c.name === name)?.value ?? '';
      });
    return {
      url: fill(op.path),
      resource: itemPath(op.path, ctx.readablePaths, fill),
      labels: [...new Set(chosen.map((c) => c.label))],
    };
  });
}

/** A real id or slug of the kind the path names, one from the schema, or a hostile segment. */
function segmentArbitrary(
  path: string,
  param: Parameter,
  ctx: PlanContext,
): Arb<{ name: string; value: string; label: string }> {
  const rows = rowsFor(path, param.name, ctx.pools);
  const options: fc.WeightedArbitrary<{ value: string; label: string }>[] = [
    {
      arbitrary: ctx.wild
        .valid(param.schema, param.name)
        .map((v) => ({ value: encodeLoosely(String(v)), label: 'path:schema' })),
      weight: 1,
    },
    { arbitrary: rawPathSegment.map((value) => ({ value, label: 'path:hostile' })), weight: 2 },
  ];
  if (rows.length > 0) {
    options.push(
      {
        arbitrary: fc.constantFrom(...rows).map((r) => ({ value: r.id, label: 'path:id' })),
        weight: 4,
      },
      {
        arbitrary: fc.constantFrom(...rows).map((r) => ({ value: r.slug, label: 'path:slug' })),
        weight: 3,
      },
    );
  }
  return fc.oneof(...options).map((v) => ({ name: param.name, ...v }));
}

/** `/claims/{id}/rebuttals/{rebuttalId}`: a link that exists, either way round. */
function linkedPair(op: Operation, pools: Pools) {
  const second = /\/(rebuttals|supports)\/\{([^}]+)\}$/.exec(op.path);
  const kind = second?.[1] === 'rebuttals' ? 'rebuts' : 'supports';
  const links = pools.links.filter((l) => l.kind === kind);
  if (!second || links.length === 0 || !op.path.startsWith('/claims/{id}/')) return undefined;
  const child = second[2] ?? '';
  return fc.tuple(fc.constantFrom(...links), fc.boolean()).map(([l, swap]) => [
    { name: 'id', value: swap ? l.from.id : l.to.id, label: 'path:link' },
    { name: child, value: swap ? l.to.id : l.from.id, label: 'path:link' },
  ]);
}

/** The rows a path parameter names: the collection just before it in the path. */
export function rowsFor(path: string, name: string, pools: Pools): { id: string; slug: string }[] {
  const collection = new RegExp(`/([a-z-]+)/\\{${name}\\}`).exec(path)?.[1] ?? '';
  if (['claims', 'rebuttals', 'supports'].includes(collection)) return pools.claims;
  if (collection === 'evidence') return pools.evidence;
  if (collection === 'actors') return pools.actors;
  if (collection === 'sources') return pools.sources;
  if (collection === 'keys') return pools.keyNames.map((n) => ({ id: n, slug: n }));
  return [...pools.claims, ...pools.actors, ...pools.sources, ...pools.evidence];
}

/** The longest prefix of the path that ends in a parameter and can be read: its ETag is the one. */
function itemPath(
  path: string,
  readable: Set<string>,
  fill: (template: string) => string,
): string | null {
  const segments = path.split('/');
  for (let n = segments.length; n > 1; n--) {
    const prefix = segments.slice(0, n).join('/');
    if (/\}$/.test(prefix) && readable.has(prefix)) return fill(prefix);
  }
  return null;
}

type QueryPart = { parts: string[]; labels: string[] };

function queryArbitrary(params: Parameter[], ctx: PlanContext): Arb<QueryPart> {
  const omitted = { arbitrary: fc.constant(null), weight: 4 };
  const valid = (arbs: SchemaArbitraries, label: string) => (p: Parameter) => ({
    arbitrary: arbs.valid(p.schema, p.name).map((v) => ({ parts: queryPairs(p.name, v), label })),
    weight: 3,
  });
  const clean = valid(ctx.clean, 'query:valid');
  const wild = valid(ctx.wild, 'query:odd');
  const invalid = (p: Parameter) => ({
    arbitrary: ctx.wild
      .invalid(p.schema, p.name)
      .map((v) => ({ parts: queryPairs(p.name, v), label: 'query:invalid' })),
    weight: 1,
  });
  // Most queries are plain throughout, so that lists are read and not only refused.
  const documented = fc.oneof(
    { arbitrary: fc.tuple(...params.map((p) => fc.oneof(omitted, clean(p)))), weight: 3 },
    {
      arbitrary: fc.tuple(...params.map((p) => fc.oneof(omitted, wild(p), invalid(p)))),
      weight: 2,
    },
  );
  const unknown = fc.array(
    fc
      .tuple(fc.oneof(hostileKey, fc.constantFrom('extra', 'page', 'offset')), oddString(20))
      .map(([k, v]) => `${encodeLoosely(k)}=${encodeLoosely(v)}`),
    { maxLength: 2 },
  );
  const raw = fc.array(rawQueryFragment, { maxLength: 2 });
  return fc
    .record({
      documented,
      extras: fc.oneof(
        { arbitrary: fc.constant({ unknown: [] as string[], raw: [] as string[] }), weight: 6 },
        { arbitrary: fc.record({ unknown, raw }), weight: 1 },
      ),
    })
    .map(({ documented: chosen, extras }) => {
      const present = chosen.filter((c) => c !== null);
      return {
        parts: [...present.flatMap((c) => c.parts), ...extras.unknown, ...extras.raw],
        labels: [
          ...new Set(present.map((c) => c.label)),
          ...(extras.unknown.length ? ['query:unknown'] : []),
          ...(extras.raw.length ? ['query:raw'] : []),
        ],
      };
    });
}

/**
 * `status=a&status=b` for arrays (form style, exploded: the OpenAPI default). Values are cut at
 * 8 KB: a real server's HTTP parser refuses longer URLs before the app sees them (inject has none).
 */
function queryPairs(name: string, value: unknown): string[] {
  const text = (v: unknown) =>
    (v instanceof RawJson ? v.text : typeof v === 'string' ? v : toJson(v)).slice(0, 8_192);
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => `${encodeLoosely(name)}=${encodeLoosely(text(v))}`);
}

type HeaderPart = {
  name: string;
  value: string;
  conditional?: Conditional;
  label: string;
} | null;

function headerArbitrary(param: Parameter, ctx: PlanContext): Arb<HeaderPart> {
  const name = param.name.toLowerCase();
  const fromSchema = ctx.wild
    .valid(param.schema, name)
    .map((v) => ({ name, value: visible(String(v)), label: `${name}:schema` }));
  const hostile = fc
    .oneof(
      oddString(),
      fc.constantFrom('', ' ', '*', '"', '""', 'W/', '"1", *', 'a'.repeat(256), 'a'.repeat(9_000)),
    )
    .map((v) => ({ name, value: visible(v), label: `${name}:hostile` }));
  const options: fc.WeightedArbitrary<HeaderPart>[] = [
    { arbitrary: fc.constant(null), weight: 4 },
    { arbitrary: fromSchema, weight: 2 },
    { arbitrary: hostile, weight: 1 },
  ];
  if (name === 'if-match' || name === 'if-none-match') {
    options.push(
      {
        arbitrary: fc.constant({
          name,
          value: '',
          conditional: 'current',
          label: `${name}:current`,
        }),
        weight: 4,
      },
      {
        arbitrary: fc
          .constantFrom<Conditional>('weak', 'stale', 'list')
          .map((c) => ({ name, value: '', conditional: c, label: `${name}:${c}` })),
        weight: 2,
      },
      {
        arbitrary: fc.constant({ name, value: '*', label: `${name}:star` }),
        weight: 1,
      },
    );
  }
  if (name === 'idempotency-key') {
    // A few keys used again and again: replays, reuse with another body, another operation.
    options.push({
      arbitrary: fc
        .constantFrom('fuzz-1', 'fuzz-2', 'fuzz-3')
        .map((value) => ({ name, value, label: `${name}:reused` })),
      weight: 3,
    });
  }
  return fc.oneof(...options);
}

const acceptArbitrary: Arb<string | null> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 12 },
  {
    arbitrary: fc.constantFrom(
      'application/json',
      '*/*',
      'application/x-ndjson',
      'application/ld+json',
      'application/problem+json',
      'text/html',
      'application/xml',
      'text/csv;q=0.1, */*;q=0',
    ),
    weight: 1,
  },
);

function authArbitrary(secured: boolean): Arb<{ auth: Auth; label: string }> {
  const bad = fc.oneof(
    badAuthorization([]).map((header) => ({ auth: { header } as Auth, label: 'auth:malformed' })),
    fc.constantFrom<Auth>('revoked', 'tampered').map((auth) => ({ auth, label: `auth:${auth}` })),
  );
  const named = (auth: 'none' | 'editor' | 'admin') => fc.constant({ auth, label: `auth:${auth}` });
  return secured
    ? fc.oneof(
        { arbitrary: named('editor'), weight: 4 },
        { arbitrary: named('admin'), weight: 4 },
        { arbitrary: named('none'), weight: 1 },
        { arbitrary: bad, weight: 2 },
      )
    : fc.oneof(
        { arbitrary: named('none'), weight: 6 },
        { arbitrary: named('editor'), weight: 1 },
        { arbitrary: named('admin'), weight: 1 },
        { arbitrary: bad, weight: 1 },
      );
}

type BodyPart = (NonNullable<Plan['body']> & { label: string }) | null;

function bodyArbitrary(op: Operation, ctx: PlanContext): Arb<BodyPart> {
  if (!op.body) {
    // A body where none is expected (a DELETE with JSON) must not matter either.
    return fc.oneof(
      { arbitrary: fc.constant(null), weight: 14 },
      {
        arbitrary: fc.tuple(fc.jsonValue({ maxDepth: 2 }), contentType).map(([v, type]) => ({
          contentType: type,
          payload: toJson(v),
          label: 'body:unexpected',
        })),
        weight: 1,
      },
    );
  }
  const schema = op.body.schema;
  const valid = ctx.clean.valid(schema, 'body');
  const json = (label: string) => (value: unknown) => ({ value, label });
  const shapes: fc.WeightedArbitrary<{ value: unknown; label: string }>[] = [
    { arbitrary: valid.map(json('body:valid')), weight: 6 },
    { arbitrary: ctx.wild.valid(schema, 'body').map(json('body:odd')), weight: 3 },
    { arbitrary: mutated(valid).map(json('body:mutated')), weight: 4 },
    { arbitrary: ctx.wild.invalid(schema, 'body').map(json('body:invalid')), weight: 3 },
    { arbitrary: deepValue.map(json('body:deep')), weight: 1 },
    { arbitrary: wrongValue.map(json('body:wrong-type')), weight: 1 },
    {
      arbitrary: fc
        .tuple(valid, hugeString)
        .map(([v, huge]) => replaceFirstString(v, huge))
        .map(json('body:huge-string')),
      weight: 1,
    },
  ];
  const asJson = fc
    .tuple(fc.oneof(...shapes), contentType)
    .map(([{ value, label }, type]) => ({ contentType: type, payload: toJson(value), label }));
  const special: fc.WeightedArbitrary<BodyPart>[] = [
    { arbitrary: asJson, weight: 20 },
    {
      arbitrary: malformedJson.map((payload) => ({
        contentType: 'application/json',
        payload,
        label: 'body:malformed',
      })),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(valid, badUtf8).map(([v, bytes]) => ({
        contentType: 'application/json',
        payload: withBytes(toJson(v), bytes),
        label: 'body:bad-utf8',
      })),
      weight: 1,
    },
    {
      arbitrary: fc.constantFrom(null, 'application/json').map((type) => ({
        contentType: type,
        payload: '',
        label: 'body:empty',
      })),
      weight: 1,
    },
    ...(ctx.extraBodies?.[op.id] ?? []).map((arbitrary) => ({ arbitrary, weight: 3 })),
  ];
  return fc.oneof(...special);
}

type Mutation = {
  kind: 'remove' | 'add' | 'replace' | 'nudge';
  at: number;
  pick: number;
  key: string;
  value: unknown;
};

/**
 * A value with one to three defects: a member removed, added or replaced by a wrong value, or a
 * number moved onto its neighbour (`end` = `start`) or just below it: the defects that pass a
 * schema and must be caught by the rules behind it.
 */
export function mutated(valid: Arb, only?: Mutation['kind']): Arb {
  const mutation: Arb<Mutation> = fc.record({
    kind: only ? fc.constant(only) : fc.constantFrom('remove', 'add', 'replace', 'nudge'),
    at: fc.nat(),
    pick: fc.nat(),
    key: hostileKey,
    value: wrongValue,
  });
  return fc
    .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: only ? 1 : 3 }))
    .map(([value, mutations]) => mutations.reduce(applyMutation, cloneTree(value)));
}

function applyMutation(tree: unknown, mutation: Mutation): unknown {
  // A copy: constants are shared between samples, and a tree must never come to hold itself.
  const m = { ...mutation, value: cloneTree(mutation.value) };
  const all = containers(tree);
  const target = all[m.at % Math.max(all.length, 1)];
  if (!target) return m.value;
  const node = target.node;
  if (Array.isArray(node)) {
    const index = node.length ? m.pick % node.length : 0;
    if (m.kind === 'remove') node.splice(index, 1);
    else if (m.kind === 'add') node.push(m.value);
    else node[index] = m.value;
    return tree;
  }
  const keys = Object.keys(node);
  const key = keys.length ? (keys[m.pick % keys.length] ?? m.key) : m.key;
  const numbers = keys.filter((k) => typeof node[k] === 'number');
  if (m.kind === 'nudge' && numbers.length > 0) {
    const moved = numbers[m.pick % numbers.length] ?? key;
    const other = numbers[(m.pick + 1) % numbers.length] ?? moved;
    const base = node[other] as number;
    node[moved] = [base, base - 1, 0, -1][m.at % 4];
  } else if (m.kind === 'remove') delete node[key];
  else setMember(node, m.kind === 'add' ? m.key : key, m.value);
  return tree;
}

/** The value with its first string (depth first) replaced: a huge text where a text belongs. */
function replaceFirstString(value: unknown, replacement: string): unknown {
  if (typeof value === 'string') return replacement;
  const copy = cloneTree(value);
  for (const { node } of containers(copy)) {
    const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (const key of keys) {
      const record = node as Record<string | number, unknown>;
      if (typeof record[key] === 'string') {
        record[key] = replacement;
        return copy;
      }
    }
  }
  return { text: replacement };
}

/** JSON text with bytes that are not UTF-8 inside its first string. */
function withBytes(json: string, bytes: Buffer): Buffer {
  const at = json.indexOf('"') + 1;
  if (at === 0) return Buffer.concat([Buffer.from('"'), bytes, Buffer.from('"')]);
  return Buffer.concat([Buffer.from(json.slice(0, at)), bytes, Buffer.from(json.slice(at))]);
}
