import { readdirSync, readFileSync } from 'node:fs';

/** Where the machine's CPU went during a load run, in cores (this machine has `cores`). */
export type CpuShares = {
  cores: number;
  busy: number;
  api: number;
  postgres: number;
  bench: number;
};

// Clock ticks per second of /proc's counters (USER_HZ, 100 on Linux).
export const TICKS = 100;

/** A process's command name and the CPU ticks it has used; null once it has ended. */
export function statFields(pid: string): { comm: string; ticks: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // ended between the listing and the read
  }
  const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  // After the command name, which may hold spaces: utime and stime are the 12th and 13th fields.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
}

/** CPU ticks of every PostgreSQL process now running, by pid. */
function postgresTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = statFields(pid);
    if (stat?.comm.startsWith('postgres')) ticks.set(pid, stat.ticks);
  }
  return ticks;
}

/** The whole machine's busy and total ticks (all cores), from the first line of /proc/stat. */
function machineTicks(): { busy: number; total: number; cores: number } {
  const stat = readFileSync('/proc/stat', 'utf8');
  const [cpu = ''] = stat.split('\n');
  const values = cpu.trim().split(/\s+/).slice(1).map(Number);
  const total = values.slice(0, 8).reduce((sum, v) => sum + v, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const cores = stat.split('\n').filter((line) => /^cpu\d/.test(line)).length;
  return { busy: total - idle, total, cores };
}

/**
 * Starts measuring; the returned function tells how many cores were busy since, and on what: the
 * API servers (`apiPids`), PostgreSQL's processes (backends alive at both ends), and this process
 * (the load generator). What the machine has left shows whether another instance could add any.
 */
export function startCpuMeter(apiPids: number[]): () => CpuShares {
  const started = performance.now();
  const machine = machineTicks();
  const api = apiPids.map((pid) => statFields(String(pid))?.ticks ?? 0);
  const postgres = postgresTicks();
  const bench = process.cpuUsage();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const cores = (ticks: number) => ticks / TICKS / seconds;
    const nowMachine = machineTicks();
    const apiTicks = apiPids.reduce(
      (sum, pid, i) => sum + (statFields(String(pid))?.ticks ?? 0) - (api[i] ?? 0),
      0,
    );
    let pgTicks = 0;
    for (const [pid, ticks] of postgresTicks()) pgTicks += ticks - (postgres.get(pid) ?? ticks);
    const benchUsage = process.cpuUsage(bench);
    return {
      cores: machine.cores,
      busy: ((nowMachine.busy - machine.busy) / (nowMachine.total - machine.total)) * machine.cores,
      api: cores(apiTicks),
      postgres: cores(pgTicks),
      bench: (benchUsage.user + benchUsage.system) / 1e6 / seconds,
    };
  };
}

/** "1.9 of 2 cores (API 1.1, PostgreSQL 0.5, load 0.3)". */
export function describeCpu(shares: CpuShares): string {
  const f = (n: number) => n.toFixed(1);
  return `${f(shares.busy)} of ${shares.cores} cores (API ${f(shares.api)}, PostgreSQL ${f(shares.postgres)}, load ${f(shares.bench)})`;
}
