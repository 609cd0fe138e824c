import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ConfigError } from '../config.js';
import { AppError } from '../lib/problem.js';

/** Exit codes the command-line tools share. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Runs a command-line task: problems are printed plainly and end the process with exit code 1. */
export function runCli(task: () => void | Promise<void>): void {
  Promise.resolve()
    .then(task)
    .catch((error: unknown) => {
      if (error instanceof ConfigError) console.error(error.message);
      else if (error instanceof AppError) {
        console.error(error.message);
        for (const e of error.errors ?? []) console.error(`  ${e.path}: ${e.message}`);
      } else console.error(error);
      process.exitCode = EXIT.failed;
    });
}

/** Parses the arguments, or prints the usage and exits 2. */
export function parseCliArgs<T extends ParseArgsConfig>(config: T, usage: string) {
  try {
    const parsed = parseArgs({ ...config, allowPositionals: true });
    if ((parsed.values as Record<string, unknown>).help) {
      console.log(usage);
      process.exit(EXIT.ok);
    }
    return parsed;
  } catch (error) {
    return usageError((error as Error).message, usage);
  }
}

export function usageError(message: string, usage: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(EXIT.usage);
}
