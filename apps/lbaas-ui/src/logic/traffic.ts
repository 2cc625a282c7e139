/** One reading of `GET …/stats` (Octavia's counters, cumulative since the load balancer was built). */
export interface StatsSample {
  /** Epoch milliseconds of the reading. */
  at: number;
  active_connections: number;
  total_connections: number;
  bytes_in: number;
  bytes_out: number;
  request_errors: number;
}

/** What the traffic chart draws: rates between two readings, and the connections open at the second. */
export interface TrafficPoint {
  at: number;
  connectionsPerSecond: number;
  bytesInPerSecond: number;
  bytesOutPerSecond: number;
  activeConnections: number;
}

/** The readings the chart keeps: three minutes at the page's two-second polling. */
export const TRAFFIC_WINDOW = 90;

export function addSample(samples: readonly StatsSample[], sample: StatsSample): StatsSample[] {
  const last = samples[samples.length - 1];
  // The same reading twice (counters unchanged and no time passed) adds nothing.
  if (last && last.at >= sample.at) return [...samples];
  return [...samples, sample].slice(-TRAFFIC_WINDOW);
}

/** A counter's growth per second; a counter that went down was reset (haproxy rebuilt), so no rate. */
function rate(before: number, after: number, seconds: number): number {
  return after < before ? 0 : (after - before) / seconds;
}

export function trafficPoints(samples: readonly StatsSample[]): TrafficPoint[] {
  return samples.slice(1).map((sample, index) => {
    const previous = samples[index];
    const seconds = (sample.at - previous.at) / 1000;
    return {
      at: sample.at,
      connectionsPerSecond: rate(previous.total_connections, sample.total_connections, seconds),
      bytesInPerSecond: rate(previous.bytes_in, sample.bytes_in, seconds),
      bytesOutPerSecond: rate(previous.bytes_out, sample.bytes_out, seconds),
      activeConnections: sample.active_connections,
    };
  });
}

/** Bytes per second as people read them (1 kB = 1000 B, as network rates are counted). */
export function formatRate(bytesPerSecond: number): string {
  const units = ['B/s', 'kB/s', 'MB/s', 'GB/s'];
  let value = bytesPerSecond;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}
