import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

type Directives = Record<string, string[]>;

/** What a JSON response may do in a browser that opens it: nothing at all, not even be framed. */
export const API_CSP: Directives = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The headers every response carries, for the few answered outside the request hooks (a URL that
 * cannot be routed, a request the HTTP parser refuses).
 */
export const BASELINE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': cspText(API_CSP),
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/**
 * helmet on every response: a CSP that forbids everything on the API's JSON, and on Swagger UI
 * (/docs) only its own same-origin scripts, styles and calls; no framing; no referrer; HSTS only
 * when the API is served over HTTPS (`hstsMaxAge` > 0), since on plain http it would be wrong.
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, opts: { hstsMaxAge: number }) => {
    const https = opts.hstsMaxAge > 0;
    const docs = docsCsp(https);
    // Before helmet's own onRoute hook, which turns `route.helmet` into the route's config.
    app.addHook('onRoute', (route) => {
      if (route.url === '/docs' || route.url.startsWith('/docs/')) {
        route.helmet = { contentSecurityPolicy: { useDefaults: false, directives: docs } };
      }
    });
    await app.register(helmet, {
      global: true,
      contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: https
        ? { maxAge: opts.hstsMaxAge, includeSubDomains: false }
        : false,
    });
  },
);

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

export function cspText(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join(';');
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
