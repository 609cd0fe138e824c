/**
 * The same text in fewer, larger pieces: strings joined until a piece holds at least `size`
 * characters. A stream of one small write per record costs more in writing than in making them.
 * Bytes pass as they come (in order), for they come made.
 */
export async function* batched<T extends string | Uint8Array>(
  pieces: AsyncIterable<T>,
  size = 64 * 1024,
): AsyncGenerator<string | T> {
  let held: string[] = [];
  let length = 0;
  for await (const piece of pieces) {
    if (typeof piece !== 'string') {
      if (held.length > 0) yield held.join('');
      held = [];
      length = 0;
      yield piece;
      continue;
    }
    held.push(piece);
    length += piece.length;
    if (length >= size) {
      yield held.join('');
      held = [];
      length = 0;
    }
  }
  if (held.length > 0) yield held.join('');
}
