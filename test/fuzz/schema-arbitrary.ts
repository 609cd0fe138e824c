import fc from 'fast-check';
import { hugeString, oddNumber, oddString, wrongValue } from './hostile.js';
import { RawJson, setMember } from './json-text.js';

/**
 * fast-check arbitraries from the JSON Schema (2020-12, as OpenAPI 3.1 uses it) of a served
 * document: `valid` for values the schema accepts (patterns and formats approximated), `invalid`
 * for values that break it at that node (wrong type, out of range, a required member missing,
 * an unknown one added, a deep member broken). Written here because no package fits:
 * json-schema-fast-check (0.0.6) depends on fast-check 1 and draft-04 tools, and
 * json-schema-faker makes valid values only, from a random source of its own (no shared seed).
 */
export type JsonSchema = { [keyword: string]: unknown };
type Arb = fc.Arbitrary<unknown>;

/** A better source of valid values for a member or parameter, chosen by its name (real ids…). */
export type Hint = (name: string, schema: JsonSchema) => Arb | undefined;

/** Given an object schema's member names, a way to make its valid values meaningful together. */
export type ObjectHint = (
  keys: string[],
) => ((value: Record<string, unknown>) => fc.Arbitrary<Record<string, unknown>>) | undefined;

/** Past this depth only the smallest valid values are made (schemas may be recursive). */
const MAX_DEPTH = 8;

export class SchemaArbitraries {
  private readonly hint: Hint;
  private readonly objectHint: ObjectHint;
  /** Clean: plain text and hinted values only, for requests meant to succeed. */
  private readonly clean: boolean;

  constructor(
    private readonly components: Record<string, JsonSchema>,
    options: { hint?: Hint; objectHint?: ObjectHint; clean?: boolean } = {},
  ) {
    this.hint = options.hint ?? (() => undefined);
    this.objectHint = options.objectHint ?? (() => undefined);
    this.clean = options.clean ?? false;
  }

