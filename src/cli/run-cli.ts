import { ConfigError } from '../config.js';
import { AppError } from '../lib/problem.js';

/** Runs a command-line task: problems are printed plainly and end the process with exit code 1. */
export function runCli(task: () => void): void {
  try {
    task();
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else if (error instanceof AppError) {
      console.error(error.message);
      for (const e of error.errors ?? []) console.error(`  ${e.path}: ${e.message}`);
    } else console.error(error);
    process.exitCode = 1;
  }
}
