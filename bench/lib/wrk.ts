/** What `wrk --latency` printed, as numbers (latencies in milliseconds). */
export interface WrkResult {
  requests: number;
  durationS: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP90Ms: number;
  latencyP99Ms: number;
  /** connect + read + write + timeout socket errors. */
  socketErrors: number;
  non2xx: number;
  /** Requests that did not get a 2xx/3xx answer: socket errors plus non-2xx responses. */
  failed: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** `850.00us`, `1.20ms`, `2.01s` → milliseconds. */
export function durationMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!match) throw new Error(`not a wrk duration: ${text}`);
  return Number(match[1]) * UNIT_MS[match[2]];
}

function latencyAt(output: string, percent: number): number {
  const match = new RegExp(`^\\s*${percent}%\\s+(\\S+)`, 'm').exec(output);
  if (!match) throw new Error(`wrk printed no ${percent}% latency (run it with --latency)`);
  return durationMs(match[1]);
}

export function parseWrk(output: string): WrkResult {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m)/.exec(output);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
  if (!total || !rate) throw new Error(`unexpected wrk output:\n${output}`);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = errors ? errors.slice(1, 5).reduce((sum, n) => sum + Number(n), 0) : 0;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  return {
    requests: Number(total[1]),
    durationS: durationMs(`${total[2]}${total[3]}`) / 1000,
    requestsPerSecond: Number(rate[1]),
    latencyP50Ms: latencyAt(output, 50),
    latencyP90Ms: latencyAt(output, 90),
    latencyP99Ms: latencyAt(output, 99),
    socketErrors,
    non2xx,
    failed: socketErrors + non2xx,
  };
}
