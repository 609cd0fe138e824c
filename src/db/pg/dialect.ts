import { type SQL, sql } from 'drizzle-orm';
import {
  asObject,
  asRow,
  asStringList,
  containsPattern,
  type Fields,
  lowerCaseList,
  namedValues,
  qualified,
  type SqlDialect,
} from '../dialect.js';
import { pgSearch } from './search.js';

/** PostgreSQL's words for the dialect's pieces (JSON arrives as text, see value-types.ts). */
export const pgDialect: SqlDialect = {
  textListOf: (column, from, where) =>
    asStringList(
      sql`(SELECT coalesce(json_agg(${qualified(column)} ORDER BY ${qualified(column)}), '[]'::json) FROM ${from} WHERE ${where})`,
    ),
  rowOf<F extends Fields>(fields: F, from: SQL, where: SQL) {
    return asRow<F>(
      sql`(SELECT json_build_object(${namedValues(fields)}) FROM ${from} WHERE ${where})`,
    );
  },
  nested: (row) => row,
  objectOf: <F extends Fields>(fields: F) =>
    asObject<F>(sql`json_build_object(${namedValues(fields)})`),
  rowsOf: <T>(query: SQL) =>
    sql<T[]>`(SELECT coalesce(json_agg(parts.row), '[]'::json) FROM (${query}) AS parts)`.mapWith(
      (text: string) => JSON.parse(text) as T[],
    ),
  jsonValue: (column) => sql<unknown>`${qualified(column)}`,
  inIdList: (column) =>
    sql`${column} IN (SELECT json_array_elements_text(${sql.placeholder('ids')}::json))`,
  containsText: (column, text) => sql`${column} ILIKE ${containsPattern(text)} ESCAPE '\\'`,
  anyElementContains: (column, text) =>
    sql`EXISTS (SELECT 1 FROM jsonb_array_elements_text(${column}) AS e(value) WHERE value ILIKE ${containsPattern(text)} ESCAPE '\\')`,
  nameOrElementIn: (column, arrayColumn, names) => {
    const list = lowerCaseList(names);
    return sql`(lower(${column}) IN (${list}) OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(${arrayColumn}) AS e(value) WHERE lower(value) IN (${list})))`;
  },
  // PostgreSQL's planner needs no hint.
  filterOnly: (column) => sql`${column}`,
  search: pgSearch,
};
