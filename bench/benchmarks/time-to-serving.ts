import { type BenchSystem } from '../lib/bench-system';
import { scrape } from '../../test/support/metrics';
import { firstAnswer, progress, sleep } from '../lib/host-tools';
import type { CommandProfile, TimeToServingResult } from '../lib/results';
import { round, summarize } from '../lib/stats';
import { create, graphBody, isWebAnswer, untilActive, WEB_ADDRESSES } from './shared';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Sample {
  serving: number;
  active: number;
}

const LB_PATH = '/v2.0/lbaas/loadbalancers';

/** Create call → first HTTP answer through the VIP, and → ACTIVE, in seconds (both from the same t0). */
async function measure(bench: BenchSystem, mode: 'graph' | 'separate', name: string): Promise<Sample> {
  const { api, client, subnetId } = bench;
  const deadline = Date.now() + 180_000;
  const t0 = performance.now();
  const body =
    mode === 'graph'
      ? graphBody(subnetId, WEB_ADDRESSES, name)
      : { loadbalancer: { name, vip_subnet_id: subnetId } };
  const lb = (await create(api, LB_PATH, body)).loadbalancer as Json;
  const served = firstAnswer(client, `http://${lb.vip_address as string}/`, isWebAnswer, deadline);
  let active: number;
  if (mode === 'graph') {
    active = await untilActive(api, lb.id as string, deadline);
  } else {
    await untilActive(api, lb.id as string, deadline);
    const listener = await create(api, '/v2.0/lbaas/listeners', {
      listener: { loadbalancer_id: lb.id, protocol: 'HTTP', protocol_port: 80 },
    });
    await untilActive(api, lb.id as string, deadline);
    const pool = await create(api, '/v2.0/lbaas/pools', {
      pool: { listener_id: listener.listener.id, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' },
    });
    await untilActive(api, lb.id as string, deadline);
    for (const address of WEB_ADDRESSES) {
      await create(api, `/v2.0/lbaas/pools/${pool.pool.id as string}/members`, {
        member: { address, protocol_port: 80 },
      });
      await untilActive(api, lb.id as string, deadline);
    }
    await create(api, '/v2.0/lbaas/healthmonitors', {
      healthmonitor: {
        pool_id: pool.pool.id,
        type: 'HTTP',
        delay: 5,
        timeout: 3,
        max_retries: 3,
        url_path: '/',
      },
    });
    active = await untilActive(api, lb.id as string, deadline);
  }
  const servedAt = await served;
  // Deleted in the background: the next run does not wait for it.
  void api.delete(`${LB_PATH}/${lb.id as string}?cascade=true`);
  return { serving: (servedAt - t0) / 1000, active: (active - t0) / 1000 };
}

/** Waits until no load balancer is left (the runs delete theirs in the background). */
async function untilGone(bench: BenchSystem): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const { body } = await bench.api.get<Json>(`${LB_PATH}?fields=id`);
    if ((body.loadbalancers as Json[]).length === 0) return;
    await sleep(200);
  }
}

function figures(samples: Sample[]) {
  return {
    serving: summarize(samples.map((s) => s.serving)),
    active: summarize(samples.map((s) => s.active)),
    samples_serving_s: samples.map((s) => round(s.serving)),
  };
}

/** Seconds and calls of each host command the agent ran, from its metrics. */
function commandTotals(metrics: string): Map<string, { seconds: number; calls: number }> {
  const totals = new Map<string, { seconds: number; calls: number }>();
  for (const line of metrics.split('\n')) {
    const match = /^lbaas_agent_command_seconds_(sum|count)\{command="([^"]+)"\} (\S+)$/.exec(line);
    if (!match) continue;
    const entry = totals.get(match[2]) ?? { seconds: 0, calls: 0 };
    if (match[1] === 'sum') entry.seconds = Number(match[3]);
    else entry.calls = Number(match[3]);
    totals.set(match[2], entry);
  }
  return totals;
}

/** What the agent's commands cost per single-call create (its deploy, and its delete in the background). */
function commandsPerCreate(
  before: ReturnType<typeof commandTotals>,
  after: ReturnType<typeof commandTotals>,
  runs: number,
): CommandProfile[] {
  return [...after]
    .map(([command, { seconds, calls }]) => ({
      command,
      calls: round((calls - (before.get(command)?.calls ?? 0)) / runs),
      ms: round(((seconds - (before.get(command)?.seconds ?? 0)) / runs) * 1000),
    }))
    .filter((entry) => entry.calls > 0)
    .sort((a, b) => b.ms - a.ms);
}

export async function timeToServing(
  bench: BenchSystem,
  runs: number,
  concurrency: number,
  agentMetricsUrl: string,
): Promise<TimeToServingResult> {
  const graph: Sample[] = [];
  const separate: Sample[] = [];
  const before = commandTotals(await scrape(agentMetricsUrl));
  for (let i = 0; i < runs; i++) {
    graph.push(await measure(bench, 'graph', `tts-graph-${i}`));
    if ((i + 1) % 10 === 0 || i + 1 === runs)
      progress(`  graph create: ${i + 1}/${runs} runs, last ${graph[i].serving.toFixed(2)} s to serving`);
  }
  // The last background deletes: their commands belong to these runs too.
  await untilGone(bench);
  const commands = commandsPerCreate(before, commandTotals(await scrape(agentMetricsUrl)), runs);
  progress(
    `  agent commands per create and delete: ${commands.map((c) => `${c.command} ${c.calls}× ${c.ms} ms`).join(', ')}`,
  );
  for (let i = 0; i < runs; i++) {
    separate.push(await measure(bench, 'separate', `tts-separate-${i}`));
    if ((i + 1) % 10 === 0 || i + 1 === runs)
      progress(
        `  separate calls: ${i + 1}/${runs} runs, last ${separate[i].serving.toFixed(2)} s to serving`,
      );
  }
  progress(`  ${concurrency} concurrent graph creates`);
  const concurrent = await Promise.all(
    Array.from({ length: concurrency }, (_v, i) => measure(bench, 'graph', `tts-concurrent-${i}`)),
  );
  return {
    runs,
    concurrency,
    graph: figures(graph),
    separate: figures(separate),
    concurrent: figures(concurrent),
    commands_per_create: commands,
  };
}
