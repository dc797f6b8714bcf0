import { readdir, readFile } from "node:fs/promises";

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  // The command name may hold spaces; the fields after it are fixed.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  return ticks / 100;
}

async function parentOf(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  return Number.isFinite(ppid) ? ppid : undefined;
}

/** The pids of a process and its children (a Postgres server: the postmaster and its backends). */
export async function processFamily(root: number): Promise<number[]> {
  const pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name)).map(Number);
  const family = [root];
  for (const pid of pids) if ((await parentOf(pid)) === root) family.push(pid);
  return family;
}

/** CPU seconds by pid, by group. */
export type CpuSample = Map<string, Map<number, number>>;

/** Named groups of processes, whose CPU time is read before and after a measurement. */
export class CpuMeter {
  constructor(private readonly groups: ReadonlyMap<string, () => Promise<number[]>>) {}

  async sample(): Promise<CpuSample> {
    const sample: CpuSample = new Map();
    for (const [name, pids] of this.groups) {
      const byPid = new Map<number, number>();
      for (const pid of await pids()) byPid.set(pid, await cpuSeconds(pid));
      sample.set(name, byPid);
    }
    return sample;
  }

  /**
   * CPU milliseconds per operation of each group between two samples: over the processes alive
   * at both (a Postgres backend that ended in between took its time with it), plus those born
   * in between.
   */
  static perOperation(before: CpuSample, after: CpuSample, operations: number): CpuPerOperation {
    const perGroup = new Map<string, number>();
    for (const [name, byPid] of after) {
      const earlier = before.get(name) ?? new Map<number, number>();
      let seconds = 0;
      for (const [pid, total] of byPid) seconds += total - (earlier.get(pid) ?? 0);
      perGroup.set(name, (seconds * 1000) / operations);
    }
    return perGroup;
  }
}

/** CPU milliseconds per operation, by process group. */
export type CpuPerOperation = ReadonlyMap<string, number>;

/** `api 3.46, worker 6.63, …` */
export function formatCpu(cpu: CpuPerOperation | undefined): string {
  if (!cpu) return "";
  return [...cpu].map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(", ");
}

/** Local processes whose command name is `name` (the machine's Redis server, say). */
export async function processesNamed(name: string): Promise<number[]> {
  const pids = (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const found: number[] = [];
  for (const pid of pids) {
    const comm = await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "");
    if (comm.trim() === name) found.push(pid);
  }
  return found;
}

/** The postmaster of a local Postgres server, from one of its backends; undefined when it is not local. */
export async function postmasterOf(backendPid: number): Promise<number | undefined> {
  const parent = await parentOf(backendPid);
  return parent === undefined || parent <= 1 ? undefined : parent;
}
