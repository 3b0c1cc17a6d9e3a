import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** Memory of a process in KiB: resident now (VmRSS) and its peak (VmHWM); undefined when it is gone. */
export function memoryOf(pid: number): { rssKb: number; hwmKb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  } catch {
    return undefined;
  }
}

/** The command name and user+system CPU milliseconds of a process, or undefined when it is gone. */
function statOf(pid: number): { comm: string; cpuMs: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    // After the command name: state is field 3, utime and stime are fields 14 and 15.
    const rest = stat.slice(close + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return { comm: stat.slice(open + 1, close), cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

export function cpuMsOf(pid: number): number {
  return statOf(pid)?.cpuMs ?? 0;
}

/** CPU milliseconds of each PostgreSQL process of the machine (postmaster, backends, walwriter...). */
function postgresProcesses(): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat && (stat.comm === 'postgres' || stat.comm === 'postmaster'))
      found.set(Number(entry), stat.cpuMs);
  }
  return found;
}

/**
 * CPU milliseconds PostgreSQL has used since it was created. Backends that exit take their CPU
 * time with them (pgbench's connections close at its end), so it polls every 200 ms and keeps
 * each process's last reading: at most the final 200 ms of an exiting backend are missed.
 */
export function postgresCpuTracker(): { stop(): number } {
  const baseline = postgresProcesses();
  const last = new Map(baseline);
  const poll = () => {
    for (const [pid, ms] of postgresProcesses()) last.set(pid, ms);
  };
  const timer = setInterval(poll, 200);
  return {
    stop() {
      clearInterval(timer);
      poll();
      let total = 0;
      for (const [pid, ms] of last) total += ms - (baseline.get(pid) ?? 0);
      return total;
    },
  };
}

/** Busy and total CPU milliseconds of the whole machine, all cores (from /proc/stat). */
export function machineCpuMs(): { busyMs: number; totalMs: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...fields] = line.trim().split(/\s+/);
  const ticks = fields.map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busyMs: ((total - idle) * 1000) / TICKS_PER_SECOND, totalMs: (total * 1000) / TICKS_PER_SECOND };
}

/** Where CPU time went during a phase, in milliseconds. */
export type CpuSplit = {
  /** The process under test (Kassa's server, or pgbench). */
  subjectMs: number;
  postgresMs: number;
  /** This benchmark process: the load driver (and the census proxy when it runs). */
  driverMs: number;
  /** Everything else that ran on the machine meanwhile: noise from other work. */
  otherMs: number;
  machineBusyMs: number;
  machineTotalMs: number;
};

/**
 * Starts measuring CPU time; call the returned function at the end of the phase. `subjectCpuMs`
 * reads the CPU time of the process under test (a poller's last reading for one that exits).
 */
export function cpuMeter(subjectCpuMs: () => number): () => CpuSplit {
  const subject0 = subjectCpuMs();
  const postgres = postgresCpuTracker();
  const driver0 = process.cpuUsage();
  const machine0 = machineCpuMs();
  return () => {
    const subjectMs = Math.max(0, subjectCpuMs() - subject0);
    const postgresMs = postgres.stop();
    const driver = process.cpuUsage(driver0);
    const driverMs = (driver.user + driver.system) / 1000;
    const machine = machineCpuMs();
    const machineBusyMs = machine.busyMs - machine0.busyMs;
    return {
      subjectMs,
      postgresMs,
      driverMs,
      otherMs: Math.max(0, machineBusyMs - subjectMs - postgresMs - driverMs),
      machineBusyMs,
      machineTotalMs: machine.totalMs - machine0.totalMs,
    };
  };
}
