import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { TestHost } from '../../test/support/test-network';

/**
 * GETs a URL every 200 ms (2 s timeout) until SIGTERM; prints "fail <epoch ms>" for each failed request
 * and, at the end, "total <ok> <failed>".
 */
const PROBE_SOURCE = `
const http = require('node:http');
const url = process.argv[1];
const agent = new http.Agent({ keepAlive: false });
let ok = 0, failed = 0, stopping = false;
process.on('SIGTERM', () => (stopping = true));
function done(success) {
  if (success) ok++; else { failed++; console.log('fail ' + Date.now()); }
  if (stopping) { console.log('total ' + ok + ' ' + failed); process.exit(0); }
  setTimeout(next, 200);
}
function next() {
  const req = http.get(url, { agent, timeout: 2000 }, (res) => {
    res.resume();
    res.on('end', () => done(res.statusCode === 200));
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => done(false));
}
next();
`;

export interface ProbeOutcome {
  url: string;
  ok: number;
  failed: number;
  /** When each failure happened (ms since the epoch). */
  failures: number[];
}

/** Requests through a VIP for the whole soak, from the client namespace. */
export function probeVip(client: TestHost, url: string): { stop: () => Promise<ProbeOutcome> } {
  const child = spawn('ip', ['netns', 'exec', client.namespace, process.execPath, '-e', PROBE_SOURCE, url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const failures: number[] = [];
  let totals: [number, number] | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [word, a, b] = line.split(' ');
    if (word === 'fail') failures.push(Number(a));
    if (word === 'total') totals = [Number(a), Number(b)];
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    stop: async () => {
      child.kill('SIGTERM');
      await closed;
      return { url, ok: totals?.[0] ?? 0, failed: totals?.[1] ?? failures.length, failures };
    },
  };
}
