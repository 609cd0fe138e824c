import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databasesIn } from './helpers/process-env.js';
import { type ServerProcess, startServerProcess } from './helpers/server-process.js';

// These tests start processes; a loaded machine can make them slow.
vi.setConfig({ testTimeout: 60_000 });

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'factcheck-server-'));
const databases = databasesIn(dir);
let first: ServerProcess;
let server: ChildProcess;
let baseUrl: string;
const output = () => first.output();

const startServer = (env: Record<string, string>): ChildProcess => startServerProcess(env).child;

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

beforeAll(async () => {
  first = startServerProcess({
    ...(await databases.env(join('data', 'factcheck.db'))),
    CORS_ORIGINS: 'http://localhost:5173',
  });
  server = first.child;
  baseUrl = await first.listening;
}, 60_000);

afterAll(async () => {
  if (server.exitCode === null) server.kill('SIGKILL');
  await databases.dropAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('the real server (npm start)', () => {
  it('creates, migrates and seeds its database, then serves the record over HTTP', async () => {
    const health = await fetch(`${baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const claims = await fetch(`${baseUrl}/claims?limit=100`);
    const page = (await claims.json()) as { items: unknown[] };
    expect(page.items.length).toBeGreaterThanOrEqual(15);
    expect(output()).toMatch(
      /Seed: added 95 \(actors 10, sources 7, claims 29, links 35, evidence 14\)/,
    );
    // The start line names the database it serves: the file, or the PostgreSQL URL.
    const env = await databases.env(join('data', 'factcheck.db'));
    expect(output()).toContain(`; database ${env.DB_FILE ?? env.DATABASE_URL}`);
  });

  it('lets every origin read, and only the allowed one write, with CORS headers', async () => {
    const read = await fetch(`${baseUrl}/claims`, { headers: { Origin: 'http://evil.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = (origin: string) =>
      fetch(`${baseUrl}/actors`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      });
    const allowed = await preflight('http://localhost:5173');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    const other = await preflight('http://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('prints an admin key on a first start, which lets a newcomer write', async () => {
    const key = /\n {2}(fck_\S+)\n/.exec(output())?.[1];
    expect(key).toBeTruthy();
    const created = await fetch(`${baseUrl}/actors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'person', name: 'First Writer' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(/^\/actors\/act_/);
  });

  it('without PUBLIC_BASE_URL, publishes claims’ pages at the address it listens on (PORT=0 too)', async () => {
    const slug = 'pompeo-iran-al-qaeda-new-home-base';
    const review = (await (await fetch(`${baseUrl}/claims/${slug}/claimreview`)).json()) as {
      url: string;
    };
    expect(review.url).toBe(`${baseUrl}/claims/${slug}`);
    const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as {
      servers: { url: string }[];
    };
    expect(document.servers[0]?.url).toBe(baseUrl);
  });

  it('logs one line per request', () => {
    const lines = output()
      .split('\n')
      .filter((line) => line.includes('"url":"/health"'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      method: 'GET',
      statusCode: 200,
      msg: 'request',
    });
  });

  it('closes gracefully on SIGTERM (exit code 0)', async () => {
    const exited = exitOf(server);
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('SIGTERM received');
  });

  it('on a second start, keeps the data and makes no new key', async () => {
    let again = '';
    const second = startServer({
      PORT: '0',
      ...(await databases.env(join('data', 'factcheck.db'))),
    });
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        again += chunk.toString();
        if (again.includes('Factcheck API on')) resolve();
      };
      second.stdout?.on('data', onData);
      second.stderr?.on('data', onData);
      second.once('exit', (code) => reject(new Error(`exited with ${code}: ${again}`)));
    });
    const exited = exitOf(second);
    second.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(again).not.toContain('No API key existed');
    expect(again).not.toContain('Seed: ');
  });

  it('refuses to start on bad configuration, naming the variable', async () => {
    const bad = startServer({ PORT: 'eighty', DB_FILE: join(dir, 'bad.db') });
    let stderr = '';
    bad.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await exitOf(bad)).toBe(1);
    expect(stderr).toContain('PORT="eighty"');
  });

  it('refuses to start on a database file it cannot create, saying which', async () => {
    const file = join(root, 'package.json', 'nested.db');
    const bad = startServer({ PORT: '0', DB_FILE: file });
    let stderr = '';
    bad.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await exitOf(bad)).toBe(1);
    expect(stderr).toContain(`Cannot open the database ${file}`);
  });

  it('refuses to start when the PostgreSQL server of DATABASE_URL cannot be reached, saying so in one line', async () => {
    const bad = startServer({
      PORT: '0',
      DATABASE_URL: 'postgres://factcheck@127.0.0.1:1/factcheck',
    });
    let stderr = '';
    bad.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await exitOf(bad)).toBe(1);
    expect(stderr.trim()).toBe(
      'Cannot open the database postgres://factcheck@127.0.0.1:1/factcheck: no PostgreSQL server answers at that host and port (is it running?) (ECONNREFUSED)',
    );
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL URL, and hides its password', async () => {
    const bad = startServer({ PORT: '0', DATABASE_URL: 'mysql://root:hunter2@db/factcheck' });
    let stderr = '';
    bad.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await exitOf(bad)).toBe(1);
    expect(stderr).toContain('DATABASE_URL');
    expect(stderr).toContain('must be a postgres://');
    expect(stderr).toContain('mysql://root:***@db/factcheck');
    expect(stderr).not.toContain('hunter2');
  });
});
