import fc from 'fast-check';
import { deepJson, RawJson } from './json-text.js';

/** Characters that break naive code: controls, lone surrogates, direction marks, separators… */
const ODD_CHARS = [
  '\u0000',
  '\u0001',
  '\u0002',
  '\u0003',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00ad',
  '\ud800', // lone high surrogate
  '\udbff',
  '\udc00', // lone low surrogate
  '\ude00',
  '\u200b',
  '\u200d',
  '\u200e',
  '\u202e', // right-to-left override
  '\u2028', // line separator: ends a <script> string in old parsers
  '\u2029',
  '\ufeff',
  '\ufffd',
  '\uffff',
  '\u0301', // combining accent with nothing to combine with
  '😀',
  '👩🏽‍🚀',
  '𝕏',
  'ǅ',
  'ß',
  'İ',
  'ﬃ',
  '\u0130',
  '<',
  '>',
  '&',
  '"',
  "'",
  '\\',
  '/',
  '%',
  '*',
  '^',
  '~',
  '`',
];

/** Whole strings that have hurt parsers, templates, SQL, FTS5 and HTML before. */
const ODD_STRINGS = [
  '',
  ' ',
  '   ',
  '\u0000',
  '\ud800',
  '\ude00 there',
  'a\udc00b',
  '</script><script>alert(1)</script>',
  '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
  '<img src=x onerror=alert(1)>',
  '\u0002mark\u0003',
  "'; DROP TABLE claims; --",
  '" OR 1=1 --',
  'NEAR(a b)',
  '"unterminated',
  'a* OR b*',
  '^start',
  '-',
  '--',
  '---',
  'col:value',
  '{}',
  '[]',
  'null',
  'undefined',
  'NaN',
  'true',
  '0',
  '-0',
  '1e400',
  '__proto__',
  'constructor',
  'prototype',
  '../../etc/passwd',
  '%00',
  '%zz',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j lookup, sent as data
  '${jndi:ldap://x}',
  '{{7*7}}',
  'javascript:alert(1)',
  'http://',
  'https://exa mple.org',
  '\r\nX-Injected: 1',
  'ḁ̸̛̹̃ͅ',
];

/** A string made of odd characters and plain letters, short enough for most fields. */
export const oddString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...ODD_STRINGS), weight: 3 },
    {
      arbitrary: fc.string({
        unit: fc.oneof(
          { arbitrary: fc.constantFrom(...ODD_CHARS), weight: 2 },
          { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 1 },
          { arbitrary: fc.constantFrom('a', 'b', ' ', 'é'), weight: 1 },
        ),
        minLength: 1,
        maxLength,
      }),
      weight: 3,
    },
    { arbitrary: fc.string({ unit: 'binary', maxLength }), weight: 1 },
  );

/** Long strings: past every field limit, past the body limit, or quadratic bait (`<` × n). */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('x', '<', '<a', '\u0000', 'é', '😀', '\ud800', ' ', 'ab '),
    fc.constantFrom(501, 2_001, 5_001, 10_001, 65_536, 200_000, 1_100_000),
  )
  // Quadratic bait stays small enough that an unfixed server answers within the test.
  .map(([unit, length]) =>
    unit.startsWith('<') ? unit.repeat(Math.min(length, 20_000)) : unit.repeat(length),
  );

/** Nesting deep enough to overflow any recursive walk (as raw text: no JS value is built). */
export const deepValue: fc.Arbitrary<RawJson> = fc
  .tuple(fc.constantFrom(64, 1_000, 5_000, 10_000, 50_000), fc.constantFrom('array', 'object'))
  .map(([depth, kind]) => deepJson(depth, kind as 'array' | 'object'));

/** Numbers JSON can write but JS or SQLite may not hold. */
export const oddNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    new RawJson('1e400'),
    new RawJson('-1e400'),
    new RawJson('-0'),
    new RawJson('9007199254740993'),
    new RawJson('1.0'),
    new RawJson('0.1e1'),
    new RawJson('123456789012345678901234567890'),
  ),
  fc.constantFrom(-1, 0, 1.5, -2147483649, 2147483648, Number.MAX_SAFE_INTEGER, 1e308, 5e-324),
);

