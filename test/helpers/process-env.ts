import { join } from 'node:path';
import { inject } from 'vitest';
import { TEST_ENGINE } from './app.js';
import { clusterAt, createDatabase, dropDatabase } from './pg-cluster.js';

/** The environment of a process a test starts, without any database the test run itself names. */
export function processEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DB_FILE: _file, ...rest } = process.env;
  return { ...rest, ...extra };
}

/**
 * A database of its own for the processes a test starts (the server, the command-line tools), as
 * the variables that name it: the file `name` in `dir` on SQLite (`DB_FILE`), a new empty database of the
 * run's server on PostgreSQL (`DATABASE_URL`). Either is created and migrated by the process.
 */
export async function databaseEnv(
  dir: string,
  name: string,
): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (TEST_ENGINE === 'pg') {
    const cluster = clusterAt(inject('pgAdminUrl'));
    const url = await createDatabase(cluster, { migrated: false });
    return { env: { DATABASE_URL: url }, drop: () => dropDatabase(cluster, url) };
  }
  return { env: { DB_FILE: join(dir, name) }, drop: async () => {} };
}

/** One database per name, made on first use, dropped together. */
export function databasesIn(dir: string) {
  const made = new Map<string, Awaited<ReturnType<typeof databaseEnv>>>();
  return {
    async env(name: string): Promise<Record<string, string>> {
      let database = made.get(name);
      if (!database) {
        database = await databaseEnv(dir, name);
        made.set(name, database);
      }
      return database.env;
    },
    async dropAll(): Promise<void> {
      for (const database of made.values()) await database.drop();
      made.clear();
    },
  };
}
