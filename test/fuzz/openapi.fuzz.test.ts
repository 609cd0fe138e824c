/**
 * Schema-driven fuzz test: for every operation of the served OpenAPI document, FUZZ_RUNS requests
 * (default 200) made with fast-check from the document itself: valid and invalid path parameters,
 * query strings, headers and bodies, with and without keys. Any 5xx, any 4xx that is not a
 * problem document, any status the operation does not document, and any documented body that
 * breaks its schema fails the operation's test, with a report of each class of failure.
 *
 *   FUZZ_SEED   the seed (default: fixed, so CI replays the same requests); `random` for a new one
 *   FUZZ_RUNS   requests per operation (default 200)
 *   FUZZ_OPS    a regular expression: only the operationIds it matches
 *   FUZZ_LOG    a file: every exchange appended to it as one JSON line (status, labels, problem)
 *
 * `npm run test:fuzz` runs longer with a random seed, printed at the start to replay a failure.
 */
import { randomInt } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import type { App } from '../../src/app.js';
import { makeApp, makeKeys } from '../helpers/app.js';
import { extraBodies } from './bodies.js';
import { anchorHint, hintsFrom } from './hints.js';
import { type OpenApiDocument, type Operation, operationsOf } from './operations.js';
import { Oracle } from './oracle.js';
import { collectPools, type Pools } from './pools.js';
import { clip, type Failure, formatFailures, formatStats, type OperationStats } from './report.js';
import { type Plan, planArbitrary, rowsFor } from './requests.js';
import { SchemaArbitraries } from './schema-arbitrary.js';
import { type Exchange, LastThrown, Sender } from './send.js';

const DEFAULT_SEED = 20_250_808;
const seed =
  process.env.FUZZ_SEED === 'random'
    ? randomInt(2 ** 31 - 1)
    : Number.parseInt(process.env.FUZZ_SEED || String(DEFAULT_SEED), 10);
const runs = Number.parseInt(process.env.FUZZ_RUNS || '200', 10);
const only = process.env.FUZZ_OPS ? new RegExp(process.env.FUZZ_OPS) : null;
const log = process.env.FUZZ_LOG || null;
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(runs) || runs < 1) {
  throw new Error('FUZZ_SEED must be an integer or `random`, FUZZ_RUNS a positive integer');
}
const replay = `FUZZ_SEED=${seed} FUZZ_RUNS=${runs}`;
console.log(`fuzz: seed ${seed}, ${runs} requests per operation (replay with ${replay})`);

// The document the API serves, not one built beside it: what clients see is what is checked.
const probe = await makeApp({ seed: false });
const document = (await probe.app.inject({ url: '/openapi.json' })).json() as OpenApiDocument;
await probe.close();
const components = document.components?.schemas ?? {};
const operations = operationsOf(document).filter((op) => !only || only.test(op.id));
const oracle = new Oracle(document);
const readablePaths = new Set(
  operationsOf(document)
    .filter((op) => op.method === 'GET')
    .map((op) => op.path),
);

/** Plans are drawn in chunks, each from a seed of its own, so that a long run stays small. */
const CHUNK = 50;

describe('fuzz: every operation of the served OpenAPI document', () => {
  const stats: OperationStats[] = [];
  const everyFailure: Failure[] = [];

  afterAll(() => {
    console.log(`fuzz: seed ${seed}; requests per operation:\n${formatStats(stats)}`);
    if (everyFailure.length > 0) console.log(`fuzz (${replay}): ${formatFailures(everyFailure)}`);
  });

  for (const op of operations) {
    it(
      `${op.method} ${op.path} (${op.id})`,
      async () => {
        const failures = await fuzzOperation(op, stats);
        everyFailure.push(...failures);
        if (failures.length > 0) {
          throw new Error(
            `${op.id} (${replay} FUZZ_OPS='^${op.id}$'): ${formatFailures(failures)}`,
          );
        }
      },
      // Generous: hostile bodies (megabytes, deep nesting) take their time on a slow machine.
      30_000 + runs * 200,
    );
  }
});

