import type { ApiClient } from '../../test/support/api';
import type { BenchSystem } from '../lib/bench-system';
import { firstAnswer, sleep } from '../lib/host-tools';
import { httpLoadBalancerBody } from '../../test/support/lb-fixtures';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const WEB_ADDRESSES = ['198.51.100.11', '198.51.100.12'];
export const isWebAnswer = (body: string) => /^WEB\d$/.test(body);

/** Load balancer + HTTP listener + ROUND_ROBIN pool of `members` (+ an HTTP monitor) in one call. */
export function graphBody(subnetId: string, members: string[], name: string, monitor = true): Json {
  const body = httpLoadBalancerBody(subnetId, members, name);
  if (monitor) {
    body.loadbalancer.listeners[0].default_pool.healthmonitor = {
      type: 'HTTP',
      delay: 5,
      timeout: 3,
      max_retries: 3,
      url_path: '/',
    };
  }
  return body;
}

/** Polls the API every `intervalMs` until the load balancer is ACTIVE; the time it was seen (ms). */
export async function untilActive(
  api: ApiClient,
  id: string,
  deadlineMs: number,
  intervalMs = 50,
): Promise<number> {
  while (Date.now() < deadlineMs) {
    const { body } = await api.get<Json>(`/v2.0/lbaas/loadbalancers/${id}`);
    const status = body?.loadbalancer?.provisioning_status as string | undefined;
    if (status === 'ACTIVE') return performance.now();
    if (status === 'ERROR') throw new Error(`load balancer ${id} went to ERROR`);
    await sleep(intervalMs);
  }
  throw new Error(`load balancer ${id} not ACTIVE in time`);
}

/** POSTs and insists on 201. */
export async function create(api: ApiClient, path: string, body: Json): Promise<Json> {
  const response = await api.post<Json>(path, body);
  if (response.status !== 201)
    throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The pool of a load balancer made by graphBody. */
export async function poolOf(api: ApiClient, lbId: string): Promise<string> {
  const { pools } = (await api.get<Json>('/v2.0/lbaas/pools')).body as { pools: Json[] };
  const pool = pools.find((p) => (p.loadbalancers as Json[]).some((lb) => lb.id === lbId));
  if (!pool) throw new Error(`no pool on ${lbId}`);
  return pool.id as string;
}

/** A load balancer (graph create, no monitor) on the bench network that already answers through its VIP. */
export async function servingLoadBalancer(
  bench: BenchSystem,
  name: string,
  members: string[],
): Promise<{ id: string; url: string }> {
  const lb = (
    await create(bench.api, '/v2.0/lbaas/loadbalancers', graphBody(bench.subnetId, members, name, false))
  ).loadbalancer as Json;
  const id = lb.id as string;
  const url = `http://${lb.vip_address as string}/`;
  await untilActive(bench.api, id, Date.now() + 120_000);
  await firstAnswer(bench.client, url, isWebAnswer, Date.now() + 60_000);
  return { id, url };
}
