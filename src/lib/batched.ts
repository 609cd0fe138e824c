/**
 * The same text in fewer, larger pieces: strings joined until a piece holds at least `size`
 * characters. A stream of one small write per record costs more in writing than in making them.
 */
export async function* batched(
  pieces: AsyncIterable<string>,
  size = 64 * 1024,
): AsyncGenerator<string> {
  let held: string[] = [];
  let length = 0;
  for await (const piece of pieces) {
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
