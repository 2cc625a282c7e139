import { round, type Summary } from './stats';
import type { WrkResult } from './wrk';

export interface Machine {
  cores: number;
  cpu_model: string;
  memory_gb: number;
  kernel: string;
}

export interface TimeToServingResult {
  runs: number;
  concurrency: number;
  /** Seconds from the create call to the first HTTP answer through the VIP / to ACTIVE in the API. */
  graph: { serving: Summary; active: Summary; samples_serving_s: number[] };
  separate: { serving: Summary; active: Summary; samples_serving_s: number[] };
  concurrent: { serving: Summary; active: Summary; samples_serving_s: number[] };
  /** Where the agent's time went: host commands per single-call create (deploy and delete), costliest first. */
  commands_per_create?: CommandProfile[];
}

export interface CommandProfile {
  command: string;
  calls: number;
  ms: number;
}

export interface ApiCase {
  operation: 'list' | 'list page50' | 'show' | 'member create';
  concurrency: number;
  requests: number;
  /** Answers other than the expected status, by status (e.g. 409 while a change settles). */
  errors: number;
  unexpected: Record<string, number>;
  rps: number;
  p50_ms: number;
  p99_ms: number;
}

export interface ApiResult {
  load_balancers: number;
  seconds_per_case: number;
  cases: ApiCase[];
}

export interface ReloadResult {
  changes: number;
  baseline: WrkResult;
  during_changes: WrkResult;
}

export interface FailoverResult {
  runs: number;
  agent_down_time_s: number;
  report_interval_s: number;
  samples_s: number[];
  summary: Summary;
}

/** ACTIVE_STANDBY on three agents (bench/benchmarks/active-standby.ts). */
export interface ActiveStandbyResult {
  runs: number;
  agents: number;
  /** Seconds from the create call to the first HTTP answer through the VIP. */
  time_to_serving: Summary;
  /** Seconds from the loss of the VIP holder's node to the next answer through the VIP. */
  takeover: Summary;
  /** Seconds from that loss until ACTIVE again with a replacement instance running. */
  replacement: Summary;
  samples_takeover_s: number[];
  samples_replacement_s: number[];
}

export interface ScaleResult {
  load_balancers: number;
  agents: number;
  all_active_s: number;
  haproxy_rss_mb_total: number;
  agent_rss_mb_growth: number;
  mem_per_lb_mb: number;
  agent_resync_s: number;
  agent_resync_lbs: number;
  cpu_at_rest_pct: Record<string, number>;
}

/** One list case of the control-plane run (concurrency 8). */
export interface ListCase {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
}

/** The control plane at fleet size, agents on the dry-run driver (bench/benchmarks/control-plane.ts). */
export interface ControlPlaneResult {
  load_balancers: number;
  agents: number;
  create_workers: number;
  creates_per_s: number;
  create_p50_ms: number;
  create_p99_ms: number;
  all_active_s: number;
  list_all: ListCase;
  list_page50: ListCase;
  server_cpu_at_rest_pct: number;
  agents_cpu_at_rest_pct: number;
  server_rpc_messages_per_s_at_rest: number;
  server_rss_mb: number;
}

export interface DataPlaneResult {
  seconds: number;
  connections: number;
  vip: WrkResult;
  direct: WrkResult;
  rps_ratio: number;
}

export interface UdpRate {
  answers: number;
  lost: number;
  datagrams_per_s: number;
}

export interface UdpResult {
  runs: number;
  /** Seconds from the create call to the first answered datagram through the VIP. */
  time_to_serving: Summary;
  samples_s: number[];
  seconds: number;
  sockets: number;
  vip: UdpRate;
  direct: UdpRate;
  ratio: number;
}

export interface BenchResults {
  started_at: string;
  /** With --merge: the run whose figures were kept for the benchmarks not run again. */
  merged_with_run_of?: string;
  finished_at: string;
  duration_s: number;
  machine: Machine;
  versions: Record<string, string>;
  options: Record<string, unknown>;
  time_to_serving?: TimeToServingResult;
  api?: ApiResult;
  reload?: ReloadResult;
  failover?: FailoverResult;
  active_standby?: ActiveStandbyResult;
  scale?: ScaleResult;
  data_plane?: DataPlaneResult;
  udp?: UdpResult;
  control_plane?: ControlPlaneResult;
}

