import pg from 'pg';

/**
 * The app's queries are the same on both engines (see store.ts), and their columns decode values
 * as better-sqlite3 hands them over: JSON as its text (the schema's JSON columns parse it), 64-bit
 * integers (row keys, counts) as numbers. node-postgres would parse JSON itself and give int8 as
 * a string; drizzle reads values through node-postgres's global parsers, so those are set here,
 * once, by the store that needs them.
 */
export function decodeValuesAsSqliteDoes(): void {
  const asText = (value: string) => value;
  pg.types.setTypeParser(pg.types.builtins.JSON, asText);
  pg.types.setTypeParser(pg.types.builtins.JSONB, asText);
  pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
}
