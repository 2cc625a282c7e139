import { loseNode } from '../../test/support/test-network';
import { AGENT_DEFAULTS, type BenchSystem } from '../lib/bench-system';
import { firstAnswer, progress, sleep } from '../lib/host-tools';
import type { FailoverResult } from '../lib/results';
import { round, summarize } from '../lib/stats';
import { isWebAnswer, servingLoadBalancer, untilActive, WEB_ADDRESSES } from './shared';

/** The server's default agent_down_time, and the agents' default report_interval. */
const AGENT_DOWN_TIME_S = 10;
/** After it starts, the server waits agent_down_time plus the longest reconnect delay (12 s) before moving anything. */
const SERVER_QUIET_S = AGENT_DOWN_TIME_S + 13;

/**
 * The hosting node lost at once (agent frozen, its haproxy, namespace and port removed, then kill -9):
 * seconds from the start of that loss until the VIP answers again.
 */
export async function failover(
  bench: BenchSystem,
  runs: number,
  serverStartedAt: number,
): Promise<FailoverResult> {
  const { api, client } = bench;
  const { id, url } = await servingLoadBalancer(bench, 'failover', WEB_ADDRESSES);
  await sleep(Math.max(0, serverStartedAt + SERVER_QUIET_S * 1000 - Date.now()));

  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const host = await bench.hostOf(id);
    const killedAt = performance.now();
    loseNode(bench.agents.get(host)!.child, bench.statePath(host), host);
    const servedAt = await firstAnswer(client, url, isWebAnswer, Date.now() + 120_000, 100);
    samples.push((servedAt - killedAt) / 1000);
    progress(`  run ${run + 1}/${runs}: served again after ${samples[run].toFixed(1)} s`);
    await untilActive(api, id, Date.now() + 60_000);
    // The node comes back before the next run, as an operator would bring it back.
    await bench.startAgent(host, AGENT_DEFAULTS);
    await sleep(3000);
  }
  await api.delete(`/v2.0/lbaas/loadbalancers/${id}?cascade=true`);
  return {
    runs,
    agent_down_time_s: AGENT_DOWN_TIME_S,
    report_interval_s: Number(AGENT_DEFAULTS.LBAAS_REPORT_INTERVAL),
    samples_s: samples.map((s) => round(s)),
    summary: summarize(samples),
  };
}
