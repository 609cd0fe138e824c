import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { migratePg } from '../../src/db/pg/migrations.js';

/**
 * The PostgreSQL server the tests run against: the one `DATABASE_URL` names (the tests create
 * their databases on it), or a throw-away cluster started here from the server binaries found on
 * the machine and removed by `stop`.
 */
export type PgCluster = {
  /** The URL of a database of this server. */
  url(database: string): string;
  stop(): Promise<void>;
};

/** The migrated database each test's own is copied from (CREATE DATABASE … TEMPLATE). */
export const TEMPLATE_DATABASE = 'factcheck_template';

const MISSING_SERVER = `The PostgreSQL tests need a server. Either set DATABASE_URL to a PostgreSQL database whose role may create databases, or install the PostgreSQL server binaries (Debian: apt-get install postgresql) so that initdb and pg_ctl are found on the PATH or in /usr/lib/postgresql/<version>/bin.`;

/**
 * `durable`: the server's usual settings (fsync, synchronous commits), for measurements; by default
 * a test cluster skips every flush, its data being thrown away anyway. `keptIn`: a folder whose
 * cluster is kept between runs (made there if missing, stopped but not removed at the end).
 */
export async function startPgCluster({
  durable = false,
  keptIn,
}: {
  durable?: boolean;
  keptIn?: string;
} = {}): Promise<PgCluster> {
  const given = process.env.DATABASE_URL;
  if (given) return clusterAt(given);
  const bin = serverBinaries();
  if (!bin) throw new Error(MISSING_SERVER);

  const dir = keptIn ?? mkdtempSync(join(tmpdir(), 'factcheck-pg-'));
  mkdirSync(dir, { recursive: true });
  // A server refuses to run as root: then the cluster belongs to the unprivileged `postgres` user.
  const asRoot = process.getuid?.() === 0;
  const runuser = asRoot ? found('runuser', ['/usr/sbin', '/sbin']) : null;
  if (asRoot && !runuser) throw new Error(`${MISSING_SERVER} As root, runuser is needed too.`);
  const run = (command: string, args: string[]) =>
    runuser
      ? execFileSync(runuser, ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' })
      : execFileSync(command, args, { stdio: 'pipe' });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    if (!existsSync(join(data, 'PG_VERSION'))) {
      run(bin.initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    }
    const settings = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-k ${dir}`,
      '-c max_connections=300',
      // Throw-away data: nothing is worth an fsync.
      ...(durable
        ? ['-c shared_buffers=512MB', '-c max_wal_size=4GB']
        : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    ].join(' ');
    run(bin.pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', settings, 'start']);
  } catch (error) {
    if (!keptIn) rmSync(dir, { recursive: true, force: true });
    throw new Error(`The PostgreSQL cluster did not start: ${describe(error)}`);
  }
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: async () => {
      try {
        run(bin.pgCtl, ['-D', data, '-m', keptIn ? 'fast' : 'immediate', '-w', 'stop']);
      } finally {
        if (!keptIn) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A server already running (DATABASE_URL, or the run's cluster seen from a test file). */
export function clusterAt(url: string): PgCluster {
  return { url: (database) => withDatabase(url, database), stop: async () => {} };
}

/** Creates the template database and migrates it (once per run). */
export async function prepareTemplate(cluster: PgCluster): Promise<void> {
  await adminQuery(cluster, `DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
  await adminQuery(cluster, `CREATE DATABASE ${TEMPLATE_DATABASE}`);
  const pool = new pg.Pool({ connectionString: cluster.url(TEMPLATE_DATABASE), max: 1 });
  try {
    await migratePg(pool);
  } finally {
    await pool.end();
  }
}

/** A new database of the server, copied from the migrated template (or empty), and its URL. */
export async function createDatabase(
  cluster: PgCluster,
  options: { migrated?: boolean } = {},
): Promise<string> {
  const name = `factcheck_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const template = (options.migrated ?? true) ? ` TEMPLATE ${TEMPLATE_DATABASE}` : '';
  await adminQuery(cluster, `CREATE DATABASE ${name}${template}`);
  return cluster.url(name);
}

export async function dropDatabase(cluster: PgCluster, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await adminQuery(cluster, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

async function adminQuery(cluster: PgCluster, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: cluster.url('postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function serverBinaries(): { initdb: string; pgCtl: string } | null {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => join(debian, version, 'bin'))
    : [];
  const initdb = found('initdb', versions);
  const pgCtl = found('pg_ctl', versions);
  return initdb && pgCtl ? { initdb, pgCtl } : null;
}

/** A program on the PATH, else in one of the folders given (which a minimal PATH may lack). */
function found(name: string, extra: string[]): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...extra];
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path)) ?? null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error && error.stderr) {
    return String(error.stderr).trim();
  }
  return error instanceof Error ? error.message : String(error);
}
