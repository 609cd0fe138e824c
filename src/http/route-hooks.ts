/**
 * A route's own hooks of one kind, as a list: plugins add theirs in `onRoute` to the routes that
 * need them, so that other requests do not pass through them.
 */
export function hooksOf<H>(hooks: H | H[] | undefined): H[] {
  if (hooks === undefined) return [];
  return Array.isArray(hooks) ? hooks : [hooks];
}
