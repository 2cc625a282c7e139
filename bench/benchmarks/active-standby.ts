import { execFileSync } from 'node:child_process';
import { loseNode } from '../../test/support/test-network';
import { AGENT_DEFAULTS, type BenchSystem } from '../lib/bench-system';
import { firstAnswer, progress, sleep } from '../lib/host-tools';
import type { ActiveStandbyResult } from '../lib/results';
import { round, summarize } from '../lib/stats';
import { create, graphBody, isWebAnswer, untilActive, WEB_ADDRESSES } from './shared';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** After it starts, the server waits agent_down_time (10 s) plus the longest reconnect delay before replacing anything. */
const SERVER_QUIET_S = 10 + 13;

/** The namespace of this machine that holds the VIP now (both instances' agents run here). */
function vipHolder(lbId: string, vip: string): string | undefined {
  const namespaces = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 10_000 })
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith(`qlbaas-${lbId}-`));
  return namespaces.find((namespace) => {
    try {
      return execFileSync('ip', ['-n', namespace, '-br', 'addr', 'show'], {
        encoding: 'utf8',
        timeout: 10_000,
      }).includes(`${vip}/`);
    } catch {
      return false; // gone meanwhile
    }
  });
}

async function amphorae(bench: BenchSystem, lbId: string): Promise<Json[]> {
  return (await bench.api.get<Json>(`/v2/octavia/amphorae?loadbalancer_id=${lbId}`)).body.amphorae as Json[];
}

/**
 * Polls until the load balancer is ACTIVE with both instances on agents other than `lostHost` (the
 * replacement built); when that was seen (ms).
 */
async function untilTwoInstances(
  bench: BenchSystem,
  lbId: string,
  deadlineMs: number,
  lostHost?: string,
): Promise<number> {
  while (Date.now() < deadlineMs) {
    const placed = (await amphorae(bench, lbId)).filter((a) => a.compute_id && a.compute_id !== lostHost);
    const { body } = await bench.api.get<Json>(`/v2/lbaas/loadbalancers/${lbId}`);
    if (placed.length === 2 && body.loadbalancer.provisioning_status === 'ACTIVE') return performance.now();
    await sleep(100);
  }
  throw new Error(`load balancer ${lbId} not back to two instances in time`);
}

/**
 * ACTIVE_STANDBY on three agents: seconds from a create call to the first answer through the VIP;
 * then, per run, the node of the instance holding the VIP lost at once (agent frozen, its keepalived,
 * haproxy, namespace and port removed, kill -9): seconds until the VIP answers again (the takeover) and
 * until the load balancer is ACTIVE with a replacement instance on the spare agent. The lost node comes
 * back before the next run.
 */
export async function activeStandby(
  bench: BenchSystem,
  runs: number,
  serverStartedAt: number,
): Promise<ActiveStandbyResult> {
  const { api, client } = bench;
  const profile = await create(api, '/v2/lbaas/flavorprofiles', {
    flavorprofile: {
      name: 'bench-ha',
      provider_name: 'haproxy',
      flavor_data: JSON.stringify({ loadbalancer_topology: 'ACTIVE_STANDBY' }),
    },
  });
  const flavor = await create(api, '/v2/lbaas/flavors', {
    flavor: { name: 'bench-ha', flavor_profile_id: profile.flavorprofile.id, enabled: true },
  });
  const body = (name: string) => {
    const graph = graphBody(bench.subnetId, WEB_ADDRESSES, name, false);
    return { loadbalancer: { ...graph.loadbalancer, flavor_id: flavor.flavor.id } };
  };

  const serving: number[] = [];
  for (let run = 0; run < runs; run++) {
    const startedAt = performance.now();
    const lb = (await create(api, '/v2/lbaas/loadbalancers', body(`bench-ha-${run}`))).loadbalancer as Json;
    const url = `http://${lb.vip_address as string}/`;
    serving.push(
      (await firstAnswer(client, url, isWebAnswer, Date.now() + 120_000)) / 1000 - startedAt / 1000,
    );
    await untilActive(api, lb.id as string, Date.now() + 60_000);
    await api.delete(`/v2/lbaas/loadbalancers/${lb.id}?cascade=true`);
    progress(`  create ${run + 1}/${runs}: serving after ${serving[run].toFixed(2)} s`);
  }

  const lb = (await create(api, '/v2/lbaas/loadbalancers', body('bench-ha'))).loadbalancer as Json;
  const id = lb.id as string;
  const vip = lb.vip_address as string;
  const url = `http://${vip}/`;
  await untilTwoInstances(bench, id, Date.now() + 120_000);
  await firstAnswer(client, url, isWebAnswer, Date.now() + 60_000);
  await sleep(Math.max(0, serverStartedAt + SERVER_QUIET_S * 1000 - Date.now()));

  const takeover: number[] = [];
  const replacement: number[] = [];
  for (let run = 0; run < runs; run++) {
    const holder = vipHolder(id, vip);
    const amphora = (await amphorae(bench, id)).find((a) => holder?.endsWith((a.id as string).slice(0, 8)));
    if (!amphora) throw new Error(`no instance of ${id} holds the VIP`);
    const host = amphora.compute_id as string;
    const lostAt = performance.now();
    loseNode(bench.agents.get(host)!.child, bench.statePath(host), host);
    // A request every 50 ms: with curl's 1 s limit, requests to the dead master never hold back new ones.
    const servedAt = await firstAnswer(client, url, isWebAnswer, Date.now() + 60_000, 50);
    takeover.push((servedAt - lostAt) / 1000);
    const replacedAt = await untilTwoInstances(bench, id, Date.now() + 60_000, host);
    replacement.push((replacedAt - lostAt) / 1000);
    progress(
      `  run ${run + 1}/${runs}: answered again after ${takeover[run].toFixed(2)} s, two instances after ${replacement[run].toFixed(1)} s`,
    );
    // The node comes back before the next run (and is the spare then).
    await bench.startAgent(host, AGENT_DEFAULTS);
    await sleep(3000);
  }
  await api.delete(`/v2/lbaas/loadbalancers/${id}?cascade=true`);
  return {
    runs,
    agents: bench.agents.size,
    time_to_serving: summarize(serving),
    takeover: summarize(takeover),
    replacement: summarize(replacement),
    samples_takeover_s: takeover.map((s) => round(s)),
    samples_replacement_s: replacement.map((s) => round(s)),
  };
}
