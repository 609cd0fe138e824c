import cors from '@fastify/cors';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from '@fastify/type-provider-zod';
import Fastify, { type FastifyServerOptions, LogController } from 'fastify';
import type { Config } from './config.js';
import type { Store } from './db/store.js';
import { problemType } from './lib/problem.js';
import { actorRoutes } from './modules/actors/actors.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { bundleRoutes } from './modules/bundles/bundles.routes.js';
import { claimReviewRoutes } from './modules/claimreview/claimreview.routes.js';
import { catalogRoutes } from './modules/claims/catalog.routes.js';
import { claimRoutes } from './modules/claims/claims.routes.js';
import { evidenceRoutes } from './modules/evidence/evidence.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { keyRoutes } from './modules/keys/keys.routes.js';
import { sourceRoutes } from './modules/sources/sources.routes.js';
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
  /** Where the record is kept: every route reads and writes through it. */
  store: Store;
  /** Overrides the pino logger options (e.g. pretty output in development). */
  logger?: FastifyServerOptions['logger'];
};

/** Builds the API without listening: server.ts, the tests and the CLIs all start from here. */
export async function buildApp({ config, store, logger }: BuildAppOptions) {
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
  await app.register(authPlugin, { store, readRequiresKey: config.READ_REQUIRES_KEY });
  await app.register(idempotencyPlugin, { store });

  await app.register(healthRoutes, { store });
  await app.register(claimRoutes, { store });
  await app.register(evidenceRoutes, { store });
  await app.register(actorRoutes, { store });
  await app.register(sourceRoutes, { store });
  await app.register(catalogRoutes, { store });
  await app.register(auditRoutes, { store });
  await app.register(keyRoutes, { store });
  await app.register(claimReviewRoutes, {
    store,
    importBodyLimit: config.IMPORT_BODY_LIMIT,
    publisher: {
      PUBLISHER_NAME: config.PUBLISHER_NAME,
      PUBLISHER_URL: config.PUBLISHER_URL,
      PUBLIC_BASE_URL: config.PUBLIC_BASE_URL,
    },
  });
  await app.register(bundleRoutes, { store, importBodyLimit: config.IMPORT_BODY_LIMIT });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
