import type { ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PgCluster } from '../helpers/pg-cluster.js';
import { CACHE, type CachedRecord, ensureRecord, runCopy } from './api-cache.js';
import {
  COMMON_WORD,
  claimSlug,
  evidenceSlug,
  MOST_REBUTTED_CLAIM,
  RARE_WORD,
  TOPIC_TAG,
} from './api-record.js';
import { ApiServer } from './api-server.js';
import { kb, mb, ms, rate, ratio, seconds, sizeLabel, table } from './api-tables.js';
import { type CpuShares, describeCpu, startCpuMeter } from './cpu-meter.js';
import {
  drain,
  get,
  json,
  type Latency,
  type Load,
  load,
  memoryOf,
  newClient,
  type Probe,
  send,
  sendChecked,
  sequential,
  settle,
  watchHealth,
} from './measure.js';
import { ensurePgRecord, openPgBench, pgRunCopy } from './pg-record.js';
import { type Collected, collect, run, spawnTs, stop, waitFor } from './processes.js';

/**
 * npm run bench:api: the API's answers timed on records of 1 k, 100 k and 1 M claims (env
 * BENCH_SIZES=1000,100000 for fewer): every list, filter and sort, one after another (p50, p99) and
 * under load (autocannon, 10 and 50 connections), next to what bare fastify and plain prepared
 * statements do with the same answers. Then, on the largest record, how long /health waits while
 * a heavy search, a full export and a deep pagination run. With BENCH_PG=1 (a PostgreSQL cluster
 * started for the run) or DATABASE_URL (a server whose role is a superuser), each size is measured
 * on PostgreSQL too, right after SQLite, and the two are set side by side; on the largest, with a
 * second instance on the same database.
 *
 * Env: BENCH_DURATION (seconds per load run, default 3), BENCH_SAMPLES (sequential requests per
 * row, default 200), BENCH_MIN_SAMPLES (at least, default 50), BENCH_ROW_SECONDS (past this, a row
 * stops at BENCH_MIN_SAMPLES, default 10), BENCH_MAX_DRAIN (seconds: a load run is skipped when one
 * round of its connections would take longer at the sequential p50, default 20),
 * BENCH_EXPORT_SECONDS (the export under load is cut after this, default 300),
 * BENCH_PAIRED_ROUNDS (rounds of `POST /claims` and of its bare insert, one after the other, whose
 * medians are set side by side, default 3).
 */

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const SIZES = (process.env.BENCH_SIZES ?? '1000,100000,1000000').split(',').map(Number);
if (SIZES.some((n) => !Number.isInteger(n) || n < 100)) {
  console.error('BENCH_SIZES: a comma list of claim counts, each ≥ 100');
  process.exit(2);
}
const DURATION = env('BENCH_DURATION', 3);
const SEQUENTIAL = {
  samples: env('BENCH_SAMPLES', 200),
  minSamples: env('BENCH_MIN_SAMPLES', 50),
  budgetMs: env('BENCH_ROW_SECONDS', 10) * 1000,
  warmup: 3,
};
const MAX_DRAIN_MS = env('BENCH_MAX_DRAIN', 20) * 1000;
const EXPORT_LIMIT_MS = env('BENCH_EXPORT_SECONDS', 300) * 1000;
const CONNECTIONS = [10, 50] as const;
/** Rounds of a write and of its ceiling, one after the other (see alternatedLoads). */
const PAIRED_ROUNDS = env('BENCH_PAIRED_ROUNDS', 3);
/**
 * SQLite always; PostgreSQL too with BENCH_PG=1 (a cluster started for the run) or DATABASE_URL (a
 * server whose role is a superuser: the record is loaded without triggers).
 */
const ENGINES: Engine[] =
  process.env.DATABASE_URL || process.env.BENCH_PG === '1' ? ['sqlite', 'pg'] : ['sqlite'];
const started: { cluster: PgCluster | null } = { cluster: null };
const pgCluster = async () => {
  started.cluster ??= await openPgBench();
  return started.cluster;
};
/** How long loading each size's record into PostgreSQL took, when it was loaded in this run. */
const pgLoads = new Map<number, number>();
const DEEP_PAGES = 50;

type Page<T> = { items: T[]; nextCursor: string | null };
type Summary = { id: string; slug: string; name: string };
type Claim = {
  id: string;
  slug: string;
  quotes: { exact: string; start: number; end: number; source: { id: string } }[];
};

/** What the rows query: real ids and words of this record, looked up through the API. */
type Facts = {
  claim: Claim;
  etag: string;
  hotClaimId: string;
  prolificActor: Summary & { claimCount: number };
  busySourceId: string;
  sourceWord: string;
  evidenceId: string;
  rareTag: string;
  deepCursor: string;
  deepDepth: number;
};

type Ceiling = 'bytes' | 'raw' | 'insert';
type Row = { name: string; probe: Probe; ceiling?: Ceiling };

