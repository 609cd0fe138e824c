import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { statFields, TICKS } from './cpu-meter.js';

/** One request the bench times: sent as is, or with a fresh body each time (`body`). */
export type Probe = {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** Called once per request, so that each write is a new one. */
  body?: () => string;
  /** The statuses that count as an answer; anything else fails the bench. Default [200]. */
  expect?: readonly number[];
};

export type Answer = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
};

// One kept-alive connection, as a single client would use: no connection set-up in the timings.
const oneClient = new Agent({ keepAlive: true, maxSockets: 1 });

/** A client of its own, for requests sent alongside others'. */
export const newClient = () => new Agent({ keepAlive: true });

/**
 * Sends the request, reads the whole answer, and times it from first byte sent to last received.
 * `client`: whose connections (default: the one connection of a client waiting for each answer).
 */
export function send(base: string, probe: Probe, client: Agent = oneClient): Promise<Answer> {
  const url = new URL(probe.path, base);
  const body = probe.body?.();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(
      url,
      {
        method: probe.method,
        agent: client,
        headers: {
          ...probe.headers,
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends and fails loudly on a status the probe does not expect. */
export async function sendChecked(
  base: string,
  probe: Probe,
  client: Agent = oneClient,
): Promise<Answer> {
  const answer = await send(base, probe, client);
  if (!(probe.expect ?? [200]).includes(answer.status)) {
    throw new Error(
      `${probe.method} ${probe.path} answered ${answer.status}: ${answer.body.toString().slice(0, 500)}`,
    );
  }
  return answer;
}

export async function json<T>(base: string, probe: Probe | string): Promise<T> {
  const answer = await sendChecked(base, typeof probe === 'string' ? get(probe) : probe);
  return JSON.parse(answer.body.toString()) as T;
}

export const get = (path: string, headers?: Record<string, string>): Probe => ({
  method: 'GET',
  path,
  headers,
});

/** `bytes`: the size of the last answer's body (what a read returns: compare sizes alike). */
export type Latency = { p50: number; p99: number; samples: number; bytes: number };

/** The value below which `p` of the sorted values lie (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export type SequentialOptions = {
  /** At most this many timed requests. */
  samples: number;
  /** At least this many, however slow. */
  minSamples: number;
  /** Past this many milliseconds, stop once `minSamples` are in. */
  budgetMs: number;
  /** Untimed requests first (caches, JIT). */
  warmup: number;
};

/**
 * p50 and p99 of requests sent one after another, each answer checked; reads with
 * `Cache-Control: no-cache`, so that each is read from the record, not sent again from memory.
 */
export async function sequential(
  base: string,
  given: Probe,
  options: SequentialOptions,
): Promise<Latency> {
  // What a read costs when it is read, not when its kept answer is sent again.
  const probe =
    given.method === 'GET'
      ? { ...given, headers: { ...given.headers, 'cache-control': 'no-cache' } }
      : given;
  // A slow request warms nothing that matters: one is enough then.
  for (let i = 0; i < options.warmup; i++) {
    if ((await sendChecked(base, probe)).ms > 500) break;
  }
  const times: number[] = [];
  let bytes = 0;
  const started = performance.now();
  while (
    times.length < options.samples &&
    (times.length < options.minSamples || performance.now() - started < options.budgetMs)
  ) {
    const answer = await sendChecked(base, probe);
    times.push(answer.ms);
    bytes = answer.body.length;
  }
  times.sort((a, b) => a - b);
  const [p50, p99] = [percentile(times, 0.5), percentile(times, 0.99)];
  return { p50, p99, samples: times.length, bytes };
}

export type Load =
  | { rps: number; timeouts: number; errors: number; p99: number }
  | { skipped: string };

/**
 * Requests per second answered with `connections` clients for `seconds` (autocannon). A status
 * the probe does not expect fails the bench; timeouts and socket errors are counted.
 */
export async function load(
  base: string,
  probe: Probe,
  connections: number,
  seconds: number,
): Promise<Load> {
  const makeBody = probe.body;
  const result = await autocannon({
    url: new URL(probe.path, base).href,
    method: probe.method,
    connections,
    duration: seconds,
    timeout: 30,
    headers: {
      ...probe.headers,
      ...(makeBody ? { 'content-type': 'application/json' } : {}),
    },
    ...(makeBody
      ? { requests: [{ setupRequest: (request) => ({ ...request, body: makeBody() }) }] }
      : {}),
  });
  const expected = (probe.expect ?? [200]).map(String);
  const unexpected = Object.entries(result.statusCodeStats ?? {}).filter(
    ([status]) => !expected.includes(status),
  );
  if (unexpected.length > 0) {
    const counts = unexpected.map(([status, stat]) => `${stat.count ?? 0}× ${status}`).join(', ');
    throw new Error(`${probe.method} ${probe.path} at c${connections}: ${counts}`);
  }
  const answered = Object.values(result.statusCodeStats ?? {}).reduce(
    (sum, stat) => sum + (stat.count ?? 0),
    0,
  );
  return {
    rps: answered / result.duration,
    timeouts: result.timeouts,
    errors: result.errors - result.timeouts,
    p99: result.latency.p99,
  };
}

/** CPU time (ms) a process has used, from /proc. */
function cpuMs(pid: number): number {
  const stat = statFields(String(pid));
  if (!stat) throw new Error(`process ${pid} has exited`);
  return (stat.ticks * 1000) / TICKS;
}

/**
 * Waits until the process is idle (under 10 % of a core for 200 ms): requests a load test left
 * queued when it stopped would otherwise be timed with the next row.
 */
export async function settle(pid: number, maxMs = 300_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  let before = cpuMs(pid);
  while (performance.now() < deadline) {
    await sleep(200);
    const now = cpuMs(pid);
    if (now - before <= 20) return;
    before = now;
  }
}

/** Resident and peak resident memory (MB) of a process, from /proc. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/**
 * A GET whose answer is counted and dropped as it arrives (an export of gigabytes); cut after
 * `limitMs`, when `complete` is false.
 */
export function drain(
  base: string,
  path: string,
  client: Agent,
  limitMs: number,
): Promise<{ status: number; bytes: number; ms: number; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let status = 0;
    let bytes = 0;
    let settled = false;
    const finish = (complete: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ status, bytes, ms: performance.now() - started, complete });
    };
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    };
    const req = httpRequest(new URL(path, base), { agent: client }, (res) => {
      status = res.statusCode ?? 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('error', fail);
      res.on('end', () => finish(true));
    });
    const timer = setTimeout(() => {
      finish(false);
      req.destroy();
    }, limitMs);
    req.on('error', fail);
    req.end();
  });
}

export type Watch = { stop: () => Promise<{ worst: number; p50: number; probes: number }> };

/**
 * Sends `GET /health` every `everyMs` on a clock of its own, whether the last one was answered or
 * not, so that a server that stops answering for a while shows as one long wait.
 */
export function watchHealth(base: string, everyMs: number): Watch {
  const client = newClient();
  const waits: number[] = [];
  const pending = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const probe = send(base, get('/health'), client).then((answer) => {
      if (answer.status !== 200) throw new Error(`GET /health answered ${answer.status}`);
      waits.push(answer.ms);
    });
    pending.add(probe);
    void probe.finally(() => pending.delete(probe)).catch(() => {});
  }, everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all(pending);
      client.destroy();
      const sorted = [...waits].sort((a, b) => a - b);
      return {
        worst: sorted.at(-1) ?? Number.NaN,
        p50: percentile(sorted, 0.5),
        probes: sorted.length,
      };
    },
  };
}
