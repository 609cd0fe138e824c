/**
 * JSON that stays inert inside an HTML `<script>` element, where publishers embed JSON-LD: `<`,
 * `>` and `&` written as `\u003c`, `\u003e`, `\u0026` (so no stored text can close the element or
 * open a comment), and U+2028/U+2029 escaped too (line terminators in older JavaScript). The result
 * parses to the same value.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => ESCAPES[char] ?? char);
}

const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
