import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';

// These tests start processes; a loaded machine can make them slow.
vi.setConfig({ testTimeout: 60_000 });

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'factcheck-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the server (`npm start`) and waits for it to exit: its code and what it printed. */
function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

const lines = (output: string) => output.split('\n').filter((line) => line.trim() !== '');

describe('start-up on a broken database or a full disk (the attack: a raw stack trace)', () => {
  it('refuses a file that is not a database, in one line', async () => {
    const file = join(dir, 'garbage.db');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const { code, output } = await start({ DB_FILE: file });
    expect(code).toBe(1);
    expect(lines(output)).toEqual([
      `Cannot open the database ${file}: the file is not a SQLite database (SQLITE_NOTADB)`,
    ]);
  });

  it('refuses a path that is a folder, in one line', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const { code, output } = await start({ DB_FILE: folder });
    expect(code).toBe(1);
    expect(lines(output)).toHaveLength(1);
    expect(output).toMatch(/^Cannot open the database .*a-folder: .*\(SQLITE_CANTOPEN\)\n$/);
  });

  it('says the disk is full, in one line, when the database cannot grow', async () => {
    // DB_MAX_SIZE_MB makes a full disk without filling one: 40 KiB is too little for the schema.
    const { code, output } = await start({
      DB_FILE: join(dir, 'full.db'),
      DB_MAX_SIZE_MB: '0.04',
    });
    expect(code).toBe(1);
    expect(lines(output)).toHaveLength(1);
    expect(output).toMatch(
      /: the disk is full \(or DB_MAX_SIZE_MB is reached\) \(SQLITE_FULL\)\n$/,
    );
  });

  it('says the database is busy, in one line, while a first load has it to itself', async () => {
    const file = join(dir, 'first-load.db');
    // As a command-line import into an empty database holds it: a rollback journal, the write
    // lock taken, a page written.
    const loader = new Database(file);
    try {
      loader.pragma('journal_mode = DELETE');
      loader.exec('BEGIN IMMEDIATE; CREATE TABLE loading (x); INSERT INTO loading VALUES (1);');
      const { code, output } = await start({ DB_FILE: file });
      expect(code).toBe(1);
      expect(lines(output)).toEqual([
        `Cannot open the database ${file}: another process has the database to itself (a first load from the command line): start again once it ends (SQLITE_BUSY)`,
      ]);
    } finally {
      loader.close();
    }
  });

  it('says so when the seed does not fit', async () => {
    const { code, output } = await start({
      DB_FILE: join(dir, 'seed-full.db'),
      DB_MAX_SIZE_MB: '0.3',
    });
    expect(code).toBe(1);
    expect(lines(output)).toHaveLength(1);
    expect(output).toMatch(/^Cannot (seed|open) the database .*\(SQLITE_FULL\)\n$/);
  });
});