/** One app on a fresh seeded database per operation: its requests replay the same from a seed. */
async function fuzzOperation(op: Operation, stats: OperationStats[]): Promise<Failure[]> {
  const thrown = new LastThrown();
  const ctx = await makeApp({ beforeReady: ({ app }) => thrown.watch(app) });
  try {
    const keys = await makeKeys(ctx.store);
    const sender = await Sender.create(ctx.app, ctx.store, keys, thrown);
    const pools = await collectPools(ctx.store);
    const cursors = await firstCursors(ctx.app, op, pools);
    const arbitraries = (clean: boolean) =>
      new SchemaArbitraries(components, {
        hint: hintsFrom(pools, cursors, clean),
        objectHint: anchorHint(pools, clean),
        clean,
      });
    const clean = arbitraries(true);
    const plans = planArbitrary(op, {
      clean,
      wild: arbitraries(false),
      pools,
      readablePaths,
      extraBodies: extraBodies([op], clean, components, await exportedRecord(ctx.app, op)),
    });
    const failures: Failure[] = [];
    const counted: OperationStats = { operation: op.id, requests: 0, statuses: new Map() };
    stats.push(counted);
    for (let done = 0; done < runs; done += CHUNK) {
      const chunk = fc.sample(plans, {
        seed: seedOf(op.id, done / CHUNK),
        numRuns: Math.min(CHUNK, runs - done),
      });
      for (const plan of chunk) {
        const exchange = await sender.send(plan).catch((error: Error) => noAnswer(plan, error));
        const { status } = exchange.answer;
        counted.requests += 1;
        counted.statuses.set(status, (counted.statuses.get(status) ?? 0) + 1);
        if (log) appendFileSync(log, `${logLine(op, plan, exchange)}\n`);
        for (const breach of oracle.judge(op, exchange.answer)) {
          failures.push({ operation: op.id, labels: plan.labels, exchange, breach });
        }
      }
    }
    return failures;
  } finally {
    await ctx.close();
  }
}

/** The seed of one chunk of one operation: the run's seed mixed with the operation's name. */
function seedOf(operation: string, chunk: number): number {
  let hash = 0x811c9dc5;
  for (const char of `${operation}#${chunk}`) {
    hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193);
  }
  return (hash ^ seed) | 0;
}

/** A real `nextCursor` of the operation's first page, when it pages: cursors that parse. */
async function firstCursors(app: App, op: Operation, pools: Pools): Promise<string[]> {
  const names = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  if (op.method !== 'GET' || !names.includes('cursor')) return [];
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    return rowsFor(op.path, name, pools)[0]?.id ?? 'none';
  });
  const cursors: string[] = [];
  for (const limit of [1, 2]) {
    const page = await app.inject({ url: `${path}?limit=${limit}` });
    const next =
      page.statusCode === 200 ? (page.json() as { nextCursor?: unknown }).nextCursor : null;
    if (typeof next === 'string') cursors.push(next);
  }
  return cursors;
}

/** An inject that threw instead of answering: recorded as status 0, which nothing documents. */
function noAnswer(plan: Plan, error: Error): Exchange {
  return {
    request: {
      method: plan.method,
      url: plan.url,
      headers: plan.headers,
      body: plan.body?.payload ?? null,
    },
    answer: { status: 0, headers: {}, body: '' },
    thrown: `${error.name}: ${error.message}`,
  };
}

function logLine(op: Operation, plan: Plan, exchange: Exchange): string {
  const body = exchange.request.body;
  return JSON.stringify({
    operation: op.id,
    labels: plan.labels,
    method: plan.method,
    url: clip(plan.url, 300),
    body: body === null ? null : clip(body.toString(), 300),
    status: exchange.answer.status,
    answer: clip(exchange.answer.body, 500),
    thrown: exchange.thrown,
  });
}

/** For an import: the record as `GET /export` gives it, to import again (changed a little). */
async function exportedRecord(app: App, op: Operation): Promise<unknown> {
  if (op.method !== 'POST' || !/\bNDJSON\b/.test(op.prose)) return null;
  const exported = await app.inject({ url: '/export' });
  return exported.statusCode === 200 ? exported.json() : null;
}