/** The headline figures of `bench/results/latest.json` (null where a benchmark was skipped). */
export function headline(results: BenchResults) {
  const api = (operation: ApiCase['operation'], concurrency: number) =>
    results.api?.cases.find((c) => c.operation === operation && c.concurrency === concurrency);
  const figure = (value: number | undefined) => (value === undefined ? null : round(value));
  return {
    time_to_serving_p50_s: figure(results.time_to_serving?.graph.serving.p50),
    time_to_serving_p99_s: figure(results.time_to_serving?.graph.serving.p99),
    time_to_active_p50_s: figure(results.time_to_serving?.graph.active.p50),
    time_to_serving_concurrent_p99_s: figure(results.time_to_serving?.concurrent.serving.p99),
    api_list_rps_c8: figure(api('list', 8)?.rps),
    api_list_page50_rps_c8: figure(api('list page50', 8)?.rps),
    api_show_p99_ms_c8: figure(api('show', 8)?.p99_ms),
    reload_failed_requests: results.reload ? results.reload.during_changes.failed : null,
    failover_p50_s: figure(results.failover?.summary.p50),
    active_standby_takeover_p50_s: figure(results.active_standby?.takeover.p50),
    active_standby_takeover_max_s: figure(results.active_standby?.takeover.max),
    replacement_backup_s: figure(results.active_standby?.replacement.p50),
    active_standby_time_to_serving_p50_s: figure(results.active_standby?.time_to_serving.p50),
    scale_lbs: results.scale ? results.scale.load_balancers : null,
    scale_all_active_s: figure(results.scale?.all_active_s),
    mem_per_lb_mb: figure(results.scale?.mem_per_lb_mb),
    agent_resync_s: figure(results.scale?.agent_resync_s),
    server_cpu_at_rest_pct: figure(results.scale?.cpu_at_rest_pct.server),
    vip_vs_direct_rps_ratio: figure(results.data_plane?.rps_ratio),
    udp_vip_vs_direct_ratio: figure(results.udp?.ratio),
    udp_time_to_serving_p50_s: figure(results.udp?.time_to_serving.p50),
    control_plane_lbs: results.control_plane ? results.control_plane.load_balancers : null,
    control_plane_agents: results.control_plane ? results.control_plane.agents : null,
    control_plane_server_cpu_at_rest_pct: figure(results.control_plane?.server_cpu_at_rest_pct),
    control_plane_list_p99_ms: figure(results.control_plane?.list_all.p99_ms),
    machine: results.machine,
    versions: results.versions,
  };
}

const s = (value: number) => round(value, 2).toString();

function table(header: string[], rows: Array<Array<string | number>>): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

const listRow = (label: string, l: ListCase) => [label, s(l.rps), s(l.p50_ms), s(l.p99_ms), l.errors];

