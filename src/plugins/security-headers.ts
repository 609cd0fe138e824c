import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

type Directives = Record<string, string[]>;

/** What a JSON response may do in a browser that opens it: nothing at all, not even be framed. */
export const API_CSP: Directives = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
};

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The headers helmet gives every response, for the few answered outside the request hooks (a
     * URL that cannot be routed, a request the HTTP parser refuses).
     */
    baselineHeaders: Record<string, string>;
  }
}

/** helmet's options for the API (the explorer's routes get a CSP of their own). */
function helmetOptions(hstsMaxAge: number) {
  return {
    contentSecurityPolicy: { useDefaults: false as const, directives: API_CSP },
    xFrameOptions: { action: 'deny' as const },
    referrerPolicy: { policy: 'no-referrer' as const },
    strictTransportSecurity:
      hstsMaxAge > 0 ? { maxAge: hstsMaxAge, includeSubDomains: false } : false,
  };
}

/** What helmet sets with these options, read from helmet itself on a response nobody sends. */
export function headersOf(options: HelmetOptions): Record<string, string> {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  helmet(options)(response.req, response, () => {});
  return Object.fromEntries(
    Object.entries(response.getHeaders()).map(([name, value]) => [name, String(value)]),
  );
}

/**
 * helmet's headers on every response: a CSP that forbids everything on the API's JSON, and on
 * Swagger UI (/docs) only its own same-origin scripts, styles and calls; no framing; no referrer;
 * HSTS only when the API is served over HTTPS (`hstsMaxAge` > 0), since on plain http it would be
 * wrong. helmet works them out once for each of the two CSPs; every response copies one set.
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, opts: { hstsMaxAge: number }) => {
    const options = helmetOptions(opts.hstsMaxAge);
    const api = headersOf(options);
    const docs = headersOf({
      ...options,
      contentSecurityPolicy: { useDefaults: false, directives: docsCsp(opts.hstsMaxAge > 0) },
    });
    app.decorate('baselineHeaders', api);
    app.addHook('onRequest', (request, reply, done) => {
      reply.headers(isDocs(request.routeOptions.url) ? docs : api);
      done();
    });
  },
);

function isDocs(url: string | undefined): boolean {
  return url !== undefined && (url === '/docs' || url.startsWith('/docs/'));
}

/**
 * Swagger UI's page loads three scripts and two stylesheets of its own and fetches the document
 * and the API from the same origin; its CSS draws icons from `data:` images. The one inline style
 * it injects (an SVG logo's `<style>`) is allowed by its hash, nothing else inline.
 */
export function docsCsp(https: boolean): Directives {
  return {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", ...swaggerUiStyleHashes()],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'form-action': ["'self'"],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

let styleHashes: string[] | undefined;

/**
 * Hashes of the `<style>` elements the Swagger UI bundles create (found in the installed files, so
 * an upgrade that changes them keeps working); read once per process.
 */
export function swaggerUiStyleHashes(): string[] {
  if (styleHashes) return styleHashes;
  const hashes = new Set<string>();
  try {
    const root = dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui'));
    for (const file of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']) {
      const source = readFileSync(join(root, 'static', file), 'utf8');
      for (const match of source.matchAll(/createElement\("style",null,("(?:[^"\\]|\\.)*")\)/g)) {
        const css = JSON.parse(match[1] ?? '""') as string;
        hashes.add(`'sha256-${createHash('sha256').update(css).digest('base64')}'`);
      }
    }
  } catch {
    // Without the hashes only the logo's colours are lost; the explorer still works.
  }
  styleHashes = [...hashes];
  return styleHashes;
}
