import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiClient } from '../../test/support/api';
import { startTestAgent } from '../../test/support/lb-fixtures';
import { metricSum, scrape } from '../../test/support/metrics';
import { cpuSeconds } from '../../test/support/processes';
import type { TestSystem } from '../../test/support/test-system';
import { AGENT_DEFAULTS } from '../lib/bench-system';
import { progress, rssMb, sleep } from '../lib/host-tools';
import type { ControlPlaneResult } from '../lib/results';
import { percentile } from '../lib/stats';
import { load, subnets, VIPS_PER_SUBNET } from './api';
import { graphBody } from './shared';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CREATE_WORKERS = 8;
/** Long enough to hold a full graph pass (1 in 30 of 10 s) and the resend of unchanged counters (5 min). */
const CPU_SAMPLE_S = 300;
const LIST_SECONDS = 5;

/**
 * The control plane alone at fleet size: `count` load balancers (listener, pool of two members, HTTP
 * monitor: the graph every agent renders) over `agentCount` agents with the dry-run device driver, which
 * renders each config and reports success but builds nothing (no namespace, port or process, and no
 * address is used on any wire). Measures creates, lists, and what the server, the agents and the broker
 * do at rest with every load balancer ACTIVE.
 */
export async function controlPlane(
  system: TestSystem,
  count: number,
  agentCount: number,
): Promise<ControlPlaneResult> {
  const api = system.api;
  const stateRoot = mkdtempSync(join(tmpdir(), 'lbcp-'));
  try {
    const agentPids: number[] = [];
    for (let i = 0; i < agentCount; i++) {
      const host = `cp${i}-${process.pid}`;
      const agent = await startTestAgent(system, host, join(stateRoot, host), {
        ...AGENT_DEFAULTS,
        LBAAS_DEVICE_DRIVER: 'noop',
      });
      agentPids.push(agent.child.pid!);
    }
    progress(`  ${agentCount} dry-run agents alive`);
    const subnetIds = await subnets(api, Math.ceil(count / VIPS_PER_SUBNET));

    const createLatencies: number[] = [];
    const startedAt = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CREATE_WORKERS }, async () => {
        while (next < count) {
          const i = next++;
          const body = graphBody(
            subnetIds[Math.floor(i / VIPS_PER_SUBNET)],
            ['203.0.113.11', '203.0.113.12'],
            `cp-${i}`,
          );
          const sent = performance.now();
          const response = await api.post<Json>('/v2.0/lbaas/loadbalancers', body);
          if (response.status !== 201)
            throw new Error(`create ${i}: ${response.status} ${JSON.stringify(response.body)}`);
          createLatencies.push(performance.now() - sent);
          if (createLatencies.length % 500 === 0)
            progress(`  ${createLatencies.length}/${count} load balancers created`);
        }
      }),
    );
    const createSeconds = (performance.now() - startedAt) / 1000;
    progress(`  ${count} creates accepted in ${createSeconds.toFixed(0)} s`);
    const allActiveS = await untilAllActive(api, count, startedAt);
    progress(`  all ${count} ACTIVE after ${allActiveS.toFixed(0)} s`);

    const listAll = await load(
      8,
      LIST_SECONDS,
      200,
      async () => (await api.get('/v2.0/lbaas/loadbalancers')).status,
    );
    const page50 = await load(
      8,
      LIST_SECONDS,
      200,
      async () => (await api.get('/v2.0/lbaas/loadbalancers?limit=50')).status,
    );
    progress(
      `  list of ${count}: ${listAll.rps.toFixed(1)} req/s, p99 ${listAll.p99_ms.toFixed(0)} ms; a 50-item page: ${page50.rps.toFixed(0)} req/s, p99 ${page50.p99_ms.toFixed(0)} ms`,
    );

    progress(`  at rest for ${CPU_SAMPLE_S} s`);
    const serverPid = system.server.child.pid!;
    const handled = async () =>
      metricSum(await scrape(`${api.baseUrl}/metrics`), 'lbaas_rpc_messages_total', { kind: 'handled' });
    const [serverBefore, agentsBefore, handledBefore] = [
      cpuSeconds(serverPid),
      agentPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0),
      await handled(),
    ];
    await sleep(CPU_SAMPLE_S * 1000);
    const serverCpu = ((cpuSeconds(serverPid) - serverBefore) / CPU_SAMPLE_S) * 100;
    const agentsCpu =
      ((agentPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - agentsBefore) / CPU_SAMPLE_S) * 100;
    const messagesPerSecond = ((await handled()) - handledBefore) / CPU_SAMPLE_S;
    progress(
      `  at rest: server ${serverCpu.toFixed(1)} % of a core, ${agentCount} agents ${agentsCpu.toFixed(1)} %, server handles ${messagesPerSecond.toFixed(0)} RPC messages/s`,
    );

    return {
      load_balancers: count,
      agents: agentCount,
      create_workers: CREATE_WORKERS,
      creates_per_s: count / createSeconds,
      create_p50_ms: percentile(createLatencies, 50),
      create_p99_ms: percentile(createLatencies, 99),
      all_active_s: allActiveS,
      list_all: { rps: listAll.rps, p50_ms: listAll.p50_ms, p99_ms: listAll.p99_ms, errors: listAll.errors },
      list_page50: { rps: page50.rps, p50_ms: page50.p50_ms, p99_ms: page50.p99_ms, errors: page50.errors },
      server_cpu_at_rest_pct: serverCpu,
      agents_cpu_at_rest_pct: agentsCpu,
      server_rpc_messages_per_s_at_rest: messagesPerSecond,
      server_rss_mb: rssMb(serverPid),
    };
  } finally {
    rmSync(stateRoot, { recursive: true, force: true });
  }
}

/** Seconds from `startedAt` until the API counts `count` ACTIVE load balancers. */
async function untilAllActive(api: ApiClient, count: number, startedAt: number): Promise<number> {
  const deadline = Date.now() + 60 * 60_000;
  for (;;) {
    const { body } = await api.get<Json>('/v2.0/lbaas/loadbalancers?provisioning_status=ACTIVE&fields=id');
    const active = (body.loadbalancers as Json[]).length;
    if (active >= count) return (performance.now() - startedAt) / 1000;
    if (Date.now() > deadline) throw new Error(`only ${active}/${count} ACTIVE after an hour`);
    await sleep(2000);
  }
}