/** The Markdown report: one table per benchmark that ran. */
export function markdownReport(results: BenchResults): string {
  const parts = [
    '# Benchmark results',
    '',
    `Run ${results.started_at} (${Math.round(results.duration_s)} s) on ${results.machine.cores} cores ` +
      `(${results.machine.cpu_model}), ${results.machine.memory_gb} GB, kernel ${results.machine.kernel}.`,
    '',
    `Versions: ${Object.entries(results.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
  ];
  const tts = results.time_to_serving;
  if (tts) {
    parts.push(
      '',
      `## Time to serving (seconds; ${tts.runs} runs each, and ${tts.concurrency} concurrent creators)`,
      '',
      table(
        ['how', 'to first HTTP answer p50', 'p90', 'p99', 'to ACTIVE p50', 'p90', 'p99'],
        (['graph', 'separate', 'concurrent'] as const).map((mode) => [
          {
            graph: 'single-call graph create',
            separate: 'separate calls',
            concurrent: `graph, ${tts.concurrency} at once`,
          }[mode],
          s(tts[mode].serving.p50),
          s(tts[mode].serving.p90),
          s(tts[mode].serving.p99),
          s(tts[mode].active.p50),
          s(tts[mode].active.p90),
          s(tts[mode].active.p99),
        ]),
      ),
      '',
      '![time to serving](time-to-serving.svg)',
    );
    if (tts.commands_per_create?.length) {
      parts.push(
        '',
        "The agent's host commands per single-call create (its deploy, and the delete that follows):",
        '',
        table(
          ['command', 'calls', 'ms'],
          tts.commands_per_create.map((c) => [c.command, String(c.calls), String(c.ms)]),
        ),
      );
    }
  }
  if (results.api) {
    parts.push(
      '',
      `## API (${results.api.load_balancers} load balancers, ${results.api.seconds_per_case} s per case)`,
      '',
      table(
        ['operation', 'concurrency', 'requests/s', 'p50 ms', 'p99 ms', 'other answers'],
        results.api.cases.map((c) => [
          c.operation,
          c.concurrency,
          s(c.rps),
          s(c.p50_ms),
          s(c.p99_ms),
          Object.entries(c.unexpected)
            .map(([status, count]) => `${count}× ${status}`)
            .join(', ') || 'none',
        ]),
      ),
    );
  }
  if (results.reload) {
    const { baseline, during_changes: during, changes } = results.reload;
    parts.push(
      '',
      `## Reload under load (${changes} member changes during the second run)`,
      '',
      table(
        ['run', 'requests', 'requests/s', 'p50 ms', 'p99 ms', 'failed'],
        [
          [
            'steady',
            baseline.requests,
            s(baseline.requestsPerSecond),
            s(baseline.latencyP50Ms),
            s(baseline.latencyP99Ms),
            baseline.failed,
          ],
          [
            'during changes',
            during.requests,
            s(during.requestsPerSecond),
            s(during.latencyP50Ms),
            s(during.latencyP99Ms),
            during.failed,
          ],
        ],
      ),
    );
  }
  if (results.failover) {
    const f = results.failover;
    parts.push(
      '',
      `## Failover (kill -9 of the hosting agent; agent_down_time ${f.agent_down_time_s} s, report_interval ${f.report_interval_s} s)`,
      '',
      table(
        ['runs', 'p50 s', 'p90 s', 'max s'],
        [[f.runs, s(f.summary.p50), s(f.summary.p90), s(f.summary.max)]],
      ),
    );
  }
  if (results.active_standby) {
    const a = results.active_standby;
    const row = (label: string, m: Summary) => [label, s(m.p50), s(m.p90), s(m.max)];
    parts.push(
      '',
      `## ACTIVE_STANDBY (${a.agents} agents, ${a.runs} runs; the VIP holder's node lost at once)`,
      '',
      table(
        ['seconds', 'p50', 'p90', 'max'],
        [
          row('create call to first answer through the VIP', a.time_to_serving),
          row('node lost to the next answer (takeover)', a.takeover),
          row('node lost to ACTIVE with a replacement instance', a.replacement),
        ],
      ),
    );
  }
  if (results.scale) {
    const sc = results.scale;
    parts.push(
      '',
      `## Scale (${sc.load_balancers} load balancers over ${sc.agents} agents)`,
      '',
      table(
        [
          'all ACTIVE s',
          'haproxy RSS total MB',
          'agent RSS growth MB',
          'MB per LB',
          'agent resync s (LBs)',
          'CPU at rest %',
        ],
        [
          [
            s(sc.all_active_s),
            s(sc.haproxy_rss_mb_total),
            s(sc.agent_rss_mb_growth),
            s(sc.mem_per_lb_mb),
            `${s(sc.agent_resync_s)} (${sc.agent_resync_lbs})`,
            Object.entries(sc.cpu_at_rest_pct)
              .map(([name, pct]) => `${name} ${s(pct)}`)
              .join(', '),
          ],
        ],
      ),
    );
  }
  if (results.data_plane) {
    const d = results.data_plane;
    parts.push(
      '',
      `## Data plane (${d.seconds} s each, ${d.connections} connections)`,
      '',
      table(
        ['target', 'requests/s', 'p50 ms', 'p99 ms', 'failed'],
        [
          [
            'through the VIP (haproxy)',
            s(d.vip.requestsPerSecond),
            s(d.vip.latencyP50Ms),
            s(d.vip.latencyP99Ms),
            d.vip.failed,
          ],
          [
            'directly to the member',
            s(d.direct.requestsPerSecond),
            s(d.direct.latencyP50Ms),
            s(d.direct.latencyP99Ms),
            d.direct.failed,
          ],
        ],
      ),
      '',
      `VIP / direct requests per second: ${s(d.rps_ratio)}`,
    );
  }
  if (results.udp) {
    const u = results.udp;
    parts.push(
      '',
      `## UDP (kernel NAT; ${u.runs} creates, then ${u.seconds} s of ${u.sockets} clients each way)`,
      '',
      table(
        ['create to first answer p50 s', 'p90 s', 'max s'],
        [[s(u.time_to_serving.p50), s(u.time_to_serving.p90), s(u.time_to_serving.max)]],
      ),
      '',
      table(
        ['target', 'datagrams/s answered', 'lost'],
        [
          ['through the VIP (nftables)', s(u.vip.datagrams_per_s), u.vip.lost],
          ['directly to the member', s(u.direct.datagrams_per_s), u.direct.lost],
        ],
      ),
      '',
      `VIP / direct datagrams per second: ${s(u.ratio)}`,
    );
  }
  if (results.control_plane) {
    const c = results.control_plane;
    parts.push(
      '',
      `## Control plane (${c.load_balancers} load balancers over ${c.agents} dry-run agents)`,
      '',
      table(
        ['creates/s', 'create p50 ms', 'p99 ms', 'all ACTIVE s', 'server RSS MB'],
        [[s(c.creates_per_s), s(c.create_p50_ms), s(c.create_p99_ms), s(c.all_active_s), s(c.server_rss_mb)]],
      ),
      '',
      table(
        ['list (concurrency 8)', 'requests/s', 'p50 ms', 'p99 ms', 'errors'],
        [listRow(`all ${c.load_balancers}`, c.list_all), listRow('a 50-item page', c.list_page50)],
      ),
      '',
      table(
        ['at rest', 'server CPU %', 'agents CPU % (all)', 'RPC messages/s handled by the server'],
        [
          [
            'every load balancer ACTIVE',
            s(c.server_cpu_at_rest_pct),
            s(c.agents_cpu_at_rest_pct),
            s(c.server_rpc_messages_per_s_at_rest),
          ],
        ],
      ),
    );
  }
  return `${parts.join('\n')}\n`;
}
