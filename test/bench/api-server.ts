import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { get, send } from './measure.js';
import { type Collected, collect, peakMb, spawnTs, stop } from './processes.js';

/**
 * The real server (src/server.ts) on a database, as `npm start` runs it but with rate limits off
 * and only warnings logged. Another process on the machine may stop it (a stray `pkill` of servers
 * by name): `retrying` then starts it again and runs the interrupted task anew.
 */
export class ApiServer {
  readonly base: string;
  private child: ChildProcess | null = null;
  private output: Collected | null = null;
  private peakKbOfEarlier = 0;
  restarts = 0;

  constructor(
    /** The variables naming its database: DB_FILE, or DATABASE_URL. */
    private readonly database: Record<string, string>,
    port: number,
    private readonly report: (line: string) => void,
  ) {
    this.base = `http://127.0.0.1:${port}`;
  }

  /** Starts it; the milliseconds from spawning the process to the first GET /health answered 200. */
  async start(): Promise<number> {
    const port = new URL(this.base).port;
    const started = performance.now();
    const child = spawnTs(['src/server.ts'], {
      ...this.database,
      PORT: port,
      SEED: 'none',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_READS: '0',
      RATE_LIMIT_WRITES: '0',
      RATE_LIMIT_BAD_KEYS: '0',
    });
    this.child = child;
    this.output = collect(child);
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited:\n${this.log()}`);
      const up = await send(this.base, get('/health')).catch(() => null);
      if (up?.status === 200) return performance.now() - started;
      await sleep(10);
    }
  }

  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error('the server is not running');
    return pid;
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What it printed lately. */
  log(): string {
    return (this.output?.output() ?? '').slice(-4000);
  }

  /** Peak resident memory over every run of it, in MB. */
  peakMb(): number {
    return Math.max(this.peakKbOfEarlier / 1024, peakMb(this.output?.output() ?? ''));
  }

  async stop(): Promise<void> {
    if (this.child && this.output) await stop(this.child, this.output);
  }

  /** Runs `task`; should the server stop meanwhile, starts it again and runs `task` again. */
  async retrying<T>(what: string, task: () => Promise<T>, tries = 3): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await task();
      } catch (error) {
        // Given a moment, an exit that caused the failure has been seen.
        await sleep(200);
        if (this.alive || attempt >= tries) throw error;
        this.report(
          `${what}: the server stopped from outside (exit ${this.child?.exitCode}); restarting, trying again`,
        );
        this.peakKbOfEarlier = Math.max(this.peakKbOfEarlier, this.peakMb() * 1024);
        this.restarts++;
        await this.start();
      }
    }
  }
}
