import type { ApiClient } from '../../test/support/api';
import { progress } from '../lib/host-tools';
import type { ApiCase, ApiResult } from '../lib/results';
import { percentile } from '../lib/stats';
import { create } from './shared';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CONCURRENCIES = [1, 8, 32];
/** Each noop load balancer takes an address of a 203.0.113.0/24 subnet (never used on the wire). */
export const VIPS_PER_SUBNET = 250;

/** `count` networks, each with a 203.0.113.0/24 subnet for noop or dry-run VIPs; their subnet ids. */
export async function subnets(api: ApiClient, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const network = await create(api, '/v2.0/networks', { network: { name: `bench-api-${i}` } });
    const subnet = await create(api, '/v2.0/subnets', {
      subnet: { network_id: network.network.id, cidr: '203.0.113.0/24' },
    });
    ids.push(subnet.subnet.id as string);
  }
  return ids;
}

/** Runs `concurrency` workers doing `request` for `seconds`; throughput, latency and unexpected answers. */
export async function load(
  concurrency: number,
  seconds: number,
  expected: number,
  request: (worker: number, n: number) => Promise<number>,
): Promise<Omit<ApiCase, 'operation' | 'concurrency'>> {
  const latencies: number[] = [];
  const unexpected: Record<string, number> = {};
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_v, worker) => {
      for (let n = 0; performance.now() < end; n++) {
        const started = performance.now();
        const status = await request(worker, n).catch(() => 0);
        latencies.push(performance.now() - started);
        if (status !== expected)
          unexpected[status || 'no answer'] = (unexpected[status || 'no answer'] ?? 0) + 1;
      }
    }),
  );
  return {
    requests: latencies.length,
    errors: Object.values(unexpected).reduce((sum, count) => sum + count, 0),
    unexpected,
    rps: latencies.length / seconds,
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
  };
}

/** API throughput and latency against `loadBalancers` noop load balancers (the API alone, no data plane). */
export async function apiBenchmark(
  api: ApiClient,
  loadBalancers: number,
  seconds: number,
): Promise<ApiResult> {
  const maxWorkers = Math.max(...CONCURRENCIES);
  const subnetIds = await subnets(api, Math.ceil((loadBalancers + maxWorkers) / VIPS_PER_SUBNET));
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < loadBalancers) {
        const i = next++;
        const body = {
          loadbalancer: {
            name: `api-${i}`,
            vip_subnet_id: subnetIds[Math.floor(i / VIPS_PER_SUBNET)],
            provider: 'noop',
          },
        };
        ids.push(((await create(api, '/v2.0/lbaas/loadbalancers', body)).loadbalancer as Json).id as string);
        if (ids.length % 200 === 0) progress(`  ${ids.length}/${loadBalancers} load balancers created`);
      }
    }),
  );
  // One pool per member-create worker, on a load balancer of its own (writes to one LB serialise).
  const pools: string[] = [];
  for (let w = 0; w < maxWorkers; w++) {
    const lb = (
      await create(api, '/v2.0/lbaas/loadbalancers', {
        loadbalancer: {
          name: `api-members-${w}`,
          vip_subnet_id: subnetIds[subnetIds.length - 1],
          provider: 'noop',
          listeners: [
            {
              protocol: 'HTTP',
              protocol_port: 80,
              default_pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' },
            },
          ],
        },
      })
    ).loadbalancer as Json;
    pools.push(lb.listeners[0].default_pool_id as string);
  }

  // Member creates answer 409 while the worker's previous change is still settling (PENDING_UPDATE):
  // what a client sees when it does not wait for ACTIVE; counted apart from real errors.
  const operations: Array<[ApiCase['operation'], number, (worker: number, n: number) => Promise<number>]> = [
    ['list', 200, async () => (await api.get('/v2.0/lbaas/loadbalancers')).status],
    // A page anywhere in the list, as a client walking its links asks for it.
    [
      'list page50',
      200,
      async (_w, n) =>
        (await api.get(`/v2.0/lbaas/loadbalancers?limit=50&marker=${ids[(n * 7919) % ids.length]}`)).status,
    ],
    [
      'show',
      200,
      async (_w, n) => (await api.get(`/v2.0/lbaas/loadbalancers/${ids[(n * 7919) % ids.length]}`)).status,
    ],
    [
      'member create',
      201,
      async (worker, n) =>
        (
          await api.post(`/v2.0/lbaas/pools/${pools[worker]}/members`, {
            member: { address: `203.0.113.${(n % 250) + 1}`, protocol_port: 1 + Math.floor(n / 250) },
          })
        ).status,
    ],
  ];
  const cases: ApiCase[] = [];
  for (const [operation, expected, request] of operations) {
    for (const concurrency of CONCURRENCIES) {
      const result = await load(concurrency, seconds, expected, request);
      cases.push({ operation, concurrency, ...result });
      progress(
        `  ${operation} at concurrency ${concurrency}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99_ms.toFixed(1)} ms, other answers ${JSON.stringify(result.unexpected)}`,
      );
    }
  }
  return { load_balancers: loadBalancers, seconds_per_case: seconds, cases };
}