/** Every request timed, one row each; names stay the same across sizes. */
function rowsOf(f: Facts, key: string, post: () => string): Row[] {
  const admin = { authorization: `Bearer ${key}` };
  // Throughput of reads answered from the record every time, not from the kept answers.
  const fresh = { 'cache-control': 'no-cache' };
  const q = (params: string) => get(`/claims?${params}`);
  const actor = f.prolificActor.id;
  return [
    { name: 'GET /claims/{id}', probe: get(`/claims/${f.claim.id}`), ceiling: 'raw' },
    {
      name: 'GET /claims/{id} read anew (no-cache)',
      probe: get(`/claims/${f.claim.id}`, fresh),
      ceiling: 'raw',
    },
    { name: 'GET /claims/{slug}', probe: get(`/claims/${f.claim.slug}`) },
    {
      name: 'GET /claims/{id} If-None-Match (304)',
      probe: { ...get(`/claims/${f.claim.id}`, { 'if-none-match': f.etag }), expect: [304] },
    },
    { name: 'GET /claims/{id} most rebutted', probe: get(`/claims/${f.hotClaimId}`) },
    { name: 'GET /claims/{id}/history', probe: get(`/claims/${f.claim.id}/history`) },
    { name: 'GET /claims/{id}/evidence', probe: get(`/claims/${f.claim.id}/evidence`) },
    { name: 'GET /claims/{id}/claimreview', probe: get(`/claims/${f.claim.id}/claimreview`) },
    {
      name: 'GET /claims/{id}/rebuttals most rebutted',
      probe: get(`/claims/${f.hotClaimId}/rebuttals`),
    },
    {
      name: 'GET /claims/{id}/rebuttals?sort=statedAt',
      probe: get(`/claims/${f.hotClaimId}/rebuttals?sort=statedAt`),
    },
    { name: 'GET /claims?limit=20', probe: q('limit=20'), ceiling: 'bytes' },
    {
      name: 'GET /claims?limit=20 read anew (no-cache)',
      probe: get('/claims?limit=20', fresh),
      ceiling: 'bytes',
    },
    { name: '?limit=100', probe: q('limit=100') },
    { name: '?sort=statedAt', probe: q('sort=statedAt') },
    { name: '?sort=createdAt', probe: q('sort=createdAt') },
    { name: '?sort=-createdAt', probe: q('sort=-createdAt') },
    { name: '?status=refuted', probe: q('status=refuted') },
    { name: '?status=refuted&status=misleading', probe: q('status=refuted&status=misleading') },
    { name: '?status=unverified&sort=statedAt', probe: q('status=unverified&sort=statedAt') },
    { name: `?tag=${TOPIC_TAG}`, probe: q(`tag=${TOPIC_TAG}`) },
    { name: '?tag=<rarest tag>', probe: q(`tag=${f.rareTag}`) },
    { name: '?language=de', probe: q('language=de') },
    { name: '?language=fa&sort=statedAt', probe: q('language=fa&sort=statedAt') },
    {
      name: '?statedFrom=2010-01-01&statedTo=2010-12-31',
      probe: q('statedFrom=2010-01-01&statedTo=2010-12-31'),
    },
    {
      name: '?statedFrom=2010-01-01&statedTo=2010-12-31&sort=statedAt',
      probe: q('statedFrom=2010-01-01&statedTo=2010-12-31&sort=statedAt'),
    },
    { name: '?statedFrom=2024-06-15', probe: q('statedFrom=2024-06-15') },
    { name: `?status=refuted&tag=${TOPIC_TAG}`, probe: q(`status=refuted&tag=${TOPIC_TAG}`) },
    {
      name: `?tag=${TOPIC_TAG}&language=fa&status=refuted&sort=createdAt`,
      probe: q(`tag=${TOPIC_TAG}&language=fa&status=refuted&sort=createdAt`),
    },
    { name: '?claimantId={3 % actor}', probe: q(`claimantId=${actor}`) },
    {
      name: '?claimantId={3 % actor}&sort=statedAt',
      probe: q(`claimantId=${actor}&sort=statedAt`),
    },
    { name: '?sourceId={busiest source}', probe: q(`sourceId=${f.busySourceId}`) },
    { name: `?q=${COMMON_WORD}`, probe: q(`q=${COMMON_WORD}`) },
    { name: '?q=iran&sort=relevance', probe: q('q=iran&sort=relevance'), ceiling: 'bytes' },
    { name: '?q=iran&sort=-statedAt', probe: q('q=iran&sort=-statedAt') },
    { name: '?q=iran security', probe: q('q=iran%20security') },
    { name: `?q=${RARE_WORD}`, probe: q(`q=${RARE_WORD}`) },
    { name: '?q=ka (prefix)', probe: q('q=ka') },
    { name: '?q=iran&status=refuted', probe: q('q=iran&status=refuted') },
    {
      name: `?cursor=<page ${DEEP_PAGES}>`,
      probe: q(`cursor=${encodeURIComponent(f.deepCursor)}`),
    },
    { name: 'GET /actors/{id}/claims (3 % actor)', probe: get(`/actors/${actor}/claims`) },
    {
      name: 'GET /actors/{id}/claims?status=refuted&sort=statedAt',
      probe: get(`/actors/${actor}/claims?status=refuted&sort=statedAt`),
    },
    { name: 'GET /actors/{id}/claims?q=iran', probe: get(`/actors/${actor}/claims?q=iran`) },
    { name: 'GET /sources/{id}/claims (busiest)', probe: get(`/sources/${f.busySourceId}/claims`) },
    {
      name: 'GET /sources/{id}/claims?sort=createdAt',
      probe: get(`/sources/${f.busySourceId}/claims?sort=createdAt`),
    },
    { name: 'GET /actors', probe: get('/actors') },
    { name: 'GET /actors?kind=organization', probe: get('/actors?kind=organization') },
    {
      name: 'GET /actors?q=<name>',
      probe: get(`/actors?q=${encodeURIComponent(f.prolificActor.name.slice(0, 5))}`),
    },
    { name: 'GET /actors/{id} (3 % actor)', probe: get(`/actors/${actor}`) },
    { name: 'GET /sources', probe: get('/sources') },
    { name: 'GET /sources?kind=speech', probe: get('/sources?kind=speech') },
    { name: 'GET /sources?q=<word>', probe: get(`/sources?q=${encodeURIComponent(f.sourceWord)}`) },
    { name: 'GET /sources/{id} (with text)', probe: get(`/sources/${f.busySourceId}`) },
    { name: 'GET /evidence/{id}', probe: get(`/evidence/${f.evidenceId}`) },
    { name: 'GET /status-changes', probe: get('/status-changes') },
    {
      name: 'GET /status-changes?since=2024-06-01',
      probe: get('/status-changes?since=2024-06-01T00:00:00Z'),
    },
    { name: 'GET /audit (admin)', probe: get('/audit', admin) },
    {
      name: 'GET /audit?entityType=claim&entityId={id}',
      probe: get(`/audit?entityType=claim&entityId=${f.claim.id}`, admin),
    },
    { name: 'GET /keys (admin)', probe: get('/keys', admin) },
    { name: 'GET /tags', probe: get('/tags') },
    { name: 'GET /stats', probe: get('/stats') },
    { name: 'GET /health', probe: get('/health') },
    {
      name: 'POST /claims (anchored quote)',
      probe: {
        method: 'POST',
        path: '/claims',
        headers: admin,
        body: post,
        expect: [201],
      },
      ceiling: 'insert',
    },
  ];
}

