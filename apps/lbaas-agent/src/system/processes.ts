import { readFile } from 'node:fs/promises';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sends a signal to a process that may have exited meanwhile (never to a group: pid 0 or below). */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Whether `pid` runs with `configPath` on its command line: a pid file may name a recycled pid that now
 * belongs to someone else, and a zombie (empty command line) no longer runs.
 */
export async function runsConfig(pid: number, configPath: string): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  return cmdline?.split('\0').includes(configPath) ?? false;
}
