/**
 * `npm run soak -- --minutes N`: for N minutes, API clients create, change and delete load balancers while
 * requests run through stable VIPs and a fault injector kills agents and restarts RabbitMQ, PostgreSQL and
 * the server. Then the system must converge, and the soak checks that nothing was lost, stuck, leaked or
 * missing, that requests failed only inside the faults' outage windows, and how memory moved. It prints
 * a summary and writes bench/results/soak.json (bench/README.md says what each key means).
 */
import 'reflect-metadata'; // @lbaas/contracts (through test/support) holds decorated classes
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_DIR } from '../test/support/processes';
import { graphBody, isWebAnswer, untilActive, WEB_ADDRESSES, create } from './benchmarks/shared';
import { BenchSystem } from './lib/bench-system';
import { firstAnswer, progress, rssMb, sleep } from './lib/host-tools';
import { machine, versions } from './lib/machine';
import { round } from './lib/stats';
import { FaultInjector } from './soak/faults';
import { endState } from './soak/inventory';
import { failuresOutside, Ledger } from './soak/ledger';
import { probeVip } from './soak/traffic';
import { SoakClient } from './soak/workload';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    clients: { type: 'string', default: '3' },
    'stable-vips': { type: 'string', default: '2' },
    'fault-gap': { type: 'string', default: '30-90' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(
    'npm run soak -- [--minutes 30] [--clients 3] [--stable-vips 2] [--fault-gap 30-90 (seconds)] [--out bench/results]\n',
  );
  process.exit(0);
}
const minutes = Number(args.minutes);
const clients = Number(args.clients);
const stableVips = Number(args['stable-vips']);
const [gapMin, gapMax] = (args['fault-gap'] ?? '').split('-').map(Number);
if (!(minutes > 0) || !Number.isInteger(clients) || clients < 1 || !(gapMin > 0) || !(gapMax >= gapMin))
  throw new Error('--minutes > 0, --clients ≥ 1 and --fault-gap <min>-<max> seconds, please');
const outDir = args.out ?? join(REPO_DIR, 'bench', 'results');
/** After a fault everything answers again; requests may still fail while load balancers move. */
const OUTAGE_GRACE_MS = 30_000;
/** Failover off would hide the agent kills: the shipped defaults, with its circuit breaker. */
const SERVER_ENV: Record<string, string> = {};

