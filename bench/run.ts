/**
 * `npm run bench [-- options]`: measures the running system on this machine (real server, agents,
 * haproxy, namespaces, OVS) and writes bench/results/. See bench/README.md for what each figure means.
 */
import 'reflect-metadata'; // @lbaas/contracts (through test/support) holds decorated classes
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, REPO_DIR } from '../test/support/processes';
import { startTestSystem } from '../test/support/test-system';
import { apiBenchmark } from './benchmarks/api';
import { controlPlane } from './benchmarks/control-plane';
import { dataPlane } from './benchmarks/data-plane';
import { failover } from './benchmarks/failover';
import { activeStandby } from './benchmarks/active-standby';
import { reloadUnderLoad } from './benchmarks/reload';
import { scale } from './benchmarks/scale';
import { timeToServing } from './benchmarks/time-to-serving';
import { udp } from './benchmarks/udp';
import { AGENT_DEFAULTS, BenchSystem } from './lib/bench-system';
import { cdfChartSvg } from './lib/chart';
import { progress } from './lib/host-tools';
import { machine, versions } from './lib/machine';
import { type BenchResults, headline, markdownReport } from './lib/results';

const ALL = [
  'serving',
  'api',
  'reload',
  'failover',
  'activestandby',
  'scale',
  'dataplane',
  'udp',
  'controlplane',
] as const;
type Benchmark = (typeof ALL)[number];

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    concurrency: { type: 'string' },
    'api-lbs': { type: 'string' },
    'api-seconds': { type: 'string' },
    'reload-changes': { type: 'string' },
    'failover-runs': { type: 'string' },
    'scale-lbs': { type: 'string' },
    'fleet-lbs': { type: 'string' },
    'fleet-agents': { type: 'string' },
    'wrk-seconds': { type: 'string' },
    out: { type: 'string' },
    merge: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  process.stdout.write(`npm run bench -- [--only ${ALL.join(',')}] [--quick] [--runs 50] [--concurrency 20]
  [--api-lbs 1000] [--api-seconds 3] [--reload-changes 100] [--failover-runs 10] [--scale-lbs 500]
  [--fleet-lbs 5000] [--fleet-agents 10] [--wrk-seconds 10] [--out bench/results] [--merge]   (--quick: small sizes, results in bench/results/quick;
  --merge: keep the figures of the benchmarks not run from the results already there)
`);
  process.exit(0);
}

const quick = args.quick ?? false;
const size = (name: keyof typeof args, full: number, small: number) => {
  const given = args[name];
  const value = typeof given === 'string' ? Number(given) : quick ? small : full;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
};
const options = {
  runs: size('runs', 50, 5),
  concurrency: size('concurrency', 20, 5),
  apiLbs: size('api-lbs', 1000, 100),
  apiSeconds: size('api-seconds', 3, 1),
  reloadChanges: size('reload-changes', 100, 10),
  failoverRuns: size('failover-runs', 10, 2),
  scaleLbs: size('scale-lbs', 500, 40),
  fleetLbs: size('fleet-lbs', 5000, 200),
  fleetAgents: size('fleet-agents', 10, 3),
  wrkSeconds: size('wrk-seconds', 10, 3),
};
const selected = (args.only?.split(',') ?? [...ALL]) as Benchmark[];
const unknown = selected.filter((name) => !ALL.includes(name));
if (unknown.length)
  throw new Error(`unknown benchmark(s): ${unknown.join(', ')} (choose from ${ALL.join(', ')})`);
const outDir = args.out ?? join(REPO_DIR, 'bench', 'results', ...(quick ? ['quick'] : []));

let current: BenchSystem | undefined;
let interrupted = false;
// Every SIGINT is handled: a second one (tsx relays the terminal's, ^C twice) must not kill the clean-up.
process.on('SIGINT', () => {
  if (interrupted) return progress('still removing what the benchmark built');
  interrupted = true;
  progress('interrupted: removing what the benchmark built');
  void (current?.teardown() ?? Promise.resolve()).finally(() => process.exit(130));
});

/** Starts a fresh system for one benchmark and always removes it afterwards. */
async function withSystem<T>(
  name: string,
  setup: Parameters<typeof BenchSystem.start>[1],
  body: (bench: BenchSystem, startedAt: number) => Promise<T>,
): Promise<T> {
  const startedAt = Date.now();
  current = await BenchSystem.start(name, setup);
  try {
    return await body(current, startedAt);
  } finally {
    progress('  cleaning up');
    await current.teardown();
    current = undefined;
  }
}

