import compress from '@fastify/compress';
import { validatorCompiler, type ZodTypeProvider } from '@fastify/type-provider-zod';
import Fastify, { type FastifyServerOptions, LogController } from 'fastify';
import type { Config } from './config.js';
import type { Store } from './db/store.js';
import { publicBaseUrl } from './http/base-url.js';
import { clientErrorHandler } from './http/client-errors.js';
import { responseSerializerCompiler } from './http/response-serializer.js';
import { problemType } from './lib/problem.js';
import { actorExamples } from './modules/actors/actors.examples.js';
import { actorRoutes } from './modules/actors/actors.routes.js';
import { auditExamples } from './modules/audit/audit.examples.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { bundleExamples } from './modules/bundles/bundles.examples.js';
import { bundleRoutes } from './modules/bundles/bundles.routes.js';
import { claimReviewExamples } from './modules/claimreview/claimreview.examples.js';
import { claimReviewRoutes } from './modules/claimreview/claimreview.routes.js';
import { catalogRoutes } from './modules/claims/catalog.routes.js';
import { claimExamples } from './modules/claims/claims.examples.js';
import { claimRoutes } from './modules/claims/claims.routes.js';
import { evidenceExamples } from './modules/evidence/evidence.examples.js';
import { evidenceRoutes } from './modules/evidence/evidence.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { keyExamples } from './modules/keys/keys.examples.js';
import { keyRoutes } from './modules/keys/keys.routes.js';
import { sourceExamples } from './modules/sources/sources.examples.js';
import { sourceRoutes } from './modules/sources/sources.routes.js';
import { authPlugin } from './plugins/auth.js';
import { bodyTimeoutsPlugin } from './plugins/body-timeouts.js';
import { corsPlugin } from './plugins/cors.js';
import { etagsPlugin } from './plugins/etags.js';
import { idempotencyPlugin } from './plugins/idempotency.js';
import { jsonBodyPlugin } from './plugins/json-body.js';
import { negotiationPlugin } from './plugins/negotiation.js';
import { openApiPlugin } from './plugins/openapi.js';
import { problemsPlugin, sendProblem } from './plugins/problems.js';
import { rateLimitsPlugin } from './plugins/rate-limits.js';
import { readCachePlugin } from './plugins/read-cache.js';
import { requestLogPlugin } from './plugins/request-log.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { streamedAnswersPlugin } from './plugins/streamed-answers.js';
import { urlTextPlugin } from './plugins/url-text.js';
import { APP_VERSION } from './version.js';

