import { parse as parseConnectionString } from 'pg-connection-string';
import { z } from 'zod';
import { withoutPassword } from './lib/masked-url.js';

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

/** Requests a client may make per window; 0 turns the budget off. */
const budgetSize = z.coerce
  .number({ error: 'must be a number of requests per window (0: no limit)' })
  .int()
  .min(0);

/** A rate-limit window, in seconds. */
const budgetWindow = z.coerce
  .number({ error: 'must be a number of seconds' })
  .int()
  .min(1)
  .max(86_400);

/**
 * Which proxies may name the client in `X-Forwarded-For` (fastify's `trustProxy`): `false` (none:
 * the socket's address is the client, right when nothing sits in front), `true` (any: only behind a
 * proxy that overwrites the header), or a comma list of the proxies' addresses / CIDR ranges
 * (`loopback`, `linklocal`, `uniquelocal` allowed). Rate limits key on the client this yields.
 */
const trustProxy = z
  .string()
  .trim()
  .default('false')
  .transform((value, ctx): boolean | string[] => {
    if (value === 'false') return false;
    if (value === 'true') return true;
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
    const bad = entries.filter(
      (entry) => !named.has(entry) && !/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(entry),
    );
    if (entries.length === 0 || bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be true, false or a comma list of proxy addresses/CIDRs${bad.length > 0 ? ` ('${bad.join("', '")}' is not one)` : ''}`,
      });
    }
    return entries;
  });

export const ConfigSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce
    .number({ error: 'must be a port number, 0–65535' })
    .int()
    .min(0)
    .max(65535)
    .default(3000),
  DB_FILE: z.string().min(1).default('data/factcheck.db'),
  // Set: the record is kept on this PostgreSQL server instead of the SQLite file DB_FILE.
  DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, {
      error:
        'must be a postgres:// (or postgresql://) URL: postgres://user:password@host:5432/db, or postgres://user@/db?host=/socket/folder',
    })
    .optional(),
  // Connections each instance may open to PostgreSQL (keep instances × this under its max_connections).
  DATABASE_POOL_MAX: z.coerce
    .number({ error: 'must be a whole number of connections, 2 or more' })
    .int()
    .min(2)
    .default(10),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  CORS_ORIGINS: originList,
  // Set: only these origins' pages (and CORS_ORIGINS') may read; unset, any may unless reads need a key.
  CORS_READ_ORIGINS: originList,
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
  // A JSON import is parsed whole (NDJSON is streamed, under IMPORT_BODY_LIMIT): its limit bounds
  // the memory one request takes, and stays well under the longest string V8 can hold.
  IMPORT_JSON_LIMIT: z.coerce
    .number({ error: 'must be a number of bytes, 1024 to 268435456 (256 MiB)' })
    .int()
    .min(1024)
    .max(268_435_456)
    .default(33_554_432),
  // A request body (other than an NDJSON import) that has not arrived whole by then is a 408.
  REQUEST_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds (0: no limit)' })
    .int()
    .min(0)
    .default(60_000),
  // An NDJSON import whose client sends nothing for this long is cancelled (408), its lock freed.
  IMPORT_IDLE_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds (0: never)' })
    .int()
    .min(0)
    .default(30_000),
  // A streamed answer (an export) whose client reads nothing for this long is cut, its snapshot freed.
  EXPORT_IDLE_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds (0: never)' })
    .int()
    .min(0)
    .default(60_000),
  // Memory for answers to reads kept until the next write (0: none kept).
  READ_CACHE_MB: z.coerce
    .number({ error: 'must be a number of megabytes (0: no cache)' })
    .min(0)
    .default(64),
  // Exports streaming at once; one more is a 503 (each holds a snapshot of the record open).
  EXPORT_CONCURRENCY: z.coerce
    .number({ error: 'must be a whole number of exports, 1 or more' })
    .int()
    .min(1)
    .default(4),
  // The page cache of a large import (one that sets indexes aside), given back when it ends.
  IMPORT_CACHE_MB: z.coerce
    .number({ error: 'must be a number of megabytes (MiB), 16 or more' })
    .int()
    .min(16)
    .default(64),
  // A quota for the database file: writes past it are refused with 507, as on a full disk.
  DB_MAX_SIZE_MB: z.coerce
    .number({ error: 'must be a number of megabytes (MiB)' })
    .positive({ error: 'must be a number of megabytes (MiB) above 0' })
    .optional(),
  PUBLISHER_NAME: z.string().trim().min(1).default('Factcheck'),
  PUBLISHER_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Unset: the address the server listens on (see src/http/base-url.ts).
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  TRUST_PROXY: trustProxy,
  HSTS_MAX_AGE: z.coerce
    .number({ error: 'must be a number of seconds (0: no Strict-Transport-Security)' })
    .int()
    .min(0)
    .default(0),
  RATE_LIMIT_READS: budgetSize.default(1200),
  RATE_LIMIT_READS_WINDOW: budgetWindow.default(60),
  RATE_LIMIT_WRITES: budgetSize.default(300),
  RATE_LIMIT_WRITES_WINDOW: budgetWindow.default(60),
  RATE_LIMIT_BAD_KEYS: budgetSize.default(20),
  RATE_LIMIT_BAD_KEYS_WINDOW: budgetWindow.default(900),
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
      const given = present[name];
      return `  ${name}=${JSON.stringify(given && withoutPassword(given))}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** A URL node-postgres connects with: its scheme, and the forms libpq takes (a socket folder's `?host=`). */
function isPostgresUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(value)) return false;
  try {
    parseConnectionString(value);
    return true;
  } catch {
    return false;
  }
}
