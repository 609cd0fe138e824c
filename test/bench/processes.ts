import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** The repository's root: the processes run from there, as `npm run` would run them. */
export const ROOT = join(import.meta.dirname, '..', '..');

/**
 * A TypeScript entry point of the repository in a process of its own, with report-rss.mjs
 * preloaded so that its peak memory is printed when it exits.
 */
/** This process's environment without the database it names: each process is given its own. */
function inherited(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DB_FILE: _file, ...rest } = process.env;
  return rest;
}

export function spawnTs(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', join(import.meta.dirname, 'report-rss.mjs'), '--import', 'tsx', ...args],
    { cwd: ROOT, env: { ...inherited(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

export type Collected = {
  /** What the process wrote (both streams), its last 256 kB. */
  output: () => string;
  done: Promise<number | null>;
};

const KEEP = 256 * 1024;

export function collect(child: ChildProcess): Collected {
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 2 * KEEP) output = output.slice(-KEEP);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    output: () => output,
    done: new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (signal) output += `\n(ended by ${signal})\n`;
        resolve(code);
      }),
    ),
  };
}

/** Runs a command to its end; its output, or an error with that output. */
export async function run(args: string[], env: Record<string, string>): Promise<string> {
  const child = spawnTs(args, env);
  const collected = collect(child);
  const code = await collected.done;
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}:\n${collected.output()}`);
  return collected.output();
}

/** The peak resident memory report-rss.mjs printed, in MB (0 when absent). */
export const peakMb = (output: string) => Number(/PEAK_RSS_KB (\d+)/.exec(output)?.[1] ?? 0) / 1024;

/** Waits for a line of output matching `pattern`; its first group. */
export async function waitFor(
  child: ChildProcess,
  collected: Collected,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(collected.output());
    if (match?.[1]) return match[1];
    if (child.exitCode !== null) {
      throw new Error(`process exited ${child.exitCode}:\n${collected.output()}`);
    }
    if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${collected.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** SIGTERM, then its exit code. */
export async function stop(child: ChildProcess, collected: Collected): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  return collected.done;
}