export type AppConfig = Pick<
  Config,
  | 'HOST'
  | 'PORT'
  | 'CORS_ORIGINS'
  | 'CORS_READ_ORIGINS'
  | 'LOG_LEVEL'
  | 'READ_REQUIRES_KEY'
  | 'BODY_LIMIT'
  | 'IMPORT_BODY_LIMIT'
  | 'IMPORT_JSON_LIMIT'
  | 'PUBLISHER_NAME'
  | 'PUBLISHER_URL'
  | 'PUBLIC_BASE_URL'
  | 'TRUST_PROXY'
  | 'HSTS_MAX_AGE'
  | 'RATE_LIMIT_READS'
  | 'RATE_LIMIT_READS_WINDOW'
  | 'RATE_LIMIT_WRITES'
  | 'RATE_LIMIT_WRITES_WINDOW'
  | 'RATE_LIMIT_BAD_KEYS'
  | 'RATE_LIMIT_BAD_KEYS_WINDOW'
  | 'REQUEST_TIMEOUT_MS'
  | 'IMPORT_IDLE_TIMEOUT_MS'
  | 'EXPORT_IDLE_TIMEOUT_MS'
  | 'READ_CACHE_MB'
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
    // Off unless a proxy in front sets X-Forwarded-For: rate limits key on the client's address.
    trustProxy: config.TRUST_PROXY,
    // What the HTTP parser refuses (431, malformed requests) is a problem document too.
    clientErrorHandler,
    // A URL that cannot be decoded gets the same problem document as every other error.
    frameworkErrors: (error, request, reply) =>
      sendProblem(reply.headers(request.server.baselineHeaders), {
        type: problemType('bad-url'),
        title: 'Bad Request',
        status: 400,
        detail: `The URL cannot be routed: ${error.message}`,
        instance: request.url,
      }),
  }).withTypeProvider<ZodTypeProvider>();
  const baseUrl = () => publicBaseUrl(config, app.server.address());
  const publisher = () => ({
    PUBLISHER_NAME: config.PUBLISHER_NAME,
    PUBLISHER_URL: config.PUBLISHER_URL,
    PUBLIC_BASE_URL: baseUrl(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  // Bodies are JSON only: anything else is a 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
  // Before every route: each inherits the one JSON parser (limits, UTF-8, depth, surrogates).
  await app.register(jsonBodyPlugin);

  await app.register(requestLogPlugin);
  await app.register(problemsPlugin);
  await app.register(urlTextPlugin);
  // No body may hold the server open forever: a stalled one is cut (408), an import rolled back.
  await app.register(bodyTimeoutsPlugin, {
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    importIdleTimeoutMs: config.IMPORT_IDLE_TIMEOUT_MS,
  });
  // Before any route is added: the explorer's routes get a CSP of their own.
  await app.register(securityHeadersPlugin, { hstsMaxAge: config.HSTS_MAX_AGE });
  await app.register(corsPlugin, {
    writeOrigins: config.CORS_ORIGINS,
    readOrigins: config.CORS_READ_ORIGINS,
    readRequiresKey: config.READ_REQUIRES_KEY,
  });
  // Before authentication, so that a client out of bad-key budget is refused before its key is.
  await app.register(rateLimitsPlugin, {
    store,
    reads: { max: config.RATE_LIMIT_READS, windowSeconds: config.RATE_LIMIT_READS_WINDOW },
    writes: { max: config.RATE_LIMIT_WRITES, windowSeconds: config.RATE_LIMIT_WRITES_WINDOW },
    badKeys: { max: config.RATE_LIMIT_BAD_KEYS, windowSeconds: config.RATE_LIMIT_BAD_KEYS_WINDOW },
  });
  await app.register(authPlugin, { store, readRequiresKey: config.READ_REQUIRES_KEY });
  await app.register(idempotencyPlugin, { store });
  await app.register(etagsPlugin);
  await app.register(negotiationPlugin);
  await app.register(readCachePlugin, { store, maxBytes: config.READ_CACHE_MB * 1_048_576 });
  await app.register(streamedAnswersPlugin, { idleTimeoutMs: config.EXPORT_IDLE_TIMEOUT_MS });
  // Last of the hooks that see an answer's bytes: the ETag, the idempotent replay and the kept
  // answer hold it as it is, each client gets it compressed as its Accept-Encoding asks (streamed
  // exports too). Request bodies are taken as sent, never inflated (no compressed-body bombs).
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    // JSON of every kind (problem+json, ld+json, NDJSON), text, and the explorer's scripts.
    customTypes:
      /^text\/(?!event-stream)|^application\/(?:[\w.-]+\+)?(?:json|x-ndjson|javascript)\b/,
    globalDecompression: false,
  });
  // After compression, so that the document and the explorer's files go compressed too; before
  // every API route, whose schemas it collects.
  await app.register(openApiPlugin, {
    version: APP_VERSION,
    readRequiresKey: config.READ_REQUIRES_KEY,
    publicBaseUrl: baseUrl,
    examples: [
      claimExamples,
      evidenceExamples,
      actorExamples,
      sourceExamples,
      auditExamples,
      keyExamples,
      claimReviewExamples,
      bundleExamples,
    ],
  });

  await app.register(healthRoutes, { store });
  await app.register(claimRoutes, { store, publisher });
  await app.register(evidenceRoutes, { store });
  await app.register(actorRoutes, { store });
  await app.register(sourceRoutes, { store });
  await app.register(catalogRoutes, { store });
  await app.register(auditRoutes, { store });
  await app.register(keyRoutes, { store });
  await app.register(claimReviewRoutes, {
    store,
    importJsonLimit: config.IMPORT_JSON_LIMIT,
    publisher,
  });
  await app.register(bundleRoutes, {
    store,
    importBodyLimit: config.IMPORT_BODY_LIMIT,
    importJsonLimit: config.IMPORT_JSON_LIMIT,
  });

  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
