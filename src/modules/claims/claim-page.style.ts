import { createHash } from 'node:crypto';

/** The page's one style sheet, inline: a page that loads nothing needs no other origin. */
export const CLAIM_PAGE_CSS = [
  ':root{color-scheme:light dark}',
  'body{font:1rem/1.55 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem 1.25rem 3rem}',
  'h1{font-size:1.55rem;line-height:1.3;white-space:pre-line}',
  'h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #8884}',
  'h3{font-size:1rem;margin-bottom:.25rem}',
  'blockquote{margin:.4rem 0;padding-left:.9rem;border-left:3px solid #8888;white-space:pre-line}',
  '.note,.summary{white-space:pre-line}',
  '.meta{opacity:.75;font-size:.92rem}',
  '.status{display:inline-block;padding:0 .5rem;border-radius:.3rem;font-weight:600;background:#8882}',
  '.status-refuted,.status-misleading{background:#d3323233}',
  '.status-supported{background:#2e7d3233}',
  '.status-disputed,.status-unsubstantiated{background:#ef6c0033}',
  'li{margin:.4rem 0}',
  'footer{margin-top:3rem;font-size:.9rem}',
].join('\n');

/**
 * The page's Content-Security-Policy: the API's (nothing loads, nothing runs, no framing) but for
 * its own style sheet, allowed by its hash. The JSON-LD `<script>` is a data block, never run, so
 * it needs no `script-src`.
 */
export const CLAIM_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CLAIM_PAGE_CSS).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
