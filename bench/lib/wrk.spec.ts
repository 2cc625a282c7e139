import { durationMs, parseWrk } from './wrk';

const CLEAN = `Running 10s test @ http://198.51.100.128/
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.20ms  300.00us   9.00ms   90.00%
    Req/Sec     8.10k   500.00     9.00k    70.00%
  Latency Distribution
     50%    1.10ms
     75%    1.30ms
     90%    1.60ms
     99%    2.50ms
  80650 requests in 10.00s, 9.50MB read
Requests/sec:   8064.12
Transfer/sec:      0.95MB
`;

const TROUBLED = `Running 1m test @ http://198.51.100.128/
  Latency Distribution
     50%  850.00us
     75%    1.00ms
     90%    2.01s
     99%    1.00m
  1200 requests in 1.00m, 1.00MB read
  Socket errors: connect 1, read 2, write 3, timeout 4
  Non-2xx or 3xx responses: 5
Requests/sec:     20.00
`;

describe('parseWrk', () => {
  it('reads throughput and the latency distribution', () => {
    expect(parseWrk(CLEAN)).toEqual({
      requests: 80650,
      durationS: 10,
      requestsPerSecond: 8064.12,
      latencyP50Ms: 1.1,
      latencyP90Ms: 1.6,
      latencyP99Ms: 2.5,
      socketErrors: 0,
      non2xx: 0,
      failed: 0,
    });
  });

  it('counts socket errors and non-2xx answers as failed requests', () => {
    const result = parseWrk(TROUBLED);
    expect(result).toMatchObject({ socketErrors: 10, non2xx: 5, failed: 15, durationS: 60 });
    expect(result.latencyP50Ms).toBeCloseTo(0.85);
    expect(result.latencyP90Ms).toBeCloseTo(2010);
    expect(result.latencyP99Ms).toBe(60_000);
  });

  it('refuses output it does not understand', () => {
    expect(() => parseWrk('unable to connect to 198.51.100.128:80 Connection refused')).toThrow(/unexpected/);
    expect(() => parseWrk(CLEAN.replace(/\s+99%.*\n/, '\n'))).toThrow(/99%/);
  });
});

describe('durationMs', () => {
  it.each([
    ['850.00us', 0.85],
    ['1.5ms', 1.5],
    ['2s', 2000],
  ])('%s', (text, ms) => expect(durationMs(text)).toBeCloseTo(ms));
});
