import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { databaseEnv } from './helpers/process-env.js';
import { type ServerProcess, startServerProcess } from './helpers/server-process.js';

// The server starts and migrates an empty database; a loaded machine can make that slow.
vi.setConfig({ testTimeout: 60_000 });

/**
 * PostgreSQL on the same machine, reached through its Unix socket as libpq names it
 * (`postgres://user@/db?host=/socket/folder`): a URL the WHATWG parser refuses (a user and no
 * host), which node-postgres takes. The run's server must be on this machine (the throw-away
 * cluster is; a remote DATABASE_URL's socket is not here, and the test says so).
 */
const dir = mkdtempSync(join(tmpdir(), 'factcheck-socket-'));
let database: Awaited<ReturnType<typeof databaseEnv>> | undefined;
let server: ServerProcess | undefined;

afterAll(async () => {
  await server?.stop();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('DATABASE_URL through a Unix socket', () => {
  it('when it names the socket folder in libpq’s form, then the server migrates, serves and connects through the socket', async () => {
    database = await databaseEnv(dir, 'socket');
    const tcp = new URL(database.env.DATABASE_URL ?? '');
    const client = new pg.Client({ connectionString: tcp.href });
    await client.connect();
    try {
      const setting = async (name: string) =>
        (await client.query<{ value: string }>('SELECT current_setting($1) AS value', [name]))
          .rows[0]?.value ?? '';
      const [folder = ''] = (await setting('unix_socket_directories')).split(',');
      const port = await setting('port');
      expect(
        existsSync(join(folder.trim(), `.s.PGSQL.${port}`)),
        `the PostgreSQL server has no socket in ${folder} on this machine`,
      ).toBe(true);
      const name = tcp.pathname.slice(1);
      const url = `postgres://${tcp.username}@/${name}?host=${encodeURIComponent(folder.trim())}&port=${port}`;

      server = startServerProcess({ DATABASE_URL: url });
      const base = await server.listening;

      expect(server.output()).toContain(url);
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const claims = (await (await fetch(`${base}/claims?limit=1`)).json()) as { items: unknown[] };
      expect(claims.items).toHaveLength(1);
      // The server's connections to this database come through the socket: no client address.
      const connections = await client.query<{ socket: boolean }>(
        `SELECT client_addr IS NULL AS socket FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [name],
      );
      expect(connections.rows.length).toBeGreaterThan(0);
      expect(connections.rows.every((row) => row.socket)).toBe(true);
    } finally {
      await client.end();
    }
  });
});