/** Any value of the wrong kind, for a field that wants something else. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: oddString(), weight: 4 },
  { arbitrary: oddNumber, weight: 2 },
  { arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { '': '' }), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: deepValue, weight: 1 },
);

/** Member names that a request must never get to set. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'id',
    'version',
    'createdAt',
    'updatedAt',
    'history',
    'seq',
    'role',
    'changedBy',
    'by',
    'keyName',
    '',
    ' ',
    '$where',
    'a.b',
    '0',
  ),
  oddString(12),
);

/** Bodies that are not JSON at all, or JSON that no schema expects at the top. */
export const malformedJson: fc.Arbitrary<string> = fc.constantFrom(
  '',
  ' ',
  '{',
  '}',
  '{"a":}',
  '[1,]',
  "{'a':1}",
  '{"a":1}garbage',
  '{"a":1}{"b":2}',
  'NaN',
  'Infinity',
  'undefined',
  '\ufeff{}',
  'null',
  'true',
  '0',
  '"a string"',
  '[]',
  '[{}]',
  '{}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"a":"\\x41"}',
  '{"a":1,"a":2}',
  '\u0000',
  '<xml/>',
  'a=1&b=2',
);

/** Byte sequences that are not UTF-8: stray continuation, overlong, an encoded surrogate, 0xFF. */
export const badUtf8: fc.Arbitrary<Buffer> = fc.constantFrom(
  Buffer.from([0xff]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0x80]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0xe2, 0x82]),
);

/** Content types a JSON body is sent under: right, odd but right, and wrong. */
export const contentType: fc.Arbitrary<string | null> = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 12 },
  {
    arbitrary: fc.constantFrom(
      null,
      '',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      'application/json, text/plain',
      'application/merge-patch+json',
      'application/vnd.api+json',
      'application/ld+json',
      'application/x-ndjson',
      'text/plain',
      'text/html',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      '*/*',
      'json',
      ';;;',
    ),
    weight: 3,
  },
);

/** Authorization headers that carry no valid key. */
export const badAuthorization = (validLooking: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '',
      'Bearer',
      'Bearer ',
      'Bearer  ',
      'bearer x',
      'Basic dXNlcjpwYXNz',
      'Token abc',
      'Bearer a b',
      'Bearer fck_',
      'Bearer fck_000000000000.',
      'Bearer fck_000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'Bearer fck_zzzzzzzzzzzz.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      `Bearer ${'A'.repeat(10_000)}`,
      'Bearer é',
      'Bearer %00',
    ),
    ...(validLooking.length ? [fc.constantFrom(...validLooking)] : []),
    fc.string({ unit: 'binary-ascii', maxLength: 80 }).map((s) => `Bearer ${visible(s)}`),
  );

/** Query-string fragments that no parameter schema describes, written raw into the URL. */
export const rawQueryFragment: fc.Arbitrary<string> = fc.constantFrom(
  '',
  '&',
  '&&',
  '=',
  '==',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF=1',
  '%00=%00',
  'a',
  'a=',
  '=a',
  'a[]=1',
  'a[b]=1',
  '__proto__=1',
  '__proto__[polluted]=1',
  'constructor[prototype][polluted]=1',
  'limit=1&limit=2',
  'limit=-1',
  'limit=1e3',
  'limit=0x10',
  'cursor=',
  'q=',
  'q=%22',
  'q=*',
  'q=NEAR(',
  'sort=',
  'status=',
  'dryRun=yes',
  'dryRun=true&dryRun=false',
  '+=+',
  ';a=1',
);

/** Path segments that are not ids: each survives as one segment (no raw `/`, `?` or `#`). */
export const rawPathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%',
    '%zz',
    '%E0%A4%A',
    '%00',
    '%C0%AF',
    '%2F',
    '%2e%2e',
    '..',
    '.',
    '%20',
    '~',
    '*',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    'clm_',
    'act_',
    'src_',
    'evd_',
    'a'.repeat(501),
    'a'.repeat(5_000),
  ),
  oddString(30).map(encodeLoosely),
);

/** Header values as a client may send them: visible ASCII and Latin-1 only (what HTTP carries). */
export function visible(value: string): string {
  return [...value].map((c) => (/^[\t\x20-\x7e\x80-\xff]$/.test(c) ? c : '?')).join('');
}

/**
 * `encodeURIComponent` that does not throw on a lone surrogate: it is written as the three bytes
 * WTF-8 gives it (`%ED%A0%80`), which is exactly the malformed UTF-8 a server must refuse.
 */
export function encodeLoosely(value: string): string {
  if (!/[\ud800-\udfff]/.test(value)) return encodeURIComponent(value);
  let encoded = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0xd800 || code > 0xdfff) {
      encoded += encodeURIComponent(char);
      continue;
    }
    const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
    encoded += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
  }
  return encoded;
}
