import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { describeReport, isEmpty, seedDb } from './db/seed.js';
import { openSqliteStore } from './db/sqlite/store.js';
import { ensureFirstKey } from './modules/keys/keys.commands.js';

/** Config → database (migrated, seeded when empty) → app → listen; closes gracefully on signals. */
async function main(): Promise<void> {
  const config = loadConfig();
  const store = await attempt(`Cannot open the database ${config.DB_FILE}`, async () => {
    // Short waits for the write lock: a request kept behind an import answers 503, to retry.
    const opened = openSqliteStore(config.DB_FILE, { busyTimeoutMs: 250, lockTimeoutMs: 5000 });
    await opened.migrate();
    return opened;
  });
  const seedMessage =
    config.SEED === 'article' && (await isEmpty(store))
      ? describeReport(await seedDb(store))
      : null;

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
  const firstKey = await store.write((tx) => ensureFirstKey(tx));
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
