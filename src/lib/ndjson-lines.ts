/**
 * NDJSON lines from a byte stream, each decoded strictly. The bytes are split at `\n` before they
 * are decoded (a 0x0A byte is never part of a multi-byte UTF-8 character), so a line that is not
 * UTF-8 is named by its number instead of being read with U+FFFD in place of its bytes; and a line
 * is held only up to `maxBytes`, so no line can exhaust memory or outgrow a string.
 */

export type NdjsonLine =
  | { line: number; text: string }
  | { line: number; error: string; text?: undefined };

/** 32 MiB, the default IMPORT_JSON_LIMIT: one record is never larger than a whole JSON import. */
export const NDJSON_LINE_LIMIT = 33_554_432;

export async function* ndjsonLines(
  input: AsyncIterable<Uint8Array | string>,
  maxBytes: number = NDJSON_LINE_LIMIT,
): AsyncGenerator<NdjsonLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Uint8Array[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;

  const take = (bytes: Uint8Array) => {
    size += bytes.length;
    if (size > maxBytes) {
      tooLong = true;
      parts = [];
    } else if (!tooLong && bytes.length > 0) {
      parts.push(bytes);
    }
  };
  const finish = (): NdjsonLine => {
    line++;
    const held = parts;
    const over = tooLong;
    parts = [];
    size = 0;
    tooLong = false;
    if (over) return { line, error: `is over ${maxBytes} bytes` };
    try {
      const whole = held.length === 1 ? held[0] : undefined;
      return { line, text: decoder.decode(whole ?? Buffer.concat(held)) };
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      return { line, error: 'is not UTF-8: NDJSON is sent as UTF-8' };
    }
  };

  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let from = 0;
    for (let newline = bytes.indexOf(0x0a); newline !== -1; newline = bytes.indexOf(0x0a, from)) {
      take(bytes.subarray(from, newline));
      yield finish();
      from = newline + 1;
    }
    take(bytes.subarray(from));
  }
  if (size > 0 || tooLong) yield finish();
}
