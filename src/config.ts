import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Comma list of browser origins (`scheme://host[:port]`), or `*` for any. Unset: any origin may
 * read, none may write (a frontend that writes is named here).
 */
const originList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0),
  )
  .pipe(
    z.array(
      z.string().transform((origin, ctx) => {
        if (origin === '*') return origin;
        const url = URL.canParse(origin) ? new URL(origin) : null;
        if (!url || !/^https?:$/.test(url.protocol)) {
          ctx.addIssue({ code: 'custom', message: `'${origin}' is not * or scheme://host[:port]` });
        } else if (url.origin !== origin.replace(/\/$/, '')) {
          ctx.addIssue({
            code: 'custom',
            message: `'${origin}' has a path; an origin is scheme://host[:port]`,
          });
        }
        return url?.origin ?? origin;
      }),
    ),
  )
  .nullable()
  .default(null);

export const ConfigSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce
    .number({ error: 'must be a port number, 0–65535' })
    .int()
    .min(0)
    .max(65535)
    .default(3000),
  DB_FILE: z.string().min(1).default('data/factcheck.db'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  CORS_ORIGINS: originList,
  SEED: z.enum(['article', 'none']).default('article'),
  READ_REQUIRES_KEY: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  BODY_LIMIT: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int()
    .min(1024)
    .default(1_048_576),
  IMPORT_BODY_LIMIT: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int()
    .min(1024)
    .default(1_073_741_824),
  PUBLISHER_NAME: z.string().trim().min(1).default('Factcheck'),
  PUBLISHER_URL: z.url({ protocol: /^https?$/ }).optional(),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://127.0.0.1:3000')
    .transform((url) => url.replace(/\/+$/, '')),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Reads the configuration once, from the environment; throws a message naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(ConfigSchema.shape)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = ConfigSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `  ${name}=${JSON.stringify(present[name])}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
