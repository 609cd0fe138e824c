import type { FastifySwaggerUiOptions } from '@fastify/swagger-ui';

/** Factcheck's mark: a check in a speech bubble, in the explorer's bar and the browser's tab. */
const MARK = `<path d="M6 6h52a4 4 0 0 1 4 4v34a4 4 0 0 1-4 4H26l-12 10v-10H6a4 4 0 0 1-4-4V10a4 4 0 0 1 4-4z" fill="#1f6f4a"/><path d="M18 27l9 9 19-19" fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>`;

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="220" height="48" viewBox="0 0 290 64" role="img" aria-label="Factcheck API">${MARK}<text x="74" y="43" font-family="system-ui, sans-serif" font-size="34" font-weight="700" fill="#fff">Factcheck API</text></svg>`;

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">${MARK}</svg>`;

/**
 * How the explorer at /docs presents itself: the project's name and mark instead of the
 * library's, the key kept across reloads (in the browser's local storage, as Swagger UI does), and
 * nothing fetched from elsewhere (no validator badge).
 */
export const EXPLORER_LOOK: Pick<
  FastifySwaggerUiOptions,
  'theme' | 'logo' | 'uiConfig' | 'validatorUrl'
> = {
  theme: {
    title: 'Factcheck API — explorer',
    favicon: [
      {
        filename: 'factcheck.svg',
        rel: 'icon',
        type: 'image/svg+xml',
        sizes: 'any',
        content: Buffer.from(ICON),
      },
    ],
  },
  logo: { type: 'image/svg+xml', content: Buffer.from(LOGO), href: '/docs', target: '_self' },
  uiConfig: {
    persistAuthorization: true,
    displayRequestDuration: true,
    tryItOutEnabled: true,
    docExpansion: 'list',
  },
  validatorUrl: false,
};