/** The pages of `path` from the first, following nextCursor: the cursor of page `pages`. */
async function cursorAt(
  base: string,
  path: string,
  pages: number,
): Promise<{ cursor: string; depth: number }> {
  let cursor: string | null = null;
  let depth = 1;
  for (; depth < pages; depth++) {
    const page: Page<unknown> = await json(
      base,
      `${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  if (!cursor) throw new Error(`${path} has a single page`);
  return { cursor, depth };
}

async function discover(base: string): Promise<Facts> {
  // A typical claim: refuted (so it has evidence, history and a review), hardly rebutted.
  const first = (
    await json<Page<Claim & { rebuttalCount: number }>>(
      base,
      '/claims?status=refuted&sort=createdAt&limit=20',
    )
  ).items.find((item) => item.slug !== claimSlug(MOST_REBUTTED_CLAIM) && item.rebuttalCount <= 1);
  if (!first) throw new Error('the record has no typical refuted claim');
  const answer = await sendChecked(base, get(`/claims/${first.id}`));
  const claim = JSON.parse(answer.body.toString()) as Claim;
  const etag = String(answer.headers.etag ?? '');
  const hot = await json<Claim>(base, `/claims/${claimSlug(MOST_REBUTTED_CLAIM)}`);
  const stats = await json<{ byClaimant: { claimant: Summary; claimCount: number }[] }>(
    base,
    '/stats',
  );
  const top = stats.byClaimant[0];
  if (!top) throw new Error('the record has no claimant');
  // The generator's most quoted source is its first.
  const busySource = await json<{ id: string; title: string | null }>(base, '/sources/source-0');
  const evidence = await json<{ id: string }>(base, `/evidence/${evidenceSlug(0)}`);
  const tags = await json<{ items: { tag: string }[] }>(base, '/tags');
  const deep = await cursorAt(base, '/claims?limit=20', DEEP_PAGES);
  return {
    claim,
    etag,
    hotClaimId: hot.id,
    prolificActor: { ...top.claimant, claimCount: top.claimCount },
    busySourceId: busySource.id,
    sourceWord: (busySource.title ?? 'news').split(' ')[1] ?? 'news',
    evidenceId: evidence.id,
    rareTag: tags.items.at(-1)?.tag ?? TOPIC_TAG,
    deepCursor: deep.cursor,
    deepDepth: deep.depth,
  };
}

/** A new claim each call, quoting the words the sample claim quotes, with a unique text. */
function claimWriter(facts: Facts, tag: string): () => string {
  const quote = facts.claim.quotes[0];
  if (!quote) throw new Error(`claim ${facts.claim.id} has no quote`);
  let n = 0;
  return () =>
    JSON.stringify({
      text: `Bench ${tag} ${n++} says the ${COMMON_WORD} were told about security in iran.`,
      claimantId: facts.prolificActor.id,
      statedAt: '2024-05-01',
      language: 'en',
      tags: ['bench'],
      quotes: [
        { sourceId: quote.source.id, exact: quote.exact, start: quote.start, end: quote.end },
      ],
    });
}

type Measured = { latency: Latency; loads: Load[] };

/** Sequential p50/p99, then a load run per connection count, the server left idle after each. */
async function measure(base: string, pid: number, probe: Probe): Promise<Measured> {
  const latency = await sequential(base, probe, SEQUENTIAL);
  const loads: Load[] = [];
  for (const connections of CONNECTIONS) {
    if (latency.p50 * connections > MAX_DRAIN_MS) {
      loads.push({ skipped: `one round of ${connections} takes > ${MAX_DRAIN_MS / 1000} s` });
      continue;
    }
    loads.push(await load(base, probe, connections, DURATION));
    await settle(pid);
  }
  return { latency, loads };
}

/**
 * Two servers' loads, one round of each after the other, PAIRED_ROUNDS times at each connection
 * count: the median round of each. A write's rate here swings with the minute more than with the
 * code, so a write and its ceiling are measured in the same minutes rather than far apart.
 */
async function alternatedLoads(
  first: { base: string; pid: number; probe: Probe },
  second: { base: string; pid: number; probe: Probe },
): Promise<{ first: Load[]; second: Load[] }> {
  const loads = { first: [] as Load[], second: [] as Load[] };
  for (const connections of CONNECTIONS) {
    const rounds = { first: [] as Load[], second: [] as Load[] };
    for (let round = 0; round < PAIRED_ROUNDS; round++) {
      for (const side of ['first', 'second'] as const) {
        const { base, pid, probe } = side === 'first' ? first : second;
        rounds[side].push(await load(base, probe, connections, DURATION));
        await settle(pid);
      }
    }
    loads.first.push(medianLoad(rounds.first));
    loads.second.push(medianLoad(rounds.second));
  }
  return loads;
}

/** The round with the median rate (the lower middle one of an even count). */
function medianLoad(rounds: readonly Load[]): Load {
  const sorted = [...rounds].sort((a, b) => (rpsOf(a) ?? 0) - (rpsOf(b) ?? 0));
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!middle) throw new Error('no load was measured');
  return middle;
}

const loadCell = (value: Load | undefined) => {
  if (!value) return '—';
  if ('skipped' in value) return 'skipped¹';
  const failures = value.timeouts + value.errors;
  return `${rate(value.rps)}${failures > 0 ? ` (${failures} t/o)` : ''}`;
};
const rpsOf = (value: Load | undefined) => (value && 'rps' in value ? value.rps : undefined);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

type Ceilings = Partial<Record<string, { kind: Ceiling; measured: Measured; differs?: string }>>;

type Engine = 'sqlite' | 'pg';

type SizeResult = {
  claims: number;
  engine: Engine;
  /** PostgreSQL: throughput with a second instance on the same database, beside one alone. */
  instances?: InstancesReport;
  rows: Map<string, Measured>;
  ceilings: Ceilings;
  startMs: number;
  serverPeakMb: number;
  restarts: number;
  facts: Facts;
  health?: HealthReport;
};

type HealthReport = {
  idle: { worst: number; p50: number; probes: number };
  busy: { worst: number; p50: number; probes: number };
  wideStatus: number;
  wideWords: number;
  maxWords: number;
  heavy: { status: number; count: number; worstMs: number };
  export: { status: number; bytes: number; ms: number; complete: boolean };
  /** The first export after the start, alone: read from disk unless the OS still caches it. */
  firstExport: { status: number; bytes: number; ms: number; complete: boolean };
  rss: { before: number; after: number; hwmBefore: number; hwmAfter: number };
  walk: { pages: number; ms: number };
};

/** Words of one or two letters, as many as asked, all different. */
function shortWords(count: number): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const words = [...letters];
  for (const a of letters) for (const b of letters) words.push(a + b);
  return words.slice(0, count);
}

/**
 * While a 250-word search, the heaviest search the API accepts, a full export and a deep walk
 * through the pages run together, how long does GET /health wait? An export alone comes first:
 * it times a first export, which reads the record from disk unless the OS still caches it (the
 * disk decides then), and leaves the record in the OS's cache, as on a server that has been
 * serving it, so that the run under load measures the API rather than what ran before the bench.
 */
async function healthUnderLoad(base: string, pid: number): Promise<HealthReport> {
  const firstExport = await drain(base, '/export', newClient(), EXPORT_LIMIT_MS);
  if (firstExport.status !== 200) throw new Error(`GET /export answered ${firstExport.status}`);
  const idleWatch = watchHealth(base, 50);
  await sleep(2000);
  const idle = await idleWatch.stop();

  const wide = shortWords(250);
  const search = (words: string[]) => get(`/claims?q=${encodeURIComponent(words.join(' '))}`);
  // The limit on distinct words, as the API states it when refusing more.
  const refusal = await send(base, search(shortWords(26)));
  const limit = /at most (\d+) different words/.exec(refusal.body.toString())?.[1];
  const maxWords = refusal.status === 400 && limit ? Number(limit) : 26;
  // Its distinct one-letter words repeated up to 250 words: q keeps within its 500 characters.
  const heaviest = search(
    Array.from({ length: 250 }, (_, i) => shortWords(maxWords)[i % maxWords] ?? 'a'),
  );

  const before = memoryOf(pid);
  const watch = watchHealth(base, 50);
  let exporting = true;
  const exported = drain(base, '/export', newClient(), EXPORT_LIMIT_MS).finally(() => {
    exporting = false;
  });
  const wideAnswer = send(base, search(wide), newClient());
  const heavy = (async () => {
    const client = newClient();
    let count = 0;
    let worstMs = 0;
    let status = 0;
    do {
      const answer = await send(base, heaviest, client);
      status = answer.status;
      worstMs = Math.max(worstMs, answer.ms);
      count++;
    } while (exporting && status === 200 && count < 3);
    return { status, count, worstMs };
  })();
  const walk = (async () => {
    const client = newClient();
    const started = performance.now();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/claims?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const answer = await sendChecked(base, get(path), client);
      cursor = (JSON.parse(answer.body.toString()) as Page<unknown>).nextCursor;
      pages++;
    } while (cursor && (exporting || pages < DEEP_PAGES));
    return { pages, ms: performance.now() - started };
  })();
  const [exportResult, wideResult, heavyResult, walkResult] = await Promise.all([
    exported,
    wideAnswer,
    heavy,
    walk,
  ]);
  const busy = await watch.stop();
  const after = memoryOf(pid);
  if (exportResult.status !== 200) throw new Error(`GET /export answered ${exportResult.status}`);
  return {
    idle,
    busy,
    wideStatus: wideResult.status,
    wideWords: wide.length,
    maxWords,
    heavy: heavyResult,
    export: exportResult,
    firstExport,
    rss: {
      before: before.rssMb,
      after: after.rssMb,
      hwmBefore: before.hwmMb,
      hwmAfter: after.hwmMb,
    },
    walk: walkResult,
  };
}

/** A copy of the record for one run, on either engine, as the variables that name it. */
async function runDatabase(
  record: CachedRecord,
  engine: Engine,
  progress: (line: string) => void,
): Promise<{ env: Record<string, string>; remove: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const copy = runCopy(record);
    return { env: { DB_FILE: copy.dbFile }, remove: async () => copy.remove() };
  }
  const cluster = await pgCluster();
  const { database, loadMs } = await ensurePgRecord(cluster, record, progress);
  if (loadMs !== null) pgLoads.set(record.claims, loadMs);
  const copy = await pgRunCopy(cluster, database);
  return { env: { DATABASE_URL: copy.url }, remove: copy.remove };
}

async function benchSize(
  record: CachedRecord,
  largest: boolean,
  engine: Engine,
): Promise<SizeResult> {
  const label = `${sizeLabel(record.claims)}${engine === 'pg' ? ' PostgreSQL' : ''}`;
  const progress = (line: string) => console.error(`[${label}] ${line}`);
  const copy = await runDatabase(record, engine, progress);
  const server = new ApiServer(copy.env, await freePort(), progress);
  const bytesFile = join(CACHE, `run-${record.claims}-bytes.json`);
  let ceilings: { child: ChildProcess; output: Collected } | null = null;
  try {
    const tag = Date.now().toString(36);
    const created = await run(
      ['src/cli/keys.ts', 'create', '--name', `bench-${tag}`, '--role', 'admin'],
      copy.env,
    );
    const key = /^(fck_\S+)$/m.exec(created)?.[1];
    if (!key) throw new Error(`no key in:\n${created}`);

    const startMs = await server.start();
    progress(`server up in ${ms(startMs)} ms`);
    const base = server.base;
    const facts = await server.retrying('discovery', () => discover(base));
    const rows = rowsOf(facts, key, claimWriter(facts, `p${tag}`));
    await warmUp(
      base,
      server.pid,
      rows.map((row) => row.probe),
    );
    const measured = new Map<string, Measured>();
    for (const row of rows) {
      const result = await server.retrying(row.name, () => measure(base, server.pid, row.probe));
      measured.set(row.name, result);
      progress(
        `${row.name}: p50 ${ms(result.latency.p50)} ms, p99 ${ms(result.latency.p99)} ms (n=${result.latency.samples}), c10 ${loadCell(result.loads[0])}/s, c50 ${loadCell(result.loads[1])}/s`,
      );
    }

    // The ceilings: the same answers from bare fastify, and from plain prepared statements (on
    // SQLite's run; PostgreSQL's is set beside SQLite's own).
    const results: Ceilings = {};
    if (engine === 'sqlite' && copy.env.DB_FILE !== undefined) {
      const bytesRows = rows.filter((row) => row.ceiling === 'bytes' || row.ceiling === 'raw');
      const canned: Record<string, { contentType: string; body: string }> = {};
      for (const [i, row] of bytesRows.entries()) {
        const answer = await server.retrying(row.name, () => sendChecked(base, row.probe));
        canned[String(i)] = {
          contentType: String(answer.headers['content-type'] ?? 'application/json'),
          body: answer.body.toString('base64'),
        };
      }
      writeFileSync(bytesFile, JSON.stringify(canned));
      const child = spawnTs(['test/bench/ceilings.ts'], {
        CEILING_DB: copy.env.DB_FILE,
        CEILING_BYTES: bytesFile,
      });
      ceilings = { child, output: collect(child) };
      const bare = await waitFor(child, ceilings.output, /CEILINGS (\S+)/);
      const barePid = child.pid ?? 0;
      await warmUp(
        bare,
        barePid,
        bytesRows.map((_, i) => get(`/bytes/${i}`)),
      );
      for (const [i, row] of bytesRows.entries()) {
        results[row.name] = {
          kind: 'bytes',
          measured: await measure(bare, barePid, get(`/bytes/${i}`)),
        };
      }
      for (const rawRow of rows.filter((row) => row.ceiling === 'raw')) {
        const real = await server.retrying(rawRow.name, () => sendChecked(base, rawRow.probe));
        const raw = await sendChecked(bare, get(`/raw/claims/${facts.claim.id}`));
        const differs = compare(real, raw);
        if (differs) progress(`WARNING: the raw-statement claim differs: ${differs}`);
        results[`${rawRow.name} raw`] = {
          kind: 'raw',
          measured: await measure(bare, barePid, get(`/raw/claims/${facts.claim.id}`)),
          differs,
        };
      }
      const insertRow = rows.find((row) => row.ceiling === 'insert');
      const insertMeasured = insertRow && measured.get(insertRow.name);
      if (insertRow && insertMeasured) {
        const bareProbe: Probe = {
          method: 'POST',
          path: '/raw/claims',
          body: claimWriter(facts, `b${tag}`),
          expect: [201],
        };
        const paired = await alternatedLoads(
          { base, pid: server.pid, probe: insertRow.probe },
          { base: bare, pid: barePid, probe: bareProbe },
        );
        measured.set(insertRow.name, { latency: insertMeasured.latency, loads: paired.first });
        progress(
          `${insertRow.name}, alternated with its ceiling (median of ${PAIRED_ROUNDS}): c10 ${loadCell(paired.first[0])}/s, c50 ${loadCell(paired.first[1])}/s`,
        );
        results[insertRow.name] = {
          kind: 'insert',
          measured: {
            latency: await sequential(bare, bareProbe, SEQUENTIAL),
            loads: paired.second,
          },
        };
      }
      for (const [name, result] of Object.entries(results)) {
        if (result)
          progress(
            `ceiling ${name}: p50 ${ms(result.measured.latency.p50)} ms, c10 ${loadCell(result.measured.loads[0])}/s, c50 ${loadCell(result.measured.loads[1])}/s`,
          );
      }
      await stop(ceilings.child, ceilings.output);
    }

    const instances =
      engine === 'pg' && largest
        ? await server.retrying('a second instance', () =>
            secondInstance(server, copy.env, facts, progress),
          )
        : undefined;
    const health = largest
      ? await server.retrying('health under load', () => healthUnderLoad(base, server.pid))
      : undefined;
    if (health) progress(`health under load: worst ${ms(health.busy.worst)} ms`);
    await server.stop();
    return {
      claims: record.claims,
      engine,
      instances,
      rows: measured,
      ceilings: results,
      startMs,
      serverPeakMb: server.peakMb(),
      restarts: server.restarts,
      facts,
      health,
    };
  } catch (error) {
    progress(`the server's last output:\n${server.log()}`);
    throw error;
  } finally {
    await server.stop();
    if (ceilings) await stop(ceilings.child, ceilings.output);
    rmSync(bytesFile, { force: true });
    await copy.remove();
  }
}

/** Where two answers first differ (body bytes, then ETag), or undefined when they are the same. */
function compare(
  real: { body: Buffer; headers: Record<string, unknown> },
  raw: { body: Buffer; headers: Record<string, unknown> },
): string | undefined {
  if (!real.body.equals(raw.body)) {
    let at = 0;
    while (at < real.body.length && real.body[at] === raw.body[at]) at++;
    const around = (body: Buffer) =>
      JSON.stringify(body.subarray(Math.max(0, at - 40), at + 40).toString());
    return `bodies differ at byte ${at}: API ${around(real.body)} vs raw ${around(raw.body)}`;
  }
  if (real.headers.etag !== raw.headers.etag)
    return `identical bodies, but ETags differ: API ${String(real.headers.etag)} vs raw ${String(raw.headers.etag)} (the raw one digests the bytes sent)`;
  return undefined;
}

function printRecords(records: CachedRecord[]): void {
  console.log('\n## Records\n');
  console.log(
    table(
      [
        'claims',
        'records',
        'NDJSON',
        'generate',
        'generator peak',
        'import',
        'records/s',
        'import peak',
        'database',
      ],
      records.map((r) =>
        r.built
          ? [
              sizeLabel(r.claims),
              r.built.records.toLocaleString('en'),
              mb(r.built.ndjsonMb),
              seconds(r.built.generateMs),
              mb(r.built.generatorPeakMb),
              seconds(r.built.importMs),
              rate(r.built.records / (r.built.importMs / 1000)),
              mb(r.built.importPeakMb),
              mb(r.dbMb),
            ]
          : [sizeLabel(r.claims), 'cached', '', '', '', '', '', '', mb(r.dbMb)],
      ),
    ),
  );
}

function printResults(results: SizeResult[], names: string[]): void {
  const first = results[0];
  const last = results.at(-1);
  if (!first || !last) return;
  const labels = results.map((r) => sizeLabel(r.claims));
  const spread =
    results.length > 1 ? `${sizeLabel(last.claims)} ÷ ${sizeLabel(first.claims)} p50` : null;

  console.log(`\n## Latency, sequential requests (ms; n = requests timed at the largest size)\n`);
  console.log(
    table(
      [
        'request',
        ...labels.flatMap((l) => [`${l} p50`, `${l} p99`]),
        'n',
        ...(spread ? [spread] : []),
        'answer bytes',
      ],
      names.map((name) => {
        const cells = results.map((r) => r.rows.get(name)?.latency);
        return [
          name,
          ...cells.flatMap((c) => [ms(c?.p50), ms(c?.p99)]),
          String(cells.at(-1)?.samples ?? '—'),
          ...(spread ? [ratio(cells.at(-1)?.p50, cells[0]?.p50)] : []),
          cells.map((c) => (c ? kb(c.bytes) : '—')).join(' → '),
        ];
      }),
    ),
  );

  console.log(`\n## Throughput (requests/s answered, autocannon ${DURATION} s)\n`);
  console.log(
    table(
      ['request', ...labels.flatMap((l) => CONNECTIONS.map((c) => `${l} c${c}`))],
      names.map((name) => [
        name,
        ...results.flatMap((r) => CONNECTIONS.map((_, i) => loadCell(r.rows.get(name)?.loads[i]))),
      ]),
    ),
  );
  console.log(
    `\n¹ skipped: at the sequential p50, the load's last requests would keep the server busy past BENCH_MAX_DRAIN (${MAX_DRAIN_MS / 1000} s). "t/o": requests timed out or failed.`,
  );

  console.log('\n## Ceilings (the same answers without the app)\n');
  const ceilingRows: string[][] = [];
  for (const r of results) {
    for (const [name, ceiling] of Object.entries(r.ceilings)) {
      if (!ceiling) continue;
      const project = r.rows.get(name.replace(/ raw$/, ''));
      if (!project) continue;
      const kind = {
        bytes: 'bare fastify, same bytes',
        raw: 'raw prepared statements',
        insert: 'bare insert',
      }[ceiling.kind];
      ceilingRows.push([
        `${name.replace(/ raw$/, '')} (${sizeLabel(r.claims)})`,
        kind,
        ms(project.latency.p50),
        ms(ceiling.measured.latency.p50),
        ratio(project.latency.p50, ceiling.measured.latency.p50),
        ...CONNECTIONS.flatMap((_, i) => [
          loadCell(project.loads[i]),
          loadCell(ceiling.measured.loads[i]),
          ratio(rpsOf(project.loads[i]), rpsOf(ceiling.measured.loads[i])),
        ]),
      ]);
    }
  }
  console.log(
    table(
      [
        'request (size)',
        'ceiling',
        'API p50',
        'ceiling p50',
        'API ÷ ceiling',
        ...CONNECTIONS.flatMap((c) => [`API c${c}`, `ceiling c${c}`, `API ÷ ceiling c${c}`]),
      ],
      ceilingRows,
    ),
  );
  if (results.some((r) => Object.values(r.ceilings).some((c) => c?.kind === 'insert')))
    console.log(
      `\nA write and its bare insert: the median of ${PAIRED_ROUNDS} rounds of each at each connection count, one after the other (the write's rates in the Throughput table too).`,
    );
  for (const r of results) {
    for (const ceiling of Object.values(r.ceilings))
      if (ceiling?.differs)
        console.log(
          `\nWARNING (${sizeLabel(r.claims)}): the raw-statement claim differs from the API's: ${ceiling.differs}`,
        );
  }

  console.log('\n## Server\n');
  console.log(
    table(
      [
        'claims',
        'start → first GET /health 200',
        'server peak RSS',
        'restarts',
        'claims of the 3 % actor',
        'cursor page timed',
      ],
      results.map((r) => [
        sizeLabel(r.claims),
        `${ms(r.startMs)} ms`,
        mb(r.serverPeakMb),
        String(r.restarts),
        r.facts.prolificActor.claimCount.toLocaleString('en'),
        String(r.facts.deepDepth),
      ]),
    ),
  );

  const health = last.health;
  if (health) {
    console.log(`\n## GET /health under load (${sizeLabel(last.claims)}, probed every 50 ms)\n`);
    console.log(
      table(
        ['what', 'result'],
        [
          [
            'idle: worst wait / p50',
            `${ms(health.idle.worst)} ms / ${ms(health.idle.p50)} ms (${health.idle.probes} probes)`,
          ],
          [
            'busy: worst wait / p50',
            `${ms(health.busy.worst)} ms / ${ms(health.busy.p50)} ms (${health.busy.probes} probes)`,
          ],
          [`search of ${health.wideWords} different words`, `status ${health.wideStatus}`],
          [
            `heaviest accepted search (${health.maxWords} one-letter words × ${Math.ceil(250 / health.maxWords)})`,
            `status ${health.heavy.status}, ${health.heavy.count}× sent, slowest ${ms(health.heavy.worstMs)} ms`,
          ],
          ['GET /export (bundle JSON) under this load', exported(health.export)],
          ['GET /export alone before, the first after the start', exported(health.firstExport)],
          [
            'server RSS before → after export',
            `${mb(health.rss.before)} → ${mb(health.rss.after)}`,
          ],
          [
            'server peak RSS (VmHWM) before → after',
            `${mb(health.rss.hwmBefore)} → ${mb(health.rss.hwmAfter)}`,
          ],
          ['deep walk, limit=100', `${health.walk.pages} pages in ${seconds(health.walk.ms)}`],
        ],
      ),
    );
  }
}

function exported(run: HealthReport['export']): string {
  return run.complete
    ? `${mb(run.bytes / 1_048_576)} in ${seconds(run.ms)}`
    : `cut after ${seconds(run.ms)} (BENCH_EXPORT_SECONDS), ${mb(run.bytes / 1_048_576)} received`;
}

/**
 * A server just started runs its code cold (not yet compiled by the JIT): whichever row came first
 * would pay for it. Untimed load on each of the first few reads, a second at a time until a second
 * answers within 5 % of the one before (on the 1 M record the claim by id took four: 5,600,
 * 7,200, 9,600, 10,500/s, then steady), warms the server as serving does before anything is
 * timed; the ceilings' servers are warmed alike. A second that answers far fewer (a collector's
 * pause) is not taken for steady.
 */
async function warmUp(base: string, pid: number, probes: Probe[]): Promise<void> {
  for (const probe of probes.filter((p) => p.method === 'GET').slice(0, WARM_PROBES)) {
    let before = 0;
    for (let second = 0; second < WARM_MOST_SECONDS; second++) {
      const rps = rpsOf(await load(base, probe, 10, 1)) ?? 0;
      if (before > 0 && Math.abs(rps / before - 1) < WARM_STEADY) break;
      before = rps;
    }
  }
  await settle(pid);
}

const WARM_PROBES = 6;
/** A read is warm once a second of load answers within this share of the second before. */
const WARM_STEADY = 0.05;
/** A read that never settles (a noisy machine) is timed after this many seconds of warming. */
const WARM_MOST_SECONDS = 10;

type InstancesReport = {
  name: string;
  one: number;
  two: number;
  cpuOne: CpuShares;
  cpuTwo: CpuShares;
}[];

/**
 * Requests per second at 50 connections on one instance, then on two instances of the same
 * PostgreSQL database (25 each, at once, summed): what adding an instance brings on this machine.
 */
async function secondInstance(
  first: ApiServer,
  env: Record<string, string>,
  facts: Facts,
  progress: (line: string) => void,
): Promise<InstancesReport> {
  const second = new ApiServer(env, await freePort(), progress);
  await second.start();
  const fresh = { 'cache-control': 'no-cache' };
  const probes: [string, Probe][] = [
    ['GET /claims/{id} read anew (no-cache)', get(`/claims/${facts.claim.id}`, fresh)],
    ['GET /claims?limit=20 read anew (no-cache)', get('/claims?limit=20', fresh)],
    ['GET /claims/{id}', get(`/claims/${facts.claim.id}`)],
    ['GET /claims?limit=20', get('/claims?limit=20')],
  ];
  const report: InstancesReport = [];
  try {
    for (const [name, probe] of probes) {
      const meterOne = startCpuMeter([first.pid]);
      const one = rpsOf(await load(first.base, probe, 50, DURATION)) ?? 0;
      const cpuOne = meterOne();
      await settle(first.pid);
      const meterTwo = startCpuMeter([first.pid, second.pid]);
      const both = await Promise.all(
        [first, second].map((server) => load(server.base, probe, 25, DURATION)),
      );
      const cpuTwo = meterTwo();
      const two = both.reduce((sum, answered) => sum + (rpsOf(answered) ?? 0), 0);
      await Promise.all([settle(first.pid), settle(second.pid)]);
      progress(
        `${name}: one instance ${rate(one)}/s, ${describeCpu(cpuOne)}; two ${rate(two)}/s, ${describeCpu(cpuTwo)}`,
      );
      report.push({ name, one, two, cpuOne, cpuTwo });
    }
  } finally {
    await second.stop();
  }
  return report;
}

function printPgLoads(): void {
  if (pgLoads.size === 0) return;
  console.log('\n## Records loaded into PostgreSQL (from the SQLite ones, table by table)\n');
  console.log(
    table(
      ['claims', 'load (copy, search documents, VACUUM ANALYZE)'],
      [...pgLoads].map(([claims, loadMs]) => [sizeLabel(claims), seconds(loadMs)]),
    ),
  );
}

/** Each request's PostgreSQL figures beside SQLite's, measured in the same run. */
function printEngines(sqlite: SizeResult[], pg: SizeResult[], names: string[]): void {
  console.log(
    '\n## PostgreSQL ÷ SQLite (same run; latency: lower is better, throughput: higher)\n',
  );
  const rows: string[][] = [];
  for (const p of pg) {
    const s = sqlite.find((r) => r.claims === p.claims);
    if (!s) continue;
    for (const name of names) {
      const a = s.rows.get(name);
      const b = p.rows.get(name);
      rows.push([
        `${name} (${sizeLabel(p.claims)})`,
        ms(a?.latency.p50),
        ms(b?.latency.p50),
        ratio(b?.latency.p50, a?.latency.p50),
        ...CONNECTIONS.flatMap((_, i) => [
          loadCell(a?.loads[i]),
          loadCell(b?.loads[i]),
          ratio(rpsOf(b?.loads[i]), rpsOf(a?.loads[i])),
        ]),
      ]);
    }
  }
  console.log(
    table(
      [
        'request (size)',
        'SQLite p50',
        'PostgreSQL p50',
        'PG ÷ SQLite p50',
        ...CONNECTIONS.flatMap((c) => [`SQLite c${c}`, `PG c${c}`, `PG ÷ SQLite c${c}`]),
      ],
      rows,
    ),
  );
}

function printInstances(pg: SizeResult[]): void {
  for (const r of pg) {
    if (!r.instances) continue;
    console.log(
      `\n## PostgreSQL: one instance, then two on the same database (${sizeLabel(r.claims)}, 50 connections in all, req/s)\n`,
    );
    console.log(
      table(
        ['request', 'one instance', 'two instances', 'two ÷ one', 'CPU, one', 'CPU, two'],
        r.instances.map((row) => [
          row.name,
          rate(row.one),
          rate(row.two),
          ratio(row.two, row.one),
          describeCpu(row.cpuOne),
          describeCpu(row.cpuTwo),
        ]),
      ),
    );
    console.log(
      '\nCPU: cores busy on the whole machine during each run, and what used them: the API' +
        " instances, PostgreSQL's processes, and the bench itself generating the load. When one" +
        ' instance leaves no core idle, a second can only share the same cores.',
    );
  }
}

const records: CachedRecord[] = [];
for (const claims of SIZES) {
  console.error(`[${sizeLabel(claims)}] record…`);
  const record = await ensureRecord(claims);
  console.error(
    `[${sizeLabel(claims)}] ${record.built ? `built in ${seconds(record.built.generateMs + record.built.importMs)}` : 'cached'}`,
  );
  records.push(record);
}

const results: Record<Engine, SizeResult[]> = { sqlite: [], pg: [] };
const largest = Math.max(...SIZES);
let names: string[] = [];
try {
  for (const record of records) {
    for (const engine of ENGINES) {
      const result = await benchSize(record, record.claims === largest, engine);
      results[engine].push(result);
      names = [...result.rows.keys()];
    }
  }
} finally {
  await started.cluster?.stop();
}
printRecords(records);
if (results.pg.length > 0) console.log('\n# SQLite');
printResults(results.sqlite, names);
if (results.pg.length > 0) {
  console.log('\n# PostgreSQL');
  printPgLoads();
  printResults(results.pg, names);
  printEngines(results.sqlite, results.pg, names);
  printInstances(results.pg);
}
