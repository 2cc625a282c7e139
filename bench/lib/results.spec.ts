import { type BenchResults, headline, markdownReport } from './results';
import { summarize } from './stats';
import type { WrkResult } from './wrk';

const base: BenchResults = {
  started_at: '2026-11-22T05:00:00.000Z',
  finished_at: '2026-11-22T05:20:00.000Z',
  duration_s: 1200,
  machine: { cores: 2, cpu_model: 'test cpu', memory_gb: 24, kernel: '6.1' },
  versions: { lbaas: '0.1.0', haproxy: '2.6.12' },
  options: {},
};

const wrk = (rps: number, failed = 0): WrkResult => ({
  requests: rps * 10,
  durationS: 10,
  requestsPerSecond: rps,
  latencyP50Ms: 1,
  latencyP90Ms: 2,
  latencyP99Ms: 3,
  socketErrors: failed,
  non2xx: 0,
  failed,
});

const udpResult = {
  runs: 3,
  time_to_serving: summarize([0.3, 0.4, 0.5]),
  samples_s: [0.3, 0.4, 0.5],
  seconds: 10,
  sockets: 16,
  vip: { answers: 90_000, lost: 0, datagrams_per_s: 9000 },
  direct: { answers: 100_000, lost: 0, datagrams_per_s: 10_000 },
  ratio: 0.9,
};

describe('headline', () => {
  it('has every key of latest.json, null for benchmarks that did not run', () => {
    expect(headline(base)).toEqual({
      time_to_serving_p50_s: null,
      time_to_serving_p99_s: null,
      time_to_active_p50_s: null,
      time_to_serving_concurrent_p99_s: null,
      api_list_rps_c8: null,
      api_list_page50_rps_c8: null,
      api_show_p99_ms_c8: null,
      reload_failed_requests: null,
      failover_p50_s: null,
      active_standby_takeover_p50_s: null,
      active_standby_takeover_max_s: null,
      replacement_backup_s: null,
      active_standby_time_to_serving_p50_s: null,
      scale_lbs: null,
      scale_all_active_s: null,
      mem_per_lb_mb: null,
      agent_resync_s: null,
      server_cpu_at_rest_pct: null,
      vip_vs_direct_rps_ratio: null,
      udp_vip_vs_direct_ratio: null,
      udp_time_to_serving_p50_s: null,
      control_plane_lbs: null,
      control_plane_agents: null,
      control_plane_server_cpu_at_rest_pct: null,
      control_plane_list_p99_ms: null,
      machine: base.machine,
      versions: base.versions,
    });
  });

  it('takes the figures from the benchmarks that ran', () => {
    const figures = headline({
      ...base,
      api: {
        load_balancers: 1000,
        seconds_per_case: 3,
        cases: [
          {
            operation: 'list',
            concurrency: 1,
            requests: 10,
            errors: 0,
            unexpected: {},
            rps: 3.3,
            p50_ms: 1,
            p99_ms: 2,
          },
          {
            operation: 'list',
            concurrency: 8,
            requests: 30,
            errors: 0,
            unexpected: {},
            rps: 10,
            p50_ms: 5,
            p99_ms: 9,
          },
          {
            operation: 'show',
            concurrency: 8,
            requests: 90,
            errors: 0,
            unexpected: {},
            rps: 30,
            p50_ms: 2,
            p99_ms: 7.25,
          },
        ],
      },
      reload: { changes: 100, baseline: wrk(1000), during_changes: wrk(900, 2) },
      failover: {
        runs: 3,
        agent_down_time_s: 10,
        report_interval_s: 2,
        samples_s: [15, 16, 17],
        summary: summarize([15, 16, 17]),
      },
      active_standby: {
        runs: 3,
        agents: 3,
        time_to_serving: summarize([2, 3, 4]),
        takeover: summarize([0.6, 0.7, 0.9]),
        replacement: summarize([4, 5, 6]),
        samples_takeover_s: [0.6, 0.7, 0.9],
        samples_replacement_s: [4, 5, 6],
      },
      data_plane: { seconds: 10, connections: 10, vip: wrk(500), direct: wrk(1000), rps_ratio: 0.5 },
      udp: udpResult,
    });
    expect(figures).toMatchObject({
      udp_vip_vs_direct_ratio: 0.9,
      udp_time_to_serving_p50_s: 0.4,
      api_list_rps_c8: 10,
      api_show_p99_ms_c8: 7.25,
      reload_failed_requests: 2,
      failover_p50_s: 16,
      active_standby_takeover_p50_s: 0.7,
      active_standby_takeover_max_s: 0.9,
      replacement_backup_s: 5,
      active_standby_time_to_serving_p50_s: 3,
      vip_vs_direct_rps_ratio: 0.5,
      time_to_serving_p50_s: null,
    });
  });
});

describe('markdownReport', () => {
  it('names the machine and versions, and has a table only for what ran', () => {
    const report = markdownReport({
      ...base,
      data_plane: { seconds: 10, connections: 10, vip: wrk(500), direct: wrk(1000), rps_ratio: 0.5 },
    });
    expect(report).toContain('2 cores (test cpu), 24 GB');
    expect(report).toContain('haproxy 2.6.12');
    expect(report).toContain('## Data plane');
    expect(report).toContain('| through the VIP (haproxy) | 500 |');
    expect(report).not.toContain('## Scale');
    expect(report).not.toContain('## UDP');
    expect(markdownReport({ ...base, udp: udpResult })).toContain(
      '| through the VIP (nftables) | 9000 | 0 |',
    );
  });
});
