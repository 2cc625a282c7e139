import { startApp, type StartedProcess } from './processes';
import { TestNetwork } from './test-network';
import type { TestSystem } from './test-system';
import type { ApiClient } from './api';
import { waitFor } from './wait';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Starts an agent of the test system reporting every second; resolves once the server sees it alive
 * (asked through `adminApi`: the system's own client, unless the server wants Keystone tokens).
 */
export async function startTestAgent(
  system: TestSystem,
  host: string,
  statePath: string,
  env: Record<string, string> = {},
  adminApi: ApiClient = system.api,
): Promise<StartedProcess> {
  const agent = startApp('lbaas-agent', {
    ...system.env,
    LBAAS_HOST: host,
    LBAAS_STATE_PATH: statePath,
    LBAAS_REPORT_INTERVAL: '1',
    LBAAS_PERIODIC_INTERVAL: '1',
    // No metrics endpoint unless a test asks for one (agents of one machine would share the port).
    LBAAS_METRICS_PORT: '0',
    ...env,
  });
  await waitFor(`agent ${host} alive`, async () =>
    (await adminApi.get<Json>(`/v2.0/agents?host=${host}&alive=true`)).body.agents?.length ? true : undefined,
  );
  return agent;
}

/** A tenant network and subnet (198.51.100.0/24, VIPs from .128 up) and the test hosts' view of it on br-int. */
export async function createTestNetwork(
  api: ApiClient,
  name: string,
): Promise<{ network: TestNetwork; subnetId: string }> {
  const net = await api.post<Json>('/v2.0/networks', { network: { name } });
  const network = new TestNetwork({ kind: 'ovs', vlanTag: net.body.network['provider:segmentation_id'] });
  const subnet = await api.post<Json>('/v2.0/subnets', {
    subnet: {
      network_id: net.body.network.id,
      cidr: '198.51.100.0/24',
      // VIPs come from the upper half; test hosts (members, clients) take addresses below .128.
      allocation_pools: [{ start: '198.51.100.128', end: '198.51.100.249' }],
    },
  });
  return { network, subnetId: subnet.body.subnet.id as string };
}

/** The single-call create of an HTTP load balancer on port 80 with one ROUND_ROBIN pool of `members`. */
export function httpLoadBalancerBody(subnetId: string, members: string[], name = 'web'): Json {
  return {
    loadbalancer: {
      name,
      vip_subnet_id: subnetId,
      listeners: [
        {
          protocol: 'HTTP',
          protocol_port: 80,
          default_pool: {
            protocol: 'HTTP',
            lb_algorithm: 'ROUND_ROBIN',
            members: members.map((address) => ({ address, protocol_port: 80 })),
          },
        },
      ],
    },
  };
}

export async function loadBalancer(api: ApiClient, id: string): Promise<Json> {
  return (await api.get<Json>(`/v2.0/lbaas/loadbalancers/${id}`)).body.loadbalancer as Json;
}

/**
 * Waits until the load balancer's provisioning status is `status`. An unexpected ERROR does not end the
 * wait (a later change may still repair it), but it is the reason given when the wait times out.
 */
export async function waitForProvisioning(
  api: ApiClient,
  id: string,
  status: 'ACTIVE' | 'ERROR',
  timeoutMs = 30_000,
): Promise<Json> {
  return waitFor(
    `load balancer ${id} ${status}`,
    async () => {
      const lb = await loadBalancer(api, id);
      if (lb.provisioning_status === 'ERROR' && status !== 'ERROR') {
        throw new Error(`load balancer ${id} went to ERROR`);
      }
      return lb.provisioning_status === status ? lb : undefined;
    },
    timeoutMs,
  );
}

/**
 * A suite's first clean-up step: every load balancer deleted through the API (as a tenant would), waited
 * for; failures are left to the state clean-up that follows.
 */
export async function deleteAllLoadBalancers(api: ApiClient | undefined): Promise<void> {
  if (!api) return;
  const { body } = await api.get<Json>('/v2.0/lbaas/loadbalancers');
  const ids = ((body.loadbalancers ?? []) as Json[]).map((lb) => lb.id as string);
  await deleteLoadBalancers(api, ids).catch(() => undefined);
}

/** Deletes load balancers (cascade) and waits until they are gone. */
export async function deleteLoadBalancers(api: ApiClient, ids: string[]): Promise<void> {
  for (const id of ids) await api.delete(`/v2.0/lbaas/loadbalancers/${id}?cascade=true`);
  for (const id of ids) {
    await waitFor(
      `load balancer ${id} deleted`,
      async () => ((await api.get(`/v2.0/lbaas/loadbalancers/${id}`)).status === 404 ? true : undefined),
      60_000,
    );
  }
}

/**
 * An availability zone `name` whose load balancers go only to the agents reporting `computeZone` (a
 * profile of its own, provider haproxy). Fails unless the zone was created; answers the profile's id.
 */
export async function createRackZone(api: ApiClient, name: string, computeZone: string): Promise<string> {
  const profile = (
    await api.post<Json>('/v2/lbaas/availabilityzoneprofiles', {
      availability_zone_profile: {
        name: `${name} profile`,
        provider_name: 'haproxy',
        availability_zone_data: JSON.stringify({ compute_zone: computeZone }),
      },
    })
  ).body.availability_zone_profile as Json;
  const zone = await api.post<Json>('/v2/lbaas/availabilityzones', {
    availability_zone: { name, availability_zone_profile_id: profile.id },
  });
  if (zone.status !== 201)
    throw new Error(`zone ${name} not created: ${zone.status} ${JSON.stringify(zone.body)}`);
  return profile.id as string;
}
