import { cleanupAgentState } from '../../test/support/test-network';
import { cpuSeconds } from '../../test/support/processes';
import { AGENT_DEFAULTS, type BenchSystem } from '../lib/bench-system';
import { firstAnswer, haproxyPids, progress, rssMb, sleep } from '../lib/host-tools';
import type { ScaleResult } from '../lib/results';
import { create, graphBody, isWebAnswer } from './shared';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** Each test network's VIP pool (.128–.249). */
const VIPS_PER_NETWORK = 122;
const CPU_SAMPLE_S = 20;

async function statuses(bench: BenchSystem): Promise<Json[]> {
  return (
    await bench.api.get<Json>(
      '/v2.0/lbaas/loadbalancers?fields=id&fields=provisioning_status&fields=vip_subnet_id&fields=vip_address',
    )
  ).body.loadbalancers as Json[];
}

/** `count` load balancers (listener, pool, one member each) over the bench's agents. */
export async function scale(bench: BenchSystem, count: number): Promise<ScaleResult> {
  const { api } = bench;
  const subnets = [bench.subnetId];
  while (subnets.length * VIPS_PER_NETWORK < count)
    subnets.push(await bench.addNetwork(`bench-scale-${subnets.length}`));
  const agentPids = new Map([...bench.agents].map(([host, agent]) => [host, agent.child.pid!]));
  const rssBefore = [...agentPids.values()].reduce((sum, pid) => sum + rssMb(pid), 0);

  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < count) {
        const i = next++;
        await create(
          api,
          '/v2.0/lbaas/loadbalancers',
          graphBody(subnets[Math.floor(i / VIPS_PER_NETWORK)], ['198.51.100.11'], `scale-${i}`, false),
        );
      }
    }),
  );
  progress(`  ${count} create calls answered after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  let allActiveAt = 0;
  for (;;) {
    const list = await statuses(bench);
    const active = list.filter((lb) => lb.provisioning_status === 'ACTIVE').length;
    if (list.some((lb) => lb.provisioning_status === 'ERROR'))
      throw new Error('a load balancer went to ERROR');
    if (active === count) {
      allActiveAt = performance.now();
      break;
    }
    progress(`  ${active}/${count} ACTIVE`);
    await sleep(active > count * 0.9 ? 500 : 5000);
  }
  const allActiveS = (allActiveAt - t0) / 1000;
  // They serve: a few of those on the network with the web server answer through their VIPs.
  const onFirstNetwork = (await statuses(bench))
    .filter((lb) => lb.vip_subnet_id === bench.subnetId)
    .slice(0, 5);
  for (const lb of onFirstNetwork)
    await firstAnswer(bench.client, `http://${lb.vip_address as string}/`, isWebAnswer, Date.now() + 30_000);

  const haproxyRss = (await haproxyPids(bench.stateRoot)).reduce((sum, pid) => sum + rssMb(pid), 0);
  const agentGrowth = [...agentPids.values()].reduce((sum, pid) => sum + rssMb(pid), 0) - rssBefore;

  progress(`  CPU at rest for ${CPU_SAMPLE_S} s`);
  const watched = new Map<string, number>([['server', bench.system.server.child.pid!], ...agentPids]);
  const before = new Map([...watched].map(([name, pid]) => [name, cpuSeconds(pid)]));
  await sleep(CPU_SAMPLE_S * 1000);
  const cpu: Record<string, number> = {};
  for (const [name, pid] of watched)
    cpu[name === 'server' ? 'server' : `agent ${name}`] =
      ((cpuSeconds(pid) - before.get(name)!) / CPU_SAMPLE_S) * 100;

  // Restart of one agent after its node lost everything (kill -9, haproxy, namespaces and ports gone).
  const [host] = bench.agents.keys();
  const hosted = (await haproxyPids(bench.statePath(host))).length;
  bench.agents.get(host)!.child.kill('SIGKILL');
  progress(`  removing the ${hosted} haproxy processes, namespaces and ports of ${host}`);
  cleanupAgentState(bench.statePath(host));
  const restartedAt = performance.now();
  await bench.startAgent(host, AGENT_DEFAULTS);
  const resyncDeadline = Date.now() + 15 * 60_000;
  while ((await haproxyPids(bench.statePath(host))).length < hosted) {
    if (Date.now() > resyncDeadline)
      throw new Error(`${host} did not rebuild its load balancers in 15 minutes`);
    await sleep(500);
  }
  const resyncS = (performance.now() - restartedAt) / 1000;
  progress(`  ${host} rebuilt its ${hosted} load balancers in ${resyncS.toFixed(1)} s`);

  return {
    load_balancers: count,
    agents: bench.agents.size,
    all_active_s: allActiveS,
    haproxy_rss_mb_total: haproxyRss,
    agent_rss_mb_growth: agentGrowth,
    mem_per_lb_mb: (haproxyRss + Math.max(0, agentGrowth)) / count,
    agent_resync_s: resyncS,
    agent_resync_lbs: hosted,
    cpu_at_rest_pct: cpu,
  };
}
