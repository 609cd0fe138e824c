import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { databaseName, openConfiguredStore } from './db/open-store.js';
import { sqlState } from './db/pg/errors.js';
import { isEmpty, seedDb } from './db/seed.js';
import { describeSeed } from './db/seed-report.js';
import { sqliteCode } from './db/sqlite/errors.js';
import { ensureFirstKey } from './modules/keys/keys.commands.js';

/** Config → database (migrated, seeded when empty) → app → listen; closes gracefully on signals. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = databaseName(config);
  const store = await attempt(`Cannot open the database ${database}`, async () => {
    // A write kept behind an import (here or in another process) waits without blocking, then 503.
    const opened = openConfiguredStore(config, { lockTimeoutMs: 5000 });
    try {
      await opened.migrate();
    } catch (error) {
      await opened.close().catch(() => {});
      throw error;
    }
    return opened;
  });
  // Only an empty database is seeded; should another process fill it meanwhile, the seed keeps
  // what it finds (seedDb without force), so a start never overwrites an editor's work.
  const seedMessage = await attempt(`Cannot seed the database ${database}`, async () =>
    config.SEED === 'article' && (await isEmpty(store)) ? describeSeed(await seedDb(store)) : null,
  );

  const app = await buildApp({ config, store });
  if (seedMessage) app.log.info(seedMessage);
  app.addHook('onClose', async () => store.close());

  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      app.log.info(`${signal} received: finishing in-flight requests, then closing`);
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'error while closing');
          process.exit(1);
        },
      );
    });
  }

  const address = await app
    .listen({ host: config.HOST, port: config.PORT })
    .catch(async (error: unknown) => {
      await store.close();
      throw new StartupError(`Cannot listen on ${config.HOST}:${config.PORT}: ${messageOf(error)}`);
    });
  const firstKey = await attempt(`Cannot create the first API key in ${database}`, () =>
    store.write((tx) => ensureFirstKey(tx)),
  );
  if (firstKey) {
    // Printed once, plainly, so a newcomer can press "Authorize" in /docs; only its hash is kept.
    console.log(
      `\nNo API key existed, so an admin key named '${firstKey.name}' was created. It is shown only now:\n\n  ${firstKey.key}\n\nUse it as "Authorization: Bearer <key>" (or "Authorize" in /docs). Manage keys with "npm run keys".\n`,
    );
  }
  app.log.info(
    `Factcheck API on ${address} — explorer at ${address}/docs, document at ${address}/openapi.json; database ${database}`,
  );
}

/** A start-up failure the operator can act on: printed as one plain message. */
class StartupError extends Error {}

/** What SQLite's codes mean for an operator starting the server. */
const SQLITE_MEANINGS: Record<string, string> = {
  SQLITE_FULL: 'the disk is full (or DB_MAX_SIZE_MB is reached)',
  SQLITE_NOTADB: 'the file is not a SQLite database',
  SQLITE_CORRUPT: 'the database file is damaged',
  SQLITE_CANTOPEN: 'the file cannot be opened: is DB_FILE a folder, or is its folder not writable?',
  SQLITE_READONLY: 'the database is read-only (check the permissions of the file and its folder)',
  SQLITE_IOERR: 'the disk cannot be read or written',
  SQLITE_BUSY:
    'another process has the database to itself (a first load from the command line): start again once it ends',
};

/** What PostgreSQL's SQLSTATEs and the network's codes mean for an operator starting the server. */
const PG_MEANINGS: Record<string, string> = {
  ECONNREFUSED: 'no PostgreSQL server answers at that host and port (is it running?)',
  ENOTFOUND: 'the host of DATABASE_URL is not known',
  EHOSTUNREACH: 'the host of DATABASE_URL cannot be reached',
  ETIMEDOUT: 'the server of DATABASE_URL did not answer in time',
  '28P01': 'the server refused the user name or password of DATABASE_URL',
  '28000': 'the server does not let this user connect (see its pg_hba.conf)',
  '3D000': 'the database of DATABASE_URL does not exist (create it: createdb -O <role> <name>)',
  '42501': 'the role of DATABASE_URL lacks a permission it needs (it must own the database)',
  '53100': 'the disk of the PostgreSQL server is full',
  '53300': 'the PostgreSQL server has no connection left (max_connections)',
  '57P03': 'the PostgreSQL server is starting up or shutting down',
};

/** One line: the engine's fault in plain words (from under any wrapper), else the error's message. */
function messageOf(error: unknown): string {
  const code = sqliteCode(error);
  if (code !== undefined) {
    const known = Object.keys(SQLITE_MEANINGS).find((c) => code === c || code.startsWith(`${c}_`));
    return `${(known && SQLITE_MEANINGS[known]) ?? rootMessage(error)} (${code})`;
  }
  const pgCode = sqlState(error) ?? networkCode(error);
  if (pgCode !== undefined && PG_MEANINGS[pgCode] !== undefined) {
    return `${PG_MEANINGS[pgCode]} (${pgCode})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** A socket's error code (ECONNREFUSED…), from under any wrapper or among several attempts. */
function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const { code } = e as { code?: unknown };
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    const [first] = e instanceof AggregateError ? (e.errors as unknown[]) : [];
    e = first ?? e.cause;
  }
  return undefined;
}

function rootMessage(error: unknown): string {
  let e = error;
  for (let depth = 0; e instanceof Error && e.cause instanceof Error && depth < 5; depth++) {
    e = e.cause;
  }
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}

async function attempt<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw new StartupError(`${what}: ${messageOf(error)}`);
  }
}

main().catch((error: unknown) => {
  const plain = error instanceof ConfigError || error instanceof StartupError;
  console.error(plain ? (error as Error).message : error);
  process.exit(1);
});
