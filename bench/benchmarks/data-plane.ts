import type { BenchSystem } from '../lib/bench-system';
import { progress, wrkFrom } from '../lib/host-tools';
import type { DataPlaneResult } from '../lib/results';
import { servingLoadBalancer } from './shared';

const CONNECTIONS = 10;

/** wrk through the VIP (haproxy, one member) against wrk straight to that member, over the same bridge. */
export async function dataPlane(bench: BenchSystem, seconds: number): Promise<DataPlaneResult> {
  const { api, client } = bench;
  const { id, url: vipUrl } = await servingLoadBalancer(bench, 'dataplane', ['198.51.100.11']);
  progress(`  ${seconds} s through the VIP`);
  const vip = await wrkFrom(client, vipUrl, seconds, CONNECTIONS);
  progress(`  ${seconds} s straight to the member`);
  const direct = await wrkFrom(client, 'http://198.51.100.11/', seconds, CONNECTIONS);
  await api.delete(`/v2.0/lbaas/loadbalancers/${id}?cascade=true`);
  return {
    seconds,
    connections: CONNECTIONS,
    vip,
    direct,
    rps_ratio: vip.requestsPerSecond / direct.requestsPerSecond,
  };
}
