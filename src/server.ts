import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { closeDb, openDb } from './db/client.js';
import { migrateDb } from './db/migrate.js';
import { describeReport, isEmpty, seedDb } from './db/seed.js';
import { ensureFirstKey } from './modules/keys/keys.service.js';

/** Config → database (migrated, seeded when empty) → app → listen; closes gracefully on signals. */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = attempt(`Cannot open the database ${config.DB_FILE}`, () => {
    const opened = openDb(config.DB_FILE, 250);
    migrateDb(opened);
    return opened;
  });
  const seedMessage = config.SEED === 'article' && isEmpty(db) ? describeReport(seedDb(db)) : null;

  const connect = config.DB_FILE === ':memory:' ? undefined : () => openDb(config.DB_FILE);
  const app = await buildApp({ config, db, connect });
  if (seedMessage) app.log.info(seedMessage);
  app.addHook('onClose', async () => closeDb(db));

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
    .catch((error: unknown) => {
      closeDb(db);
      throw new StartupError(`Cannot listen on ${config.HOST}:${config.PORT}: ${messageOf(error)}`);
    });
  const firstKey = ensureFirstKey(db);
  if (firstKey) {
    // Printed once, plainly, so a newcomer can press "Authorize" in /docs; only its hash is kept.
    console.log(
      `\nNo API key existed, so an admin key named '${firstKey.name}' was created. It is shown only now:\n\n  ${firstKey.key}\n\nUse it as "Authorization: Bearer <key>" (or "Authorize" in /docs). Manage keys with "npm run keys".\n`,
    );
  }
  app.log.info(
    `Factcheck API on ${address} — explorer at ${address}/docs, document at ${address}/openapi.json`,
  );
}

/** A start-up failure the operator can act on: printed as one plain message. */
class StartupError extends Error {}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function attempt<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new StartupError(`${what}: ${messageOf(error)}`);
  }
}

main().catch((error: unknown) => {
  const plain = error instanceof ConfigError || error instanceof StartupError;
  console.error(plain ? (error as Error).message : error);
  process.exit(1);
});
