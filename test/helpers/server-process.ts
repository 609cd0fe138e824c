import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { processEnv } from './process-env.js';

const root = join(import.meta.dirname, '..', '..');

export type ServerProcess = {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Its base URL once it listens (rejects with its output if it exits first). */
  listening: Promise<string>;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
};

/**
 * `npm start` as a process of its own, with these variables (and no database of the test run's).
 * It is seen listening by the line it logs at `info`: LOG_LEVEL must not be above that.
 */
export function startServerProcess(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: processEnv({ PORT: '0', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Factcheck API on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  // Awaited by the caller; a server stopped after it listened must not count as a failure.
  listening.catch(() => {});
  return {
    child,
    output: () => output,
    listening,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
