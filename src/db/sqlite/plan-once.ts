/**
 * SQLite's planner looks at the value bound to `x = ?` (in a statement with an ORDER BY) and to
 * `LIMIT ?`, and so marks the statement to be compiled again whenever a value is bound: a few
 * microseconds on every run, more than most of the app's statements take to run. Written `+?`
 * (a no-op on any value, which the planner does not look into) the parameter is plain again:
 * the same plan, chosen once, for every value. Quoted text is left as it is.
 */
export function planOnce(sql: string): string {
  return sql
    .split(QUOTED)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(PROBED, '$1 +?')))
    .join('');
}

/** A string literal or a quoted name, kept whole by `split` (the capture group). */
const QUOTED = /('(?:[^']|'')*'|"(?:[^"]|"")*")/;

/** A parameter the planner would read: compared for equality, or a LIMIT or OFFSET. */
const PROBED = /(=|\blimit|\boffset)\s*\?/gi;
