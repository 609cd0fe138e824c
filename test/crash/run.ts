/**
 * Crash test (`npm run test:crash`): the real server under a load of POST /claims, each with its own
 * Idempotency-Key, killed with SIGKILL at random moments and restarted; every request whose answer
 * was lost is retried with the same key and body until it is answered. Then: every acknowledged
 * write is in the database exactly once, every key replays the answer that was acknowledged, and
 * SQLite's integrity and foreign-key checks pass. One summary line; exit code 1 on any failure.
 *
 *   CRASH_SEED         seed of the random kill moments (default 8: CI runs the same schedule)
 *   CRASH_KILLS        how many kills (default 12); more to run longer
 *   CRASH_CONCURRENCY  requests in flight at once (default 8)
 *   CRASH_MAX_LOAD_MS  longest load between a restart and the next kill (default 1500)
 *   CRASH_TIMEOUT_S    give up (and fail) after this long (default 600)
 *   CRASH_KEEP         keep the temp folder (its path is printed) for a look at the database
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { seededRandom } from '../helpers/random.js';

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`);
  return value;
};
const SEED = env('CRASH_SEED', 8);
const KILLS = env('CRASH_KILLS', 12);
const CONCURRENCY = Math.max(1, env('CRASH_CONCURRENCY', 8));
const MAX_LOAD_MS = Math.max(20, env('CRASH_MAX_LOAD_MS', 1500));
const TIMEOUT_S = env('CRASH_TIMEOUT_S', 600);
/** A request that never gets an answer after this many tries is a failure of its own. */
const MAX_ATTEMPTS = 100;

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'factcheck-crash-'));
const dbFile = join(dir, 'factcheck.db');

const rand = seededRandom(SEED);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/* The server: one child process at a time, killed and started again. */

type Running = { child: ChildProcess; base: string; exited: Promise<void> };
let adminKey = '';
let running: Running | null = null;
let up: Promise<Running> = start();

function start(): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DB_FILE: dbFile,
      SEED: 'article',
      LOG_LEVEL: 'info',
      // One client sends the whole load: its budgets would answer 429, which is not under test.
      RATE_LIMIT_READS: '0',
      RATE_LIMIT_WRITES: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<Running>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      if (running?.child === child) return; // Started: its request log is not kept.
      output += chunk.toString();
      adminKey ||= /\n {2}(fck_\S+)\n/.exec(output)?.[1] ?? '';
      const address = /Factcheck API on (http:\/\/[\d.]+:\d+)/.exec(output)?.[1];
      if (address) {
        running = { child, base: address, exited };
        resolve(running);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => {
      if (running?.child !== child) reject(new Error(`the server did not start:\n${output}`));
    });
  });
}

async function kill(): Promise<void> {
  const current = await up;
  current.child.kill('SIGKILL');
  await current.exited;
}

process.on('exit', () => {
  running?.child.kill('SIGKILL');
  if (!process.env.CRASH_KEEP) rmSync(dir, { recursive: true, force: true });
});

/* The load: each worker sends a request until it is answered, then takes a new one. */

type Job = {
  marker: string;
  key: string;
  body: string;
  attempts: number;
  answer?: { status: number; body: string; replayed: boolean };
};

const jobs: Job[] = [];
const problems: string[] = [];
let generating = true;
let lostAnswers = 0;
let serverErrors = 0;

function newJob(): Job {
  const n = jobs.length + 1;
  const marker = `crash-${SEED}-${String(n).padStart(6, '0')}-end`;
  const body = JSON.stringify({
    text: `Tehran denies it (${marker}).`,
    claimantId: 'iran-government',
    statedAt: '2021-01',
    tags: ['crash-test'],
    quotes: [{ sourceId: 'article', exact: 'no al-Qaeda “terrorists” on its soil' }],
  });
  const job: Job = { marker, key: `key-${marker}`, body, attempts: 0 };
  jobs.push(job);
  return job;
}