async function main(): Promise<number> {
  const started = new Date();
  const previous = args.merge ? previousResults() : undefined;
  const results: BenchResults = {
    ...previous,
    ...(previous ? { merged_with_run_of: previous.merged_with_run_of ?? previous.started_at } : {}),
    started_at: started.toISOString(),
    finished_at: '',
    duration_s: 0,
    machine: machine(),
    versions: versions(REPO_DIR),
    options: { ...options, only: selected, quick },
  };
  progress(
    `machine: ${results.machine.cores} cores, ${results.machine.memory_gb} GB; ${Object.entries(
      results.versions,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const failures: string[] = [];
  const steps: Record<Benchmark, () => Promise<void>> = {
    serving: async () => {
      const metricsPort = await freePort();
      results.time_to_serving = await withSystem(
        'serving',
        // The agent's metrics endpoint: the benchmark reads where its deploys spend their time.
        { agents: 1, agentEnv: { ...AGENT_DEFAULTS, LBAAS_METRICS_PORT: String(metricsPort) } },
        (bench) =>
          timeToServing(bench, options.runs, options.concurrency, `http://127.0.0.1:${metricsPort}/metrics`),
      );
      const t = results.time_to_serving;
      progress(
        `  time to serving p50 ${t.graph.serving.p50.toFixed(2)} s, p99 ${t.graph.serving.p99.toFixed(2)} s; ACTIVE p50 ${t.graph.active.p50.toFixed(2)} s`,
      );
    },
    api: async () => {
      const system = await startTestSystem('bench_api', {
        LBAAS_ENABLED_PROVIDERS: 'haproxy,noop',
        LBAAS_DEFAULT_PROVIDER: 'noop',
      });
      try {
        results.api = await apiBenchmark(system.api, options.apiLbs, options.apiSeconds);
      } finally {
        await system.teardown();
      }
    },
    reload: async () => {
      results.reload = await withSystem('reload', { agents: 1 }, (bench) =>
        reloadUnderLoad(bench, options.reloadChanges, options.wrkSeconds),
      );
      progress(
        `  failed requests during ${results.reload.changes} changes: ${results.reload.during_changes.failed}`,
      );
    },
    failover: async () => {
      results.failover = await withSystem('failover', { agents: 2 }, (bench, startedAt) =>
        failover(bench, options.failoverRuns, startedAt),
      );
      progress(`  failover p50 ${results.failover.summary.p50.toFixed(1)} s`);
    },
    activestandby: async () => {
      results.active_standby = await withSystem('ha', { agents: 3 }, (bench, startedAt) =>
        activeStandby(bench, options.failoverRuns, startedAt),
      );
      const a = results.active_standby;
      progress(
        `  takeover p50 ${a.takeover.p50.toFixed(2)} s, max ${a.takeover.max.toFixed(2)} s; replacement p50 ${a.replacement.p50.toFixed(1)} s`,
      );
    },
    scale: async () => {
      // No automatic failover here: removing a node's 250 namespaces takes longer than agent_down_time,
      // and the restart is meant to find its load balancers still its own (a reboot, not a node loss).
      results.scale = await withSystem(
        'scale',
        { agents: 2, serverEnv: { LBAAS_ALLOW_AUTOMATIC_FAILOVER: 'false' } },
        (bench) => scale(bench, options.scaleLbs),
      );
      progress(
        `  all ${options.scaleLbs} ACTIVE after ${results.scale.all_active_s.toFixed(1)} s, ${results.scale.mem_per_lb_mb.toFixed(1)} MB per load balancer`,
      );
    },
    dataplane: async () => {
      results.data_plane = await withSystem('dataplane', { agents: 1 }, (bench) =>
        dataPlane(bench, options.wrkSeconds),
      );
      progress(`  VIP/direct requests per second: ${results.data_plane.rps_ratio.toFixed(2)}`);
    },
    udp: async () => {
      results.udp = await withSystem('udp', { agents: 1 }, (bench) =>
        udp(bench, Math.min(options.runs, 20), options.wrkSeconds),
      );
      progress(
        `  UDP create to first answer p50 ${results.udp.time_to_serving.p50.toFixed(2)} s; VIP/direct datagrams per second ${results.udp.ratio.toFixed(2)}`,
      );
    },
    controlplane: async () => {
      const system = await startTestSystem('bench_fleet', { LBAAS_ALLOW_DRY_RUN_AGENTS: 'true' });
      try {
        results.control_plane = await controlPlane(system, options.fleetLbs, options.fleetAgents);
      } finally {
        await system.teardown();
      }
    },
  };
  for (const [index, name] of selected.entries()) {
    progress(`[${index + 1}/${selected.length}] ${name}`);
    try {
      await steps[name]();
    } catch (error) {
      failures.push(name);
      progress(`  ${name} failed: ${(error as Error).stack ?? String(error)}`);
    }
    writeResults(results, started);
  }

  writeResults(results, started);
  progress(
    `results in ${outDir} (${Math.round(results.duration_s)} s)${failures.length ? `; FAILED: ${failures.join(', ')}` : ''}`,
  );
  return failures.length ? 1 : 0;
}

/** The full results already in the output folder (for --merge). */
function previousResults(): BenchResults | undefined {
  try {
    return JSON.parse(readFileSync(join(outDir, 'latest-full.json'), 'utf8')) as BenchResults;
  } catch {
    return undefined;
  }
}

/** Written after every benchmark, so an interrupted run keeps what it measured. */
function writeResults(results: BenchResults, started: Date): void {
  results.finished_at = new Date().toISOString();
  results.duration_s = (Date.now() - started.getTime()) / 1000;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(headline(results), null, 2)}\n`);
  writeFileSync(join(outDir, 'latest-full.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, 'latest.md'), markdownReport(results));
  if (results.time_to_serving) {
    const t = results.time_to_serving;
    writeFileSync(
      join(outDir, 'time-to-serving.svg'),
      cdfChartSvg('Create call to first HTTP answer through the VIP', 'seconds', [
        { name: 'single-call graph create', values: t.graph.samples_serving_s },
        { name: 'separate calls', values: t.separate.samples_serving_s },
        { name: `graph, ${t.concurrency} at once`, values: t.concurrent.samples_serving_s },
      ]),
    );
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    progress(`bench failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
