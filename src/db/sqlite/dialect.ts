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
import { sqliteSearch } from './search.js';

/**
 * SQLite's words for the dialect's pieces. Related rows are read as correlated subqueries
 * returning JSON: SQLite answers these far faster than a join (a point lookup each), and a row's
 * lists come back whole without a statement of their own.
 */
export const sqliteDialect: SqlDialect = {
  textListOf: (column, from, where) =>
    asStringList(
      sql`(SELECT json_group_array(${qualified(column)} ORDER BY ${qualified(column)}) FROM ${from} WHERE ${where})`,
    ),
  rowOf<F extends Fields>(fields: F, from: SQL, where: SQL) {
    return asRow<F>(sql`(SELECT json_object(${namedValues(fields)}) FROM ${from} WHERE ${where})`);
  },
  objectOf: <F extends Fields>(fields: F) => asObject<F>(sql`json_object(${namedValues(fields)})`),
  nested: <T>(row: SQL<T>) => sql<T>`json(${row})`,
  jsonValue: (column) => sql<unknown>`json(${qualified(column)})`,
  inIdList: (column) => sql`${column} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`,
  containsText: (column, text) => sql`${column} LIKE ${containsPattern(text)} ESCAPE '\\'`,
  anyElementContains: (column, text) =>
    sql`EXISTS (SELECT 1 FROM json_each(${column}) WHERE value LIKE ${containsPattern(text)} ESCAPE '\\')`,
  nameOrElementIn: (column, arrayColumn, names) => {
    const list = lowerCaseList(names);
    return sql`(lower(${column}) IN (${list}) OR EXISTS (SELECT 1 FROM json_each(${arrayColumn}) WHERE lower(value) IN (${list})))`;
  },
  // `+column`: a no-op SQLite's planner reads as "not an indexed column".
  filterOnly: (column) => sql`+${column}`,
  search: sqliteSearch,
};