async function converge(bench: BenchSystem, deadlineMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() < deadlineMs) {
    const lbs = ((await bench.api.get<Json>('/v2.0/lbaas/loadbalancers').catch(() => undefined))?.body
      ?.loadbalancers ?? []) as Json[];
    const agents = ((await bench.api.get<Json>('/v2.0/agents').catch(() => undefined))?.body?.agents ??
      []) as Json[];
    const pending = lbs.filter((lb) => String(lb.provisioning_status).startsWith('PENDING'));
    if (pending.length === 0 && agents.length > 0 && agents.every((a) => a.alive)) break;
    await sleep(2000);
  }
  // Two reconcile passes (periodic_interval 10 s): whatever a fault left on a node is repaired by then.
  await sleep(25_000);
  return (Date.now() - started) / 1000;
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const bench = await BenchSystem.start('soak', { agents: 2, serverEnv: SERVER_ENV });
  let cleaning: Promise<void> | undefined;
  // Once, whoever asks: a second caller waits for the same clean-up.
  const cleanup = () => {
    if (!cleaning) {
      progress('cleaning up');
      cleaning = bench.teardown();
    }
    return cleaning;
  };
  // Every SIGINT is handled: a second ^C must not kill the clean-up half-way.
  process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    progress(
      `soak: ${minutes} min, ${clients} clients, ${stableVips} stable VIPs, a fault every ${gapMin}-${gapMax} s`,
    );
    const stable: { id: string; url: string }[] = [];
    for (let i = 0; i < stableVips; i++) {
      const lb = (
        await create(
          bench.api,
          '/v2.0/lbaas/loadbalancers',
          graphBody(bench.subnetId, WEB_ADDRESSES, `stable-${i}`),
        )
      ).loadbalancer as Json;
      await untilActive(bench.api, lb.id as string, Date.now() + 120_000);
      const url = `http://${lb.vip_address as string}/`;
      await firstAnswer(bench.client, url, isWebAnswer, Date.now() + 60_000);
      stable.push({ id: lb.id as string, url });
    }
    const probes = stable.map(({ url }) => probeVip(bench.client, url));
    const ledger = new Ledger();
    const faults = new FaultInjector(bench, SERVER_ENV, { min: gapMin, max: gapMax });
    const memory: { at: number; server: number; agents: number }[] = [];
    const sample = () =>
      memory.push({
        at: Date.now(),
        server: rssMb(faults.serverPid ?? 0),
        agents: [...bench.agents.values()].reduce((sum, agent) => sum + rssMb(agent.child.pid ?? 0), 0),
      });
    sample();
    const stopAt = Date.now() + minutes * 60_000;
    const sampler = setInterval(sample, 30_000);
    const ticker = setInterval(
      () =>
        progress(
          `  ${Math.round((stopAt - Date.now()) / 60_000)} min left; ${ledger.accepted} writes accepted`,
        ),
      60_000,
    );
    const workers = Array.from(
      { length: clients },
      (_v, i) => new SoakClient(bench.api, bench.subnetId, ledger, `soak-${i}`),
    );
    await Promise.all([faults.run(stopAt), ...workers.map((w) => w.run(() => Date.now() > stopAt))]);
    clearInterval(ticker);
    progress('workload and faults over; waiting for the system to converge');
    const convergeS = await converge(bench, Date.now() + 300_000);
    clearInterval(sampler);
    sample();
    const traffic = await Promise.all(probes.map((probe) => probe.stop()));
    const state = await endState(bench);
    const verdict = ledger.verdict(state.observed);
    const windows = faults.injected.map((f) => ({ start: f.start, end: f.end + OUTAGE_GRACE_MS }));
    const outside = traffic.flatMap((t) => failuresOutside(t.failures, windows));
    const steady = memory.filter((m) => m.server > 0);
    const result = {
      minutes,
      started_at: startedAt.toISOString(),
      finished_at: new Date().toISOString(),
      clients,
      api_operations: workers.reduce((sum, w) => sum + w.counts.operations, 0),
      api_writes_accepted: verdict.accepted,
      api_writes_refused: workers.reduce((sum, w) => sum + w.counts.refused, 0),
      api_writes_unanswered: ledger.unknown,
      lost_writes: verdict.lost.length,
      writes_reported_failed: verdict.reportedFailed,
      stuck_pending: state.stuckPending.length,
      leaked_objects: state.leaked.length,
      missing_objects: state.missing.length,
      faults_injected: faults.injected.length,
      faults: faults.injected.map((f) => ({
        kind: f.kind,
        detail: f.detail,
        at_s: round((f.start - startedAt.getTime()) / 1000, 1),
        back_after_s: round((f.end - f.start) / 1000, 1),
      })),
      requests_through_stable_vips: traffic.reduce((sum, t) => sum + t.ok + t.failed, 0),
      failed_requests: traffic.reduce((sum, t) => sum + t.failed, 0),
      failed_requests_outside_outages: outside.length,
      converge_s: round(convergeS, 1),
      server_rss_mb_start: round(steady[0]?.server ?? 0, 1),
      server_rss_mb_end: round(steady[steady.length - 1]?.server ?? 0, 1),
      agents_rss_mb_start: round(memory[0]?.agents ?? 0, 1),
      agents_rss_mb_end: round(memory[memory.length - 1]?.agents ?? 0, 1),
      memory_samples: memory.map((m) => ({
        at_s: round((m.at - startedAt.getTime()) / 1000, 0),
        server_mb: round(m.server, 1),
        agents_mb: round(m.agents, 1),
      })),
      details: {
        lost: verdict.lost,
        stuck_pending: state.stuckPending,
        leaked: state.leaked,
        missing: state.missing,
        failures_outside_outages_at_s: outside.map((at) => round((at - startedAt.getTime()) / 1000, 1)),
      },
      machine: machine(),
      versions: versions(REPO_DIR),
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'soak.json'), `${JSON.stringify(result, null, 2)}\n`);
    const passed =
      result.lost_writes === 0 &&
      result.stuck_pending === 0 &&
      result.leaked_objects === 0 &&
      result.missing_objects === 0 &&
      result.failed_requests_outside_outages === 0;
    progress(
      `soak ${passed ? 'PASSED' : 'FAILED'}: ${result.api_writes_accepted} writes accepted, ${result.lost_writes} lost, ` +
        `${result.writes_reported_failed} reported failed, ${result.stuck_pending} stuck PENDING, ${result.leaked_objects} leaked, ` +
        `${result.missing_objects} missing; ${result.faults_injected} faults; ${result.failed_requests} failed requests ` +
        `(${result.failed_requests_outside_outages} outside outages); server RSS ${result.server_rss_mb_start} → ` +
        `${result.server_rss_mb_end} MB; results in ${join(outDir, 'soak.json')}`,
    );
    for (const [what, list] of Object.entries(result.details)) {
      for (const line of list.slice(0, 20)) progress(`  ${what}: ${line}`);
    }
    return passed ? 0 : 1;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    progress(`soak failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
