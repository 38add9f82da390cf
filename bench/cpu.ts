// Where the CPU went during a scenario: each program's user+system time from /proc, as a
// share of one core, plus what the rest of the machine used (other people's work on a
// shared machine). The busiest program is named as the scenario's bottleneck.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface CpuGroup {
  name: string;
  /** Processes counted now (read at each sample: PostgreSQL's backends come and go). */
  pids(): number[];
  /** Also count children the process has reaped (PostgreSQL's postmaster and its ended backends). */
  withReapedChildren?: boolean;
}

interface Sample {
  at: number;
  ticks: Map<string, number>;
  machineBusy: number;
  machineTotal: number;
}

export interface CpuSplit {
  seconds: number;
  /** Percent of one core, per program. */
  byProgram: Record<string, number>;
  /** Percent of one core used by everything else on the machine. */
  other: number;
  /** Percent of all cores busy. */
  machineBusyPct: number;
  cores: number;
  busiest: string;
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime+stime (and cutime+cstime when asked) in clock ticks. Fields after "(comm)": state=0, ppid=1, utime=11. */
function processTicks(pid: number, reaped: boolean): number {
  const f = statFields(pid);
  if (!f) return 0;
  return Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0);
}

export function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === parent) out.push(Number(entry));
  }
  return out;
}

/** The first process whose command line holds these arguments in a row. */
export function findProcess(args: string[]): number | undefined {
  const needle = args.join('\0');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}

function machineTicks(): { busy: number; total: number } {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const v = cpu.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = v[3] + v[4];
  return { busy: total - idle, total };
}

function sample(groups: CpuGroup[]): Sample {
  const ticks = new Map<string, number>();
  for (const g of groups) {
    const pids = g.pids();
    let sum = 0;
    for (const pid of pids) sum += processTicks(pid, g.withReapedChildren === true && pid === pids[0]);
    ticks.set(g.name, sum);
  }
  const m = machineTicks();
  return { at: Date.now(), ticks, machineBusy: m.busy, machineTotal: m.total };
}

/** Starts counting; the returned function ends the period and gives the split. */
export function cpuMeter(groups: CpuGroup[]): () => CpuSplit {
  const start = sample(groups);
  return () => splitBetween(start, sample(groups));
}

function splitBetween(a: Sample, b: Sample): CpuSplit {
  const seconds = (b.at - a.at) / 1000;
  const hz = ticksPerSecond();
  const byProgram: Record<string, number> = {};
  let ours = 0;
  for (const [name, t] of b.ticks) {
    const used = Math.max(0, t - (a.ticks.get(name) ?? 0));
    ours += used;
    byProgram[name] = seconds > 0 ? Math.round((used / hz / seconds) * 1000) / 10 : 0;
  }
  const busy = b.machineBusy - a.machineBusy;
  const total = b.machineTotal - a.machineTotal;
  const cores = cpus().length;
  const other = seconds > 0 ? Math.max(0, Math.round(((busy - ours) / hz / seconds) * 1000) / 10) : 0;
  const busiest = Object.entries(byProgram).sort((x, y) => y[1] - x[1])[0]?.[0] ?? 'none';
  return {
    seconds: Math.round(seconds * 10) / 10,
    byProgram,
    other,
    machineBusyPct: total > 0 ? Math.round((busy / total) * 1000) / 10 : 0,
    cores,
    busiest,
  };
}

/** A process's resident memory from /proc (null when it has gone), for the footprint and tuning scenarios. */
export function rssBytes(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}