  /** Follows `$ref`s into `#/components/schemas/`, keeping the referring schema's own keywords. */
  resolve(schema: unknown): JsonSchema {
    let current = asSchema(schema);
    for (let hops = 0; typeof current.$ref === 'string'; hops++) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(current.$ref)?.[1];
      const target = name === undefined ? undefined : this.components[decodePointer(name)];
      if (!target || hops > 20) throw new Error(`cannot resolve ${current.$ref}`);
      const { $ref: _ref, ...siblings } = current;
      current = { ...target, ...siblings };
    }
    return current;
  }

  valid(schema: unknown, name = '', depth = 0): Arb {
    const s = this.resolve(schema);
    const hinted = this.hint(name, s);
    const base = this.validBySchema(s, name, depth);
    if (hinted && this.clean) return hinted;
    return hinted
      ? fc.oneof({ arbitrary: hinted, weight: 4 }, { arbitrary: base, weight: 1 })
      : base;
  }

  invalid(schema: unknown, name = '', depth = 0): Arb {
    const s = this.resolve(schema);
    const options: Arb[] = [this.wrongType(s)];
    if (s.const !== undefined || Array.isArray(s.enum)) options.push(this.notInEnum(s));
    for (const branch of alternatives(s)) options.push(this.invalid(branch, name, depth + 1));
    const types = typesOf(s);
    if (types.includes('string')) options.push(this.badString(s));
    if (types.includes('integer') || types.includes('number')) options.push(this.badNumber(s));
    if (types.includes('array') && depth < MAX_DEPTH) options.push(this.badArray(s, name, depth));
    if (types.includes('object') && depth < MAX_DEPTH) options.push(this.badObject(s, depth));
    return fc.oneof(...options);
  }

  private validBySchema(s: JsonSchema, name: string, depth: number): Arb {
    if (s.const !== undefined) return fc.constant(s.const);
    if (Array.isArray(s.enum) && s.enum.length > 0) return fc.constantFrom(...s.enum);
    const branches = alternatives(s);
    if (branches.length > 0) {
      return fc.oneof(...branches.map((branch) => this.valid(branch, name, depth + 1)));
    }
    if (Array.isArray(s.allOf)) {
      return this.valid(
        s.allOf.reduce<JsonSchema>((merged, part) => mergeSchemas(merged, this.resolve(part)), {}),
        name,
        depth,
      );
    }
    const types = typesOf(s);
    if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
    return fc.oneof(...types.map((type) => this.validOfType(type, s, name, depth)));
  }

  private validOfType(type: string, s: JsonSchema, name: string, depth: number): Arb {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return integers(num(s.minimum), num(s.maximum), num(s.exclusiveMinimum));
      case 'number':
        return fc.double({
          min: num(s.minimum) ?? -1e9,
          max: num(s.maximum) ?? 1e9,
          noNaN: true,
          noDefaultInfinity: true,
        });
      case 'string':
        return validString(s, this.clean);
      case 'array': {
        const minLength = num(s.minItems) ?? 0;
        const cap = depth >= MAX_DEPTH ? minLength : minLength + 4;
        return fc.array(this.valid(s.items ?? {}, `${name}[]`, depth + 1), {
          minLength,
          maxLength: Math.min(num(s.maxItems) ?? cap, cap),
        });
      }
      default:
        return this.validObject(s, depth);
    }
  }

  private validObject(s: JsonSchema, depth: number): Arb {
    const properties = asRecord(s.properties);
    const required = asStrings(s.required).filter((key) => key in properties);
    const keys = Object.keys(properties);
    if (keys.length === 0) {
      if (s.additionalProperties === false) return fc.constant({});
      const values = this.valid(
        typeof s.additionalProperties === 'object' ? s.additionalProperties : {},
        '',
        depth + 1,
      );
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), values, { maxKeys: 4 });
    }
    const model = Object.fromEntries(
      keys
        // Deep down, optional members are left out so that recursion ends.
        .filter((key) => depth < MAX_DEPTH || required.includes(key))
        .map((key) => [key, this.valid(properties[key], key, depth + 1)]),
    );
    const record = fc.record(model, { requiredKeys: required }) as fc.Arbitrary<
      Record<string, unknown>
    >;
    const together = this.objectHint(keys);
    return together ? record.chain(together) : record;
  }

  private wrongType(s: JsonSchema): Arb {
    const allowed = new Set(typesOf(s));
    for (const branch of alternatives(s)) {
      for (const t of typesOf(this.resolve(branch))) allowed.add(t);
    }
    const all: [string, Arb][] = [
      ['string', fc.oneof(oddString(), fc.constantFrom('1', 'true', 'null', '[]'))],
      ['integer', fc.oneof(fc.integer(), oddNumber)],
      ['number', fc.constantFrom(1.5, -0.25, 1e-7)],
      ['boolean', fc.boolean()],
      ['null', fc.constant(null)],
      ['array', fc.constantFrom([], [1], [null], [[]], [{}])],
      ['object', fc.constantFrom({}, { a: 1 }, { '': null })],
    ];
    // An integer field still takes 1.0: a float is only wrong where integers are wanted.
    const wrong = all.filter(
      ([type]) => !allowed.has(type) && !(type === 'integer' && allowed.has('number')),
    );
    return wrong.length > 0 ? fc.oneof(...wrong.map(([, arb]) => arb)) : wrongValue;
  }

  private notInEnum(s: JsonSchema): Arb {
    const values = s.const !== undefined ? [s.const] : Array.isArray(s.enum) ? s.enum : [];
    const first = values[0];
    const variants: unknown[] = ['', 'not-a-value', 0, null];
    if (typeof first === 'string') {
      variants.push(first.toUpperCase(), ` ${first}`, `${first} `, `${first}\u0000`, first + first);
    }
    if (typeof first === 'number') variants.push(first + 1, String(first));
    return fc.constantFrom(...variants.filter((v) => !values.includes(v)));
  }

  private badString(s: JsonSchema): Arb {
    const min = num(s.minLength) ?? 0;
    const max = num(s.maxLength);
    const options: Arb[] = [hugeString];
    if (min > 0) options.push(fc.constant('a'.repeat(min - 1)));
    if (max !== undefined) {
      options.push(fc.constant('a'.repeat(max + 1)), fc.constant('😀'.repeat(max)));
    }
    if (typeof s.pattern === 'string') {
      const pattern = new RegExp(s.pattern, 'u');
      options.push(
        oddString().filter((value) => !pattern.test(value)),
        fc.constantFrom('UPPER', 'with space', '-', 'a--b', 'ä').filter((v) => !pattern.test(v)),
      );
    }
    if (s.format === 'uri') options.push(fc.constantFrom('not a url', 'http://', '//x', ':'));
    if (s.format === 'date-time' || s.format === 'date') {
      options.push(fc.constantFrom('2021-13-45', '2021-02-30T25:61:00Z', 'yesterday', '0000'));
    }
    return fc.oneof(...options);
  }

  private badNumber(s: JsonSchema): Arb {
    const values: unknown[] = [new RawJson('1e400'), '1', 'one'];
    const min = num(s.minimum);
    const max = num(s.maximum);
    if (min !== undefined) values.push(min - 1, min - 0.5);
    if (max !== undefined) values.push(max + 1, max + 2 ** 11);
    if (typesOf(s).includes('integer') && !typesOf(s).includes('number')) values.push(1.5, 0.1);
    return fc.constantFrom(...values);
  }

  private badArray(s: JsonSchema, name: string, depth: number): Arb {
    const item = this.valid(s.items ?? {}, `${name}[]`, depth + 1);
    const options: Arb[] = [
      fc.array(this.invalid(s.items ?? {}, `${name}[]`, depth + 1), { minLength: 1, maxLength: 3 }),
    ];
    const min = num(s.minItems);
    const max = num(s.maxItems);
    if (min !== undefined && min > 0) options.push(fc.constant([]));
    if (max !== undefined) {
      options.push(fc.array(item, { minLength: max + 1, maxLength: max + 1 }));
    }
    return fc.oneof(...options);
  }

  /** A valid object but for one thing: a required member missing, one unknown, one broken. */
  private badObject(s: JsonSchema, depth: number): Arb {
    const properties = asRecord(s.properties);
    const keys = Object.keys(properties);
    const required = asStrings(s.required).filter((key) => key in properties);
    const base = this.validObject(s, depth) as fc.Arbitrary<Record<string, unknown>>;
    const options: Arb[] = [];
    if (required.length > 0) {
      options.push(
        fc.tuple(base, fc.constantFrom(...required)).map(([value, key]) => {
          const copy = { ...value };
          delete copy[key];
          return copy;
        }),
      );
    }
    if (s.additionalProperties === false) {
      options.push(
        fc
          .tuple(base, fc.constantFrom('unknown', 'id', 'version', 'createdAt', '__proto__'))
          .map(([value, key]) => {
            const copy = { ...value };
            setMember(copy, key, key === '__proto__' ? { polluted: true } : 'x');
            return copy;
          }),
      );
    }
    if (keys.length > 0) {
      const broken = fc
        .constantFrom(...keys)
        .chain((key) =>
          this.invalid(properties[key], key, depth + 1).map((bad) => [key, bad] as const),
        );
      options.push(
        fc.tuple(base, broken).map(([value, [key, bad]]) => {
          const copy = { ...value };
          setMember(copy, key, bad);
          return copy;
        }),
      );
    }
    return options.length > 0 ? fc.oneof(...options) : fc.constant({ unknown: true });
  }
}

