import cors from '@fastify/cors';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from '@fastify/type-provider-zod';
import Fastify, { type FastifyServerOptions, LogController } from 'fastify';
import type { Config } from './config.js';
import { closeDb, type Db } from './db/client.js';
import { problemType } from './lib/problem.js';
import { actorRoutes } from './modules/actors/actors.routes.js';
import { actorWriteRoutes } from './modules/actors/actors.write-routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { bundleRoutes } from './modules/bundles/bundles.routes.js';
import { claimReviewRoutes } from './modules/claimreview/claimreview.routes.js';
import { catalogRoutes } from './modules/claims/catalog.routes.js';
import { claimRoutes } from './modules/claims/claims.routes.js';
import { claimCrudRoutes, claimWriteRoutes } from './modules/claims/claims.write-routes.js';
import { evidenceRoutes } from './modules/evidence/evidence.routes.js';
import { evidenceWriteRoutes } from './modules/evidence/evidence.write-routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { keyRoutes } from './modules/keys/keys.routes.js';
import { sourceRoutes } from './modules/sources/sources.routes.js';
import { sourceWriteRoutes } from './modules/sources/sources.write-routes.js';
import { authPlugin } from './plugins/auth.js';
import { idempotencyPlugin } from './plugins/idempotency.js';
import { openApiPlugin } from './plugins/openapi.js';
import { problemsPlugin, sendProblem } from './plugins/problems.js';
import { requestLogPlugin } from './plugins/request-log.js';
import { APP_VERSION } from './version.js';

export type AppConfig = Pick<
  Config,
  | 'CORS_ORIGINS'
  | 'LOG_LEVEL'
  | 'READ_REQUIRES_KEY'
  | 'BODY_LIMIT'
  | 'IMPORT_BODY_LIMIT'
  | 'PUBLISHER_NAME'
  | 'PUBLISHER_URL'
  | 'PUBLIC_BASE_URL'
>;

export type BuildAppOptions = {
  config: AppConfig;
  db: Db;
  /**
   * Opens a second connection to the same database, for a streamed import whose transaction spans
   * many reads from the network (other requests must not join it). Without one, the app's own
   * connection is used: fine for a single user or a `:memory:` database.
   */
  connect?: () => Db;
  /** Overrides the pino logger options (e.g. pretty output in development). */
  logger?: FastifyServerOptions['logger'];
};

/** Builds the API without listening: server.ts, the tests and the CLIs all start from here. */
export async function buildApp({ config, db, logger, connect }: BuildAppOptions) {
  const app = Fastify({
    logger: logger ?? { level: config.LOG_LEVEL },
    // One line per request, written by the request-log plugin instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.BODY_LIMIT,
    // Room for the longest id or slug a path may carry (a longer one is simply not found).
    routerOptions: { maxParamLength: 500 },
    // A URL that cannot be decoded gets the same problem document as every other error.
    frameworkErrors: (error, request, reply) =>
      sendProblem(reply, {
        type: problemType('bad-url'),
        title: 'Bad Request',
        status: 400,
        detail: `The URL cannot be routed: ${error.message}`,
        instance: request.url,
      }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Bodies are JSON only: anything else is a 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');

  await app.register(requestLogPlugin);
  await app.register(problemsPlugin);
  const origins = config.CORS_ORIGINS;
  await app.register(cors, {
    origin: origins === null || origins.includes('*') ? '*' : origins,
    methods:
      origins === null
        ? ['GET', 'HEAD', 'OPTIONS']
        : ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'If-Match',
      'If-None-Match',
      'Idempotency-Key',
    ],
    exposedHeaders: ['ETag', 'Location'],
    maxAge: 600,
    // An OPTIONS without preflight headers is answered, not refused with a plain-text 400.
    strictPreflight: false,
  });
  await app.register(openApiPlugin, {
    version: APP_VERSION,
    readRequiresKey: config.READ_REQUIRES_KEY,
  });
  await app.register(authPlugin, { db, readRequiresKey: config.READ_REQUIRES_KEY });
  await app.register(idempotencyPlugin, { db });

  await app.register(healthRoutes, { db });
  await app.register(claimRoutes, { db });
  await app.register(claimCrudRoutes, { db });
  await app.register(claimWriteRoutes, { db });
  await app.register(evidenceRoutes, { db });
  await app.register(evidenceWriteRoutes, { db });
  await app.register(actorRoutes, { db });
  await app.register(actorWriteRoutes, { db });
  await app.register(sourceRoutes, { db });
  await app.register(sourceWriteRoutes, { db });
  await app.register(catalogRoutes, { db });
  await app.register(auditRoutes, { db });
  await app.register(keyRoutes, { db });
  await app.register(claimReviewRoutes, {
    db,
    importBodyLimit: config.IMPORT_BODY_LIMIT,
    publisher: {
      PUBLISHER_NAME: config.PUBLISHER_NAME,
      PUBLISHER_URL: config.PUBLISHER_URL,
      PUBLIC_BASE_URL: config.PUBLIC_BASE_URL,
    },
  });
  await app.register(bundleRoutes, {
    db,
    importBodyLimit: config.IMPORT_BODY_LIMIT,
    connect: () => {
      const own = connect?.() ?? db;
      return { db: own, release: () => own !== db && closeDb(own) };
    },
  });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
