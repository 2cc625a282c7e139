import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { TestHost } from '../../test/support/test-network';
import { parseWrk, type WrkResult } from './wrk';

const run = promisify(execFile);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One HTTP GET from inside a test host's namespace: the body, or undefined when it failed. */
export async function httpFrom(host: TestHost, url: string, timeoutS = 1): Promise<string | undefined> {
  try {
    const { stdout } = await run(
      'ip',
      ['netns', 'exec', host.namespace, 'curl', '-s', '-f', '-m', String(timeoutS), url],
      {
        timeout: (timeoutS + 5) * 1000,
      },
    );
    return stdout;
  } catch {
    return undefined;
  }
}

/**
 * Starts a GET of `url` from `host` every `intervalMs` (overlapping: a request stuck on ARP or a connect
 * timeout does not hold back the next) until one answer satisfies `accept`; the time it came (ms).
 */
export function firstAnswer(
  host: TestHost,
  url: string,
  accept: (body: string) => boolean,
  deadlineMs: number,
  intervalMs = 50,
): Promise<number> {
  const MAX_IN_FLIGHT = 20;
  return new Promise((resolve, reject) => {
    let inFlight = 0;
    let settled = false;
    const finish = (outcome: () => void) => {
      settled = true;
      clearInterval(timer);
      outcome();
    };
    const attempt = () => {
      if (settled) return;
      if (Date.now() > deadlineMs) return finish(() => reject(new Error(`${url} never answered`)));
      if (inFlight >= MAX_IN_FLIGHT) return;
      inFlight++;
      void httpFrom(host, url).then((body) => {
        inFlight--;
        const at = performance.now();
        if (!settled && body !== undefined && accept(body)) finish(() => resolve(at));
      });
    };
    const timer = setInterval(attempt, intervalMs);
    attempt();
  });
}

/** `wrk --latency` from inside a test host's namespace, bounded in time. */
export async function wrkFrom(
  host: TestHost,
  url: string,
  seconds: number,
  connections: number,
): Promise<WrkResult> {
  const { stdout } = await run(
    'ip',
    [
      'netns',
      'exec',
      host.namespace,
      'wrk',
      '--latency',
      '-t',
      '1',
      '-c',
      String(connections),
      '-d',
      `${seconds}s`,
      '--timeout',
      '5s',
      url,
    ],
    { timeout: (seconds + 30) * 1000 },
  );
  return parseWrk(stdout);
}

/** Resident memory of a process, in MB (0 when it is gone). */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Pids of the haproxy processes whose command line mentions `pathPart` (one agent's state_path). */
export async function haproxyPids(pathPart: string): Promise<number[]> {
  try {
    const { stdout } = await run('pgrep', ['-f', `haproxy.*${pathPart}`], { timeout: 10_000 });
    return stdout.split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** Prints one progress line (the runner's only output channel besides the results). */
export function progress(message: string): void {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
