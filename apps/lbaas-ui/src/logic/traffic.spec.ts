import { addSample, formatRate, TRAFFIC_WINDOW, trafficPoints, type StatsSample } from './traffic';

function sample(at: number, total: number, bytesIn = 0, active = 0): StatsSample {
  return {
    at,
    total_connections: total,
    bytes_in: bytesIn,
    bytes_out: bytesIn * 2,
    active_connections: active,
    request_errors: 0,
  };
}

describe('trafficPoints', () => {
  it('turns cumulative counters into rates per second', () => {
    const points = trafficPoints([sample(0, 10, 1000), sample(2000, 30, 5000, 3)]);
    expect(points).toEqual([
      {
        at: 2000,
        connectionsPerSecond: 10,
        bytesInPerSecond: 2000,
        bytesOutPerSecond: 4000,
        activeConnections: 3,
      },
    ]);
  });

  it('shows no rate across a counter reset (haproxy rebuilt)', () => {
    const [point] = trafficPoints([sample(0, 500, 9000), sample(1000, 4, 100)]);
    expect(point.connectionsPerSecond).toBe(0);
    expect(point.bytesInPerSecond).toBe(0);
  });

  it('needs two readings for a rate', () => {
    expect(trafficPoints([sample(0, 1)])).toEqual([]);
  });
});

describe('addSample', () => {
  it('keeps the newest readings of the window and ignores one that is not newer', () => {
    let samples: StatsSample[] = [];
    for (let i = 0; i < TRAFFIC_WINDOW + 5; i++) samples = addSample(samples, sample(i * 1000, i));
    expect(samples).toHaveLength(TRAFFIC_WINDOW);
    expect(samples[0].total_connections).toBe(5);
    expect(addSample(samples, sample(0, 1))).toHaveLength(TRAFFIC_WINDOW);
  });
});

describe('formatRate', () => {
  it.each([
    [0, '0 B/s'],
    [999, '999 B/s'],
    [1500, '1.5 kB/s'],
    [25_000, '25 kB/s'],
    [3_200_000, '3.2 MB/s'],
  ])('%d is %s', (value, text) => {
    expect(formatRate(value)).toBe(text);
  });
});