async function post(base: string, job: Job) {
  return fetch(`${base}/claims`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${adminKey}`,
      'content-type': 'application/json',
      'idempotency-key': job.key,
    },
    body: job.body,
    signal: AbortSignal.timeout(30_000),
  });
}

async function complete(job: Job): Promise<void> {
  while (job.attempts < MAX_ATTEMPTS) {
    const server = await up;
    job.attempts++;
    let response: Response;
    let text: string;
    try {
      response = await post(server.base, job);
      text = await response.text();
    } catch {
      // The server died with the request (or its answer) in flight: the same request again.
      lostAnswers++;
      await Promise.race([server.exited, sleep(50)]);
      continue;
    }
    if (response.status >= 500) {
      // Not an answer: a 5xx is not kept, the same request runs again. Only 503 is expected.
      if (response.status !== 503) serverErrors++;
      await sleep(20);
      continue;
    }
    job.answer = {
      status: response.status,
      body: text,
      replayed: response.headers.get('idempotent-replayed') === 'true',
    };
    if (response.status !== 201)
      problems.push(`${job.marker}: answered ${response.status} ${text}`);
    return;
  }
  problems.push(`${job.marker}: no answer after ${MAX_ATTEMPTS} tries`);
}

async function worker(): Promise<void> {
  while (generating) await complete(newJob());
}

/* The run. */

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    console.error(`crash test: FAIL, still running after ${TIMEOUT_S} s`);
    process.exit(1);
  }, TIMEOUT_S * 1000);
  const began = Date.now();
  await up;
  if (!adminKey) throw new Error('the first start printed no admin key');
  const workers = Array.from({ length: CONCURRENCY }, () => worker());

  for (let k = 1; k <= KILLS; k++) {
    // Each moment drawn from the seed; some land while a write commits, some while it answers.
    const loadMs = Math.round(20 + rand() * (MAX_LOAD_MS - 20));
    await sleep(loadMs);
    const answered = jobs.filter((job) => job.answer).length;
    await kill();
    console.error(`kill ${k}/${KILLS} after ${loadMs} ms of load (${answered} answered so far)`);
    up = start();
    await up;
  }
  // The last server stays up: every request still unanswered is retried until it is answered.
  generating = false;
  await Promise.all(workers);

  await checkReplays((await up).base);
  // One more kill before the checks: what is read below is what a crash leaves on disk.
  await kill();
  checkDatabase();
  clearTimeout(deadline);

  const byReplay = jobs.filter((job) => job.answer?.replayed).length;
  const seconds = ((Date.now() - began) / 1000).toFixed(1);
  const verdict = problems.length === 0 ? 'PASS' : `FAIL (${problems.length} problems)`;
  console.log(
    `crash test: ${verdict} — seed ${SEED}, ${KILLS + 1} kill -9, ${jobs.length} POSTs with keys, ${lostAnswers} tries cut off by a kill and retried (${byReplay} requests then answered by replay), ${serverErrors} unexpected 5xx, ${counts.lost} lost, ${counts.doubled} written twice, ${counts.badReplays} wrong replays, integrity ${counts.integrity}, ${seconds} s${process.env.CRASH_KEEP ? `, database kept in ${dir}` : ''}`,
  );
  for (const problem of problems.slice(0, 20)) console.error(`  ${problem}`);
  process.exit(problems.length === 0 && serverErrors === 0 ? 0 : 1);
}

const counts = { lost: 0, doubled: 0, badReplays: 0, integrity: 'not checked' };

/** Every key, sent again, replays the answer its request got. */
async function checkReplays(base: string): Promise<void> {
  const queue = [...jobs];
  const check = async () => {
    for (let job = queue.pop(); job; job = queue.pop()) {
      const response = await post(base, job);
      const text = await response.text();
      const replayed = response.headers.get('idempotent-replayed') === 'true';
      if (!replayed || response.status !== job.answer?.status || text !== job.answer.body) {
        counts.badReplays++;
        problems.push(`${job.marker}: replayed ${response.status} (${replayed}) ${text}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, check));
}

/** Every acknowledged write is there once, with its key's stored answer; the file is sound. */
function checkDatabase(): void {
  const db = new Database(dbFile, { readonly: false });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const foreign = db.pragma('foreign_key_check') as unknown[];
    let searchOk = true;
    try {
      db.exec("INSERT INTO claim_search(claim_search) VALUES ('integrity-check')");
    } catch (error) {
      searchOk = false;
      problems.push(`search index: ${(error as Error).message}`);
    }
    counts.integrity = integrity === 'ok' && foreign.length === 0 && searchOk ? 'ok' : 'BROKEN';
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    if (foreign.length > 0) problems.push(`foreign_key_check: ${foreign.length} rows`);

    const claimsOf = db.prepare('SELECT id FROM claims WHERE text LIKE ?');
    const createsOf = db.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE entity_type = 'claim' AND entity_id = ? AND action = 'create'",
    );
    const keyOf = db.prepare(
      'SELECT state, status_code AS status, body FROM idempotency_keys WHERE key = ?',
    );
    for (const job of jobs) {
      const answerId = (JSON.parse(job.answer?.body ?? '{}') as { id?: string }).id;
      const rows = claimsOf.all(`%(${job.marker}).`) as { id: string }[];
      // Only a 201 acknowledged a write; any other answer is a problem of its own (above).
      if (rows.length === 0 && job.answer?.status === 201) counts.lost++;
      if (rows.length > 1) counts.doubled++;
      if (rows.length !== 1 || rows[0]?.id !== answerId) {
        problems.push(
          `${job.marker}: ${rows.length} claims (${rows.map((r) => r.id)}), acknowledged ${answerId}`,
        );
        continue;
      }
      const creates = (createsOf.get(answerId) as { n: number }).n;
      if (creates !== 1) problems.push(`${job.marker}: ${creates} audit rows for its creation`);
      const stored = keyOf.get(job.key) as
        | { state: string; status: number; body: string }
        | undefined;
      if (stored?.state !== 'done' || stored.status !== 201 || stored.body !== job.answer?.body) {
        counts.badReplays++;
        problems.push(`${job.marker}: stored key ${JSON.stringify(stored)}`);
      }
    }
    const all = db
      .prepare("SELECT count(*) AS n FROM claims WHERE text LIKE '%(crash-%'")
      .get() as {
      n: number;
    };
    if (all.n !== jobs.length) problems.push(`${all.n} crash claims for ${jobs.length} requests`);
    const pending = db.prepare("SELECT count(*) AS n FROM idempotency_keys WHERE state <> 'done'");
    const left = (pending.get() as { n: number }).n;
    if (left > 0) problems.push(`${left} idempotency keys left pending`);
  } finally {
    db.close();
  }
}

main().catch((error: unknown) => {
  console.error('crash test: FAIL —', error);
  process.exit(1);
});
