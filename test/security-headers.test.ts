import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, type TestContext } from './helpers/app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await makeApp();
});
afterAll(() => ctx.close());

type Headers = Record<string, string | string[] | number | undefined>;

function csp(headers: Headers): Map<string, string[]> {
  const policy = String(headers['content-security-policy'] ?? '');
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...values]) => [name.toLowerCase(), values]),
  );
}

/** What a directive allows, falling back to default-src as browsers do. */
function sources(policy: Map<string, string[]>, directive: string): string[] {
  return policy.get(directive) ?? policy.get('default-src') ?? [];
}

function expectHardened(headers: Headers) {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['cross-origin-resource-policy']).toBe('same-origin');
  expect(headers['x-powered-by']).toBeUndefined();
  // Wrong on plain http://: only sent when configured.
  expect(headers['strict-transport-security']).toBeUndefined();
  expect(csp(headers).get('frame-ancestors')).toEqual(["'none'"]);
}

describe('security headers on the API', () => {
  it('when a JSON resource, a problem or a 404 is answered, then it carries the headers and a CSP that allows nothing', async () => {
    const keys = await makeKeys(ctx.store);
    const responses = [
      await ctx.app.inject({ url: '/claims?limit=1' }),
      await ctx.app.inject({ url: '/nowhere' }),
      await ctx.app.inject({ url: '/claims', headers: { authorization: 'Bearer nope' } }),
      await ctx.app.inject({
        method: 'POST',
        url: '/actors',
        headers: { authorization: `Bearer ${keys.editor}` },
        payload: { kind: 'person', name: 'Headers Check' },
      }),
      // A URL that cannot be routed is answered before the request hooks run.
      await ctx.app.inject({ url: '/%E0%A4%A' }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 404, 401, 201, 400]);
    for (const response of responses) {
      expectHardened(response.headers);
      expect(sources(csp(response.headers), 'script-src')).toEqual(["'none'"]);
      expect(csp(response.headers).get('default-src')).toEqual(["'none'"]);
    }
  });

  it('when HSTS_MAX_AGE is set (HTTPS deployments), then Strict-Transport-Security is sent', async () => {
    const https = await makeApp({ seed: false, hstsMaxAge: 31_536_000 });
    const response = await https.app.inject({ url: '/health' });
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(csp(response.headers).get('default-src')).toEqual(["'none'"]);
    const docs = await https.app.inject({ url: '/docs/' });
    expect(csp(docs.headers).has('upgrade-insecure-requests')).toBe(true);
    await https.close();
  });
});

describe('the explorer (/docs) under its CSP', () => {
  for (const page of ['/docs/', '/docs']) {
    it(`when ${page} is loaded, then every script, stylesheet and call it makes is allowed and served from the same origin`, async () => {
      const response = await ctx.app.inject({ url: page });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expectHardened(response.headers);
      const policy = csp(response.headers);
      expect(policy.get('default-src')).toEqual(["'none'"]);
      const html = response.body;

      // Nothing inline that the policy would have to allow: no inline script, handler or style.
      const scriptTags = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scriptTags.length).toBeGreaterThan(0);
      for (const [, attributes = '', body = ''] of scriptTags) {
        expect(attributes).toMatch(/\bsrc="/);
        expect(body.trim()).toBe('');
      }
      expect(html).not.toMatch(/<style\b/i);
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/\sstyle\s*=/i);

      const base = new URL(page, 'http://api.example');
      const assets = [
        ...scriptTags.map(([, attributes = '']) => ({
          kind: 'script-src',
          href: /\bsrc="([^"]+)"/.exec(attributes)?.[1] ?? '',
        })),
        ...[...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/gi)].map((m) => ({
          kind: 'style-src',
          href: m[1] ?? '',
        })),
        ...[...html.matchAll(/<link\b[^>]*rel="icon"[^>]*href="([^"]+)"/gi)].map((m) => ({
          kind: 'img-src',
          href: m[1] ?? '',
        })),
      ];
      expect(assets.filter((a) => a.kind === 'style-src').length).toBeGreaterThan(0);
      for (const asset of assets) {
        const url = new URL(asset.href, base);
        // Nothing from another origin, so 'self' is all the policy needs to allow.
        expect(url.origin, asset.href).toBe(base.origin);
        expect(sources(policy, asset.kind), asset.kind).toContain("'self'");
        const loaded = await ctx.app.inject({ url: url.pathname });
        expect(loaded.statusCode, url.pathname).toBe(200);
        expect(loaded.headers['x-content-type-options']).toBe('nosniff');
      }

      // The initializer fetches the document from ./json: a same-origin call.
      const initializer = await ctx.app.inject({ url: '/docs/static/swagger-initializer.js' });
      expect(initializer.body).toContain("resolveUrl('./json')");
      // No URL of another origin in its code (a comment links to Stack Overflow).
      expect(initializer.body).not.toMatch(/['"`]https?:\/\//);
      expect(sources(policy, 'connect-src')).toContain("'self'");
      expect((await ctx.app.inject({ url: '/docs/json' })).statusCode).toBe(200);
      // The stylesheet draws its icons, and the initializer its logo, from data: URIs.
      expect(initializer.body).toContain("img.src = 'data:image/svg+xml");
      const css = await ctx.app.inject({ url: '/docs/static/swagger-ui.css' });
      expect(css.body).toContain('url("data:image/svg+xml');
      expect(sources(policy, 'img-src')).toEqual(expect.arrayContaining(["'self'", 'data:']));
      // Never unsafe-inline or unsafe-eval.
      expect(String(response.headers['content-security-policy'])).not.toMatch(/unsafe/);
    });
  }

  it('when the UI bundles inject an inline <style>, then its hash is in style-src, and they need no eval', async () => {
    const policy = csp((await ctx.app.inject({ url: '/docs/' })).headers);
    let injected = 0;
    for (const file of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']) {
      const js = (await ctx.app.inject({ url: `/docs/static/${file}` })).body;
      for (const m of js.matchAll(/createElement\("style",null,("(?:[^"\\]|\\.)*")\)/g)) {
        const hash = createHash('sha256')
          .update(JSON.parse(m[1] ?? '""') as string)
          .digest('base64');
        expect(policy.get('style-src')).toContain(`'sha256-${hash}'`);
        injected++;
      }
      // The one `new Function` is webpack's globalThis fallback, never reached in a browser.
      expect(js.match(/new Function\(/g)?.length ?? 0).toBeLessThanOrEqual(1);
      expect(js).toContain('"object"==typeof globalThis)return globalThis');
    }
    expect(injected).toBeGreaterThan(0);
  });
});
