import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiClient } from './support/api';
import { launchBrowser, loginNoauth, newPage } from './support/browser';
import {
  deleteAllLoadBalancers,
  httpLoadBalancerBody,
  startTestAgent,
  waitForProvisioning,
} from './support/lb-fixtures';
import { TestNeutron } from './support/neutron';
import type { StartedProcess } from './support/processes';
import { cleanupAgentState, loseNode, sh, type TestHost, TestNetwork } from './support/test-network';
import { startTestSystem, type TestSystem } from './support/test-system';
import { waitFor } from './support/wait';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Issue 24: the server inside an OpenStack cloud (network_driver = neutron). A real Neutron (ML2, VLAN
 * tenant networks, Neutron's OVS agents on two simulated network nodes, security groups enforced) owns
 * the tenant's network; the VIP port is a Neutron port bound to the hosting agent's host.
 */
const HOSTS = ['lbn-node-a', 'lbn-node-b'];
const TENANT = 'aaaaaaaa000000000000000000000001';
const OTHER_TENANT = 'bbbbbbbb000000000000000000000002';
const LB_OWNER = 'neutron:LOADBALANCERV2';

let neutron: TestNeutron;
let system: TestSystem;
let api: ApiClient;
let network: TestNetwork;
let stateRoot: string;
const agents = new Map<string, StartedProcess>();
let subnet: { id: string; network_id: string };
let client: TestHost;

/** A "VM" of the tenant on `host`: a Neutron port bound there, plugged as Nova would, wired by Neutron's agent. */
async function plugVm(address: string, host: string, securityGroups?: string[]): Promise<TestHost> {
  const port = await neutron.createBoundPort(TENANT, subnet, address, host, securityGroups);
  const vm = network.addNeutronHost(address, {
    bridge: neutron.node(host).integrationBridge,
    portId: port.id,
    macAddress: port.mac_address,
  });
  await waitFor(`port of ${address} ACTIVE`, async () => {
    const { body } = await neutron.api().get<Json>(`/v2.0/ports/${port.id}`);
    return body.port.status === 'ACTIVE' ? true : undefined;
  });
  return vm;
}

let lastAnswer = '';

/** What the client gets from the VIP: a member's name, or curl's ERROR line. */
function answer(vip: string): string {
  lastAnswer = network.get(client, `http://${vip}/`);
  return lastAnswer;
}

async function hostOf(lbId: string): Promise<string> {
  // An admin's question: which agent hosts it.
  const { body } = await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lbId}/loadbalancer-hosting-agent`);
  return body.agent.host as string;
}

async function neutronPort(portId: string): Promise<{ status: number; port: Json }> {
  const { status, body } = await neutron.api().get<Json>(`/v2.0/ports/${portId}`);
  return { status, port: body?.port as Json };
}

async function securityGroupsOf(lbId: string): Promise<Json[]> {
  const { body } = await neutron.api().get<Json>(`/v2.0/security-groups?name=lb-${lbId}`);
  return body.security_groups as Json[];
}

async function ourPorts(): Promise<Json[]> {
  const { body } = await neutron.api().get<Json>(`/v2.0/ports?device_owner=${encodeURIComponent(LB_OWNER)}`);
  return body.ports as Json[];
}

beforeAll(async () => {
  const name = `lbaas_e2e_neutron_${process.pid}`;
  neutron = await TestNeutron.start(`${name}_n`, HOSTS);
  system = await startTestSystem('neutron', {
    LBAAS_CONTROLLER_WORKER_NETWORK_DRIVER: 'neutron',
    LBAAS_NEUTRON_ENDPOINT_OVERRIDE: neutron.url,
    LBAAS_NEUTRON_TIMEOUT: '10',
    LBAAS_AGENT_DOWN_TIME: '5',
  });
  api = system.api.as(TENANT);
  stateRoot = mkdtempSync(join(tmpdir(), 'lbaas-neutron-'));
  for (const host of HOSTS)
    agents.set(
      host,
      await startTestAgent(system, host, join(stateRoot, host), {
        LBAAS_OVS_INTEGRATION_BRIDGE: neutron.node(host).integrationBridge,
      }),
    );
  // The tenant's own network and subnet, made in Neutron by the tenant; members get a group open on port 80.
  const tenant = neutron.api(TENANT, 'member');
  const net = await tenant.post<Json>('/v2.0/networks', { network: { name: 'web' } });
  const made = await tenant.post<Json>('/v2.0/subnets', {
    subnet: {
      network_id: net.body.network.id,
      ip_version: 4,
      cidr: '198.51.100.0/24',
      gateway_ip: null,
      enable_dhcp: false,
      allocation_pools: [{ start: '198.51.100.128', end: '198.51.100.249' }],
    },
  });
  subnet = made.body.subnet as { id: string; network_id: string };
  const web = await tenant.post<Json>('/v2.0/security-groups', { security_group: { name: 'web' } });
  await tenant.post('/v2.0/security-group-rules', {
    security_group_rule: {
      security_group_id: web.body.security_group.id,
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      port_range_min: 80,
      port_range_max: 80,
      remote_ip_prefix: '198.51.100.0/24',
    },
  });
  network = new TestNetwork({ kind: 'neutron' });
  // Seed 001's scene: two web servers on one node, a client on the other.
  const members = [
    await plugVm('198.51.100.11', HOSTS[0], [web.body.security_group.id]),
    await plugVm('198.51.100.12', HOSTS[0], [web.body.security_group.id]),
  ];
  network.serve(members[0], 'WEB1');
  network.serve(members[1], 'WEB2');
  client = await plugVm('198.51.100.20', HOSTS[1]);
}, 300_000);

afterAll(async () => {
  await deleteAllLoadBalancers(api).catch(() => undefined);
  network?.teardown();
  for (const host of HOSTS) cleanupAgentState(join(stateRoot, host), host);
  await neutron?.teardown();
  await system?.teardown();
  rmSync(stateRoot, { recursive: true, force: true });
}, 180_000);

describe('network_driver = neutron', () => {
  let lb: Json;

  it('serves through a VIP that is a Neutron port bound to the hosting agent, open to its listener', async () => {
    expect((await system.api.get('/v2.0/networks')).status).toBe(404); // Neutron's API, not ours, now
    const created = await api.post<Json>(
      '/v2.0/lbaas/loadbalancers',
      httpLoadBalancerBody(subnet.id, ['198.51.100.11', '198.51.100.12']),
    );
    expect(created.status).toBe(201);
    lb = created.body.loadbalancer as Json;
    expect(lb.vip_network_id).toBe(subnet.network_id);
    await waitForProvisioning(api, lb.id as string, 'ACTIVE', 60_000);
    const host = await hostOf(lb.id as string);

    const { port } = await neutronPort(lb.vip_port_id as string);
    expect(port).toMatchObject({
      device_owner: LB_OWNER,
      device_id: lb.id,
      project_id: TENANT,
      'binding:host_id': host,
      fixed_ips: [{ subnet_id: subnet.id, ip_address: lb.vip_address }],
    });
    // Neutron's OVS agent on that node wired the port the agent plugged (its tag, not ours).
    await waitFor('the VIP port ACTIVE in Neutron', async () =>
      (await neutronPort(lb.vip_port_id as string)).port.status === 'ACTIVE' ? true : undefined,
    );
    const [group] = await securityGroupsOf(lb.id as string);
    expect(port.security_groups).toEqual([group.id]);
    const ingress = (group.security_group_rules as Json[]).filter((rule) => rule.direction === 'ingress');
    expect(ingress).toMatchObject([
      { protocol: 'tcp', port_range_min: 80, port_range_max: 80, ethertype: 'IPv4', remote_ip_prefix: null },
    ]);

    const seen = new Set<string>();
    await waitFor('both members to answer through the VIP', () => {
      seen.add(answer(lb.vip_address as string));
      return Promise.resolve(seen.has('WEB1') && seen.has('WEB2') ? true : undefined);
    });
  });

  it("keeps the port's security group in step with the listeners' allowed_cidrs", async () => {
    const listenerId = (lb.listeners as Json[])[0].id as string;
    const updated = await api.put<Json>(`/v2.0/lbaas/listeners/${listenerId}`, {
      listener: { allowed_cidrs: ['203.0.113.0/24'] },
    });
    expect(updated.status).toBe(200);
    await waitForProvisioning(api, lb.id as string, 'ACTIVE');
    const [group] = await securityGroupsOf(lb.id as string);
    expect(
      (group.security_group_rules as Json[]).filter((rule) => rule.direction === 'ingress'),
    ).toMatchObject([{ protocol: 'tcp', port_range_min: 80, remote_ip_prefix: '203.0.113.0/24' }]);
    // The client (198.51.100.20) is outside them now.
    await waitFor('the client to be kept out', () =>
      Promise.resolve(answer(lb.vip_address as string).startsWith('ERROR') ? true : undefined),
    ).catch((error: Error) => {
      throw new Error(`${error.message}: it got ${lastAnswer}`);
    });
    await api.put(`/v2.0/lbaas/listeners/${listenerId}`, { listener: { allowed_cidrs: [] } });
    await waitForProvisioning(api, lb.id as string, 'ACTIVE');
    await waitFor('the client to be served again', () =>
      Promise.resolve(answer(lb.vip_address as string).startsWith('WEB') ? true : undefined),
    );
  });

  it('re-binds the VIP port to the new host on failover, and traffic resumes', async () => {
    const failed = await hostOf(lb.id as string);
    const survivor = HOSTS.find((host) => host !== failed)!;
    loseNode(agents.get(failed)!.child, join(stateRoot, failed), failed);
    expect((await system.api.put(`/v2/lbaas/loadbalancers/${lb.id as string}/failover`, {})).status).toBe(
      202,
    );
    await waitForProvisioning(api, lb.id as string, 'ACTIVE', 60_000);
    expect(await hostOf(lb.id as string)).toBe(survivor);
    expect((await neutronPort(lb.vip_port_id as string)).port['binding:host_id']).toBe(survivor);
    await waitFor('the VIP to answer from the new host', () =>
      Promise.resolve(answer(lb.vip_address as string).startsWith('WEB') ? true : undefined),
    ).catch((error: Error) => {
      const ports = sh(['ovs-vsctl', '--columns=name,tag,external_ids', 'list', 'Port']);
      const vip = sh([
        'ovs-vsctl',
        '--columns=name,external_ids',
        'find',
        'Interface',
        `external_ids:iface-id=${lb.vip_port_id as string}`,
      ]);
      throw new Error(`${error.message}: it got ${lastAnswer}\n${vip}\n${ports}`);
    });
    agents.set(
      failed,
      await startTestAgent(system, failed, join(stateRoot, failed), {
        LBAAS_OVS_INTEGRATION_BRIDGE: neutron.node(failed).integrationBridge,
      }),
    );
  });

  it("answers 404 for another project's subnet, and makes nothing in Neutron", async () => {
    const other = system.api.as(OTHER_TENANT);
    const before = (await ourPorts()).length;
    const vip = await other.post<Json>('/v2.0/lbaas/loadbalancers', {
      loadbalancer: { vip_subnet_id: subnet.id },
    });
    expect(vip.status).toBe(404);
    expect(JSON.stringify(vip.body)).toContain(`Subnet ${subnet.id} could not be found`);
    const own = await other.post<Json>('/v2.0/lbaas/loadbalancers', {
      loadbalancer: {
        vip_subnet_id: subnet.id,
        pools: [
          {
            protocol: 'HTTP',
            lb_algorithm: 'ROUND_ROBIN',
            members: [{ address: '198.51.100.11', protocol_port: 80, subnet_id: subnet.id }],
          },
        ],
      },
    });
    expect(own.status).toBe(404);
    expect((await ourPorts()).length).toBe(before);
    expect((await other.get<Json>('/v2.0/lbaas/loadbalancers')).body.loadbalancers).toEqual([]);
  });

  it('answers 503 while Neutron is down, fails a change with the reason, and recovers', async () => {
    await neutron.killServer();
    try {
      const refused = await api.post<Json>('/v2.0/lbaas/loadbalancers', {
        loadbalancer: { vip_subnet_id: subnet.id },
      });
      expect(refused.status).toBe(503);
      expect(JSON.stringify(refused.body)).toContain('Neutron');
      expect((await api.get<Json>('/v2.0/lbaas/loadbalancers')).body.loadbalancers).toHaveLength(1);
      // A change of the existing load balancer cannot prepare its port: ERROR, saying why, not PENDING.
      const listener = await api.post<Json>('/v2.0/lbaas/listeners', {
        listener: { loadbalancer_id: lb.id, protocol: 'TCP', protocol_port: 8080 },
      });
      expect(listener.status).toBe(201);
      await waitFor('the listener in ERROR', async () => {
        const { body } = await api.get<Json>(`/v2.0/lbaas/listeners/${listener.body.listener.id as string}`);
        return body.listener.provisioning_status === 'ERROR' ? true : undefined;
      });
      expect(system.server.output()).toContain(
        'the VIP port could not be prepared in the networking service',
      );
    } finally {
      await neutron.startServer();
    }
    const retried = await api.post<Json>('/v2.0/lbaas/loadbalancers', {
      loadbalancer: { name: 'after', vip_subnet_id: subnet.id },
    });
    expect(retried.status).toBe(201);
    await waitForProvisioning(api, retried.body.loadbalancer.id as string, 'ACTIVE', 60_000);
  });

  it("answers Neutron's 409 when it refuses the port (subnet full, quota reached), leaving nothing behind", async () => {
    const groupsBefore = (await neutron.api().get<Json>('/v2.0/security-groups')).body.security_groups.length;
    const tiny = await neutron.api(TENANT, 'member').post<Json>('/v2.0/subnets', {
      subnet: {
        network_id: subnet.network_id,
        ip_version: 4,
        cidr: '203.0.113.0/29',
        gateway_ip: null,
        enable_dhcp: false,
        allocation_pools: [{ start: '203.0.113.2', end: '203.0.113.2' }],
      },
    });
    expect(tiny.status).toBe(201);
    const first = await api.post<Json>('/v2.0/lbaas/loadbalancers', {
      loadbalancer: { name: 'tiny', vip_subnet_id: tiny.body.subnet.id },
    });
    expect(first.status).toBe(201);
    const full = await api.post<Json>('/v2.0/lbaas/loadbalancers', {
      loadbalancer: { name: 'full', vip_subnet_id: tiny.body.subnet.id },
    });
    expect(full.status).toBe(409);
    expect(JSON.stringify(full.body)).toContain('IpAddressGenerationFailure');

    const ports = (await neutron.api().get<Json>(`/v2.0/ports?project_id=${TENANT}`)).body.ports as Json[];
    expect(
      (await neutron.api().put(`/v2.0/quotas/${TENANT}`, { quota: { port: ports.length } })).status,
    ).toBe(200);
    try {
      const overQuota = await api.post<Json>('/v2.0/lbaas/loadbalancers', {
        loadbalancer: { name: 'over', vip_subnet_id: subnet.id },
      });
      expect(overQuota.status).toBe(409);
      expect(JSON.stringify(overQuota.body)).toContain('OverQuota');
    } finally {
      await neutron.api().put(`/v2.0/quotas/${TENANT}`, { quota: { port: -1 } });
    }
    // Only the one load balancer made it, with its port and group: the refused ones left no group behind.
    const names = ((await api.get<Json>('/v2.0/lbaas/loadbalancers')).body.loadbalancers as Json[]).map(
      (lb) => lb.name as string,
    );
    expect(names).toContain('tiny');
    expect(names).not.toContain('full');
    expect(names).not.toContain('over');
    expect((await neutron.api().get<Json>('/v2.0/security-groups')).body.security_groups).toHaveLength(
      groupsBefore + 1,
    );
    await waitForProvisioning(api, first.body.loadbalancer.id as string, 'ACTIVE', 60_000);
  });

  it('ACTIVE_STANDBY: instance ports carry the VIP as an allowed address pair; the backup takes over', async () => {
    const profile = await system.api.post<Json>('/v2/lbaas/flavorprofiles', {
      flavorprofile: {
        name: 'ha',
        provider_name: 'haproxy',
        flavor_data: JSON.stringify({ loadbalancer_topology: 'ACTIVE_STANDBY' }),
      },
    });
    const flavor = await system.api.post<Json>('/v2/lbaas/flavors', {
      flavor: { name: 'ha', flavor_profile_id: profile.body.flavorprofile.id, enabled: true },
    });
    expect(flavor.status).toBe(201);
    const body = httpLoadBalancerBody(subnet.id, ['198.51.100.11', '198.51.100.12'], 'ha');
    const created = await api.post<Json>('/v2/lbaas/loadbalancers', {
      loadbalancer: { ...body.loadbalancer, flavor_id: flavor.body.flavor.id },
    });
    expect(created.status).toBe(201);
    const ha = created.body.loadbalancer as Json;
    await waitForProvisioning(api, ha.id as string, 'ACTIVE', 90_000);
    const instances = (await system.api.get<Json>(`/v2/octavia/amphorae?loadbalancer_id=${ha.id as string}`))
      .body.amphorae as Json[];
    expect(new Set(instances.map((instance) => instance.compute_id))).toEqual(new Set(HOSTS));
    const [group] = await securityGroupsOf(ha.id as string);
    for (const instance of instances) {
      const { port } = await neutronPort(instance.vrrp_port_id as string);
      expect(port).toMatchObject({
        device_owner: LB_OWNER,
        device_id: ha.id,
        'binding:host_id': instance.compute_id,
        allowed_address_pairs: [{ ip_address: ha.vip_address }],
        security_groups: [group.id],
        fixed_ips: [{ subnet_id: subnet.id, ip_address: instance.vrrp_ip }],
      });
    }
    // The instances take each other's VRRP adverts, from the group only.
    expect(group.security_group_rules).toContainEqual(
      expect.objectContaining({ direction: 'ingress', protocol: 'vrrp', remote_group_id: group.id }),
    );
    // One instance holds the VIP: the other steps back once the MASTER's adverts reach it.
    const holders = () =>
      sh(['ip', 'netns', 'list'])
        .split('\n')
        .map((line) => line.split(' ')[0])
        .filter((namespace) => namespace.startsWith(`qlbaas-${ha.id as string}`))
        .filter((namespace) =>
          sh(['ip', '-n', namespace, '-br', 'addr', 'show']).includes(`${ha.vip_address as string}/`),
        );
    await waitFor('one instance to hold the VIP', () =>
      Promise.resolve(holders().length === 1 ? true : undefined),
    );
    await waitFor('the VIP to answer from the MASTER', () =>
      Promise.resolve(answer(ha.vip_address as string).startsWith('WEB') ? true : undefined),
    );

    const master = instances.find((instance) => instance.role === 'MASTER')!;
    const failed = master.compute_id as string;
    loseNode(agents.get(failed)!.child, join(stateRoot, failed), failed);
    await waitFor('the VIP to answer from the BACKUP', () =>
      Promise.resolve(answer(ha.vip_address as string).startsWith('WEB') ? true : undefined),
    ).catch((error: Error) => {
      throw new Error(`${error.message}: it got ${lastAnswer}`);
    });
    agents.set(
      failed,
      await startTestAgent(system, failed, join(stateRoot, failed), {
        LBAAS_OVS_INTEGRATION_BRIDGE: neutron.node(failed).integrationBridge,
      }),
    );
  });

  it("lets the dashboard's wizard take the Neutron subnet's ID (this server lists no subnets)", async () => {
    const browser = await launchBrowser();
    try {
      const { page, errors } = await newPage(browser);
      await loginNoauth(page, `http://127.0.0.1:${system.port}`, TENANT, 'member');
      await page.getByRole('button', { name: 'Create load balancer' }).click();
      const field = (name: string) => page.locator(`[name="${name}"]`);
      await field('loadbalancer.name').fill('from the dashboard');
      await field('loadbalancer.vip_subnet_id').fill(subnet.id);
      // Load balancer, listener, pool: then the members.
      for (let step = 0; step < 3; step++) await page.getByRole('button', { name: 'Next' }).click();
      await field('loadbalancer.listeners.0.default_pool.members.0.address').fill('198.51.100.11');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Create load balancer' }).click();
      await page
        .locator('li[data-node="loadbalancer:from the dashboard"] > .status-pair [data-status="ACTIVE"]')
        .waitFor();
      const lbId = (await page.locator('[data-lb-id]').getAttribute('data-lb-id'))!;
      const made = (await api.get<Json>(`/v2.0/lbaas/loadbalancers/${lbId}`)).body.loadbalancer as Json;
      expect((await neutronPort(made.vip_port_id as string)).port['binding:host_id']).toBe(
        await hostOf(lbId),
      );
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('deletes the VIP port and its security group with the load balancer', async () => {
    const { body } = await api.get<Json>('/v2.0/lbaas/loadbalancers');
    const lbs = body.loadbalancers as Json[];
    expect(lbs.length).toBeGreaterThan(0);
    await deleteAllLoadBalancers(api);
    for (const deleted of lbs) {
      await waitFor(`the VIP port and group of ${deleted.id as string} gone from Neutron`, async () =>
        (await neutronPort(deleted.vip_port_id as string)).status === 404 &&
        (await securityGroupsOf(deleted.id as string)).length === 0
          ? true
          : undefined,
      );
      expect(sh(['ip', 'netns', 'list'])).not.toContain(`qlbaas-${deleted.id as string}`);
    }
    expect(await ourPorts()).toEqual([]);
  });
});
