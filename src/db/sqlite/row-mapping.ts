import { Column, is, noopDecoder, SQL, Subquery } from 'drizzle-orm';
import { placeholderFiller } from './placeholders.js';

/** What drizzle's prepared better-sqlite3 select holds (not part of its typed API). */
type SelectInternals = {
  executeMethod?: unknown;
  stmt?: { raw(toggle?: boolean): { all(...params: unknown[]): unknown[][] } };
  query?: { params: unknown[] };
  fields?: { path: string[]; field: unknown }[];
  customResultMapper?: unknown;
};

type Decoder = { mapFromDriverValue(value: unknown): unknown };

const identity = (value: unknown) => value;

// `decoder` is internal to drizzle's SQL.
const sqlDecoder = (query: SQL) => (query as unknown as { decoder: Decoder }).decoder;

function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field;
  if (is(field, SQL)) return sqlDecoder(field);
  if (is(field, Subquery)) return sqlDecoder(field._.sql as SQL);
  return sqlDecoder((field as SQL.Aliased).sql);
}

const passedThrough = new Set<unknown>([
  Column.prototype.mapFromDriverValue,
  noopDecoder.mapFromDriverValue,
]);

/**
 * Rows of a prepared flat select (one level of fields, as the app's reads are), mapped with each
 * field's decoder found once: drizzle looks every field's kind up again for every row, which cost
 * a fifth of an export. Undefined for anything else, which drizzle then maps itself.
 */
export function rowsMappedOnce<R>(
  query: unknown,
): ((values?: Record<string, unknown>) => R) | undefined {
  const q = query as SelectInternals;
  const { stmt, fields } = q;
  const params = q.query?.params;
  if (q.executeMethod !== 'all' || q.customResultMapper || !stmt || !fields || !params)
    return undefined;
  if (!fields.every((f) => f.path.length === 1)) return undefined;
  const names = fields.map((f) => f.path[0] as string);
  const decode = fields.map(({ field }) => {
    const decoder = decoderOf(field);
    return passedThrough.has(decoder.mapFromDriverValue)
      ? identity
      : (value: unknown) => decoder.mapFromDriverValue(value);
  });
  const raw = stmt.raw(true);
  const fill = placeholderFiller(params);
  const count = names.length;
  return (values) => {
    const rows = raw.all(...fill(values));
    const mapped: Record<string, unknown>[] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as unknown[];
      const object: Record<string, unknown> = {};
      for (let i = 0; i < count; i++) {
        const value = row[i];
        object[names[i] as string] =
          value === null ? null : (decode[i] as (v: unknown) => unknown)(value);
      }
      mapped[r] = object;
    }
    return mapped as R;
  };
}