function validString(s: JsonSchema, clean: boolean): Arb {
  const min = num(s.minLength) ?? 0;
  const max = num(s.maxLength) ?? Math.max(min, 60);
  const fits = (value: string) => value.length >= min && value.length <= max;
  if (typeof s.pattern === 'string') {
    const pattern = new RegExp(s.pattern);
    return fc
      .stringMatching(pattern, { size: 'small' })
      .map((value) => (value.length > max ? value.slice(0, max) : value))
      .filter((value) => fits(value) && pattern.test(value));
  }
  if (s.format === 'uri') return fc.webUrl({ withQueryParameters: true }).filter(fits);
  if (s.format === 'date-time') return isoDate.filter(fits);
  if (s.format === 'date') return isoDate.map((d) => d.slice(0, 10)).filter(fits);
  if (s.format === 'email') return fc.emailAddress().filter(fits);
  if (s.format === 'uuid') return fc.uuid();
  const cap = Math.min(max, min + 40);
  if (clean) {
    return fc
      .oneof(
        {
          arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: cap }),
          weight: 4,
        },
        { arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: cap }), weight: 1 },
      )
      .filter((value) => value.trim().length >= Math.min(min, 1) && fits(value));
  }
  return fc.oneof(
    { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: cap }), weight: 5 },
    { arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: cap }), weight: 2 },
    { arbitrary: oddString(Math.max(1, Math.min(cap, 40))).filter(fits), weight: 2 },
  );
}

const isoDate = fc
  .date({ min: new Date('1800-01-01'), max: new Date('2199-12-31'), noInvalidDate: true })
  .map((date) => date.toISOString());

/** Integers in a range, biased to small ones and to the bounds (fast-check's own are 32-bit). */
function integers(minimum?: number, maximum?: number, exclusiveMinimum?: number): Arb {
  const lo = exclusiveMinimum !== undefined ? exclusiveMinimum + 1 : (minimum ?? -1_000_000);
  const hi = maximum ?? 1_000_000;
  const lo32 = Math.max(lo, -(2 ** 31));
  const hi32 = Math.min(hi, 2 ** 31 - 1);
  const bounds = fc.constantFrom(lo, hi);
  if (lo32 > hi32) return bounds;
  return fc.oneof(
    { arbitrary: fc.integer({ min: lo32, max: Math.min(hi32, lo32 + 200) }), weight: 6 },
    { arbitrary: fc.integer({ min: lo32, max: hi32 }), weight: 2 },
    { arbitrary: bounds, weight: 1 },
  );
}

/** Shallow merge of `allOf` parts: members and required lists joined. */
function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  return {
    ...a,
    ...b,
    properties: { ...asRecord(a.properties), ...asRecord(b.properties) },
    required: [...asStrings(a.required), ...asStrings(b.required)],
  };
}

export function typesOf(s: JsonSchema): string[] {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((t): t is string => typeof t === 'string');
  if (s.properties !== undefined || s.additionalProperties !== undefined) return ['object'];
  if (s.items !== undefined) return ['array'];
  return [];
}

function alternatives(s: JsonSchema): unknown[] {
  if (Array.isArray(s.anyOf)) return s.anyOf;
  if (Array.isArray(s.oneOf)) return s.oneOf;
  return [];
}

function asSchema(value: unknown): JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as JsonSchema)
    : {};
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function decodePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}
