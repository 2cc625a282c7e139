/**
 * UDP listeners (issue 20): the kernel of the load balancer's namespace carries the datagrams (nftables
 * NAT), haproxy checks the members. Real datagrams from a client namespace through the VIP to member
 * namespaces whose UDP servers answer with their name. Addresses only in 198.51.100.0/24, inside the
 * test's namespaces; the root namespace's ruleset is only ever read, to show nothing changed it.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestNetwork,
  deleteAllLoadBalancers,
  deleteLoadBalancers,
  startTestAgent,
  waitForProvisioning,
} from './support/lb-fixtures';
import { cleanupAgentState, sh, type TestNetwork, type TestHost } from './support/test-network';
import { startTestSystem, type TestSystem } from './support/test-system';
import { waitFor } from './support/wait';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const statePath = join(mkdtempSync(join(tmpdir(), 'lbaas-udp-')), 'agent');
const AGENT_HOST = `e2e-udp-${process.pid}`;
const DNS_PORT = 5353;
let system: TestSystem;
let network: TestNetwork;
let subnetId: string;
let client: TestHost;
let dns1: TestHost;
let dns2: TestHost;

beforeAll(async () => {
  // haproxy (user nobody) runs the UDP-CONNECT helper under the agent's state_path.
  chmodSync(join(statePath, '..'), 0o711);
  system = await startTestSystem('udp');
  await startTestAgent(system, AGENT_HOST, statePath);
  ({ network, subnetId } = await createTestNetwork(system.api, 'udp'));
  dns1 = network.addHost('198.51.100.11');
  dns2 = network.addHost('198.51.100.12');
  client = network.addHost('198.51.100.50');
  network.serveUdp(dns1, 'DNS1', DNS_PORT);
  network.serveUdp(dns2, 'DNS2', DNS_PORT);
  network.serve(dns1, 'WEB1', 80);
});

afterAll(async () => {
  try {
    await deleteAllLoadBalancers(system?.api);
  } finally {
    await system?.teardown();
    cleanupAgentState(statePath);
    network?.teardown();
    rmSync(join(statePath, '..'), { recursive: true, force: true });
  }
});

const waitForLb = (id: string) => waitForProvisioning(system.api, id, 'ACTIVE', 60_000);

/** A load balancer with one UDP listener on port 53 whose pool is `pool` (members on DNS_PORT). */
async function createUdpLb(pool: Json, listeners: Json[] = []): Promise<Json> {
  const response = await system.api.post<Json>('/v2.0/lbaas/loadbalancers', {
    loadbalancer: {
      vip_subnet_id: subnetId,
      listeners: [
        { protocol: 'UDP', protocol_port: 53, default_pool: { protocol: 'UDP', ...pool } },
        ...listeners,
      ],
    },
  });
  expect(response.status).toBe(201);
  return waitForLb(response.body.loadbalancer.id as string);
}

function udpMembers(...hosts: [TestHost, Json?][]): Json[] {
  return hosts.map(([host, extra]) => ({ address: host.address, protocol_port: DNS_PORT, ...extra }));
}

async function poolOf(lb: Json): Promise<Json> {
  const listener = (await system.api.get<Json>(`/v2/lbaas/listeners/${lb.listeners[0].id}`)).body.listener;
  return (await system.api.get<Json>(`/v2/lbaas/pools/${listener.default_pool_id}`)).body.pool;
}

async function memberStatus(poolId: string, address: string): Promise<string | undefined> {
  const members = (await system.api.get<Json>(`/v2/lbaas/pools/${poolId}/members`)).body.members as Json[];
  return members.find((m) => m.address === address)?.operating_status as string | undefined;
}

/** The load balancer's table as the kernel of its namespace holds it (nft's JSON). */
function kernelTable(lb: Json): Json[] {
  return (
    JSON.parse(
      sh(['ip', 'netns', 'exec', `qlbaas-${lb.id}`, 'nft', '-j', 'list', 'table', 'inet', 'lbaas']),
    ) as {
      nftables: Json[];
    }
  ).nftables;
}

/** Processes (haproxy) still running on the load balancer's files. */
function processesOf(lb: Json): string[] {
  try {
    return sh(['pgrep', '-f', `lbaas/v2/${lb.id}/`])
      .trim()
      .split('\n');
  } catch {
    return []; // pgrep: nothing matched
  }
}

describe('UDP through the VIP', () => {
  it('ROUND_ROBIN spreads new flows over the members by weight: 3:1 over 40 flows', async () => {
    const lb = await createUdpLb({
      lb_algorithm: 'ROUND_ROBIN',
      members: udpMembers([dns1, { weight: 3 }], [dns2, { weight: 1 }]),
    });
    // The kernel's rules follow the members haproxy sees serving, which its first checks may still be
    // settling: wait until both members are in them.
    await waitFor('both members in the kernel rules', () => {
      const rules = sh(['ip', 'netns', 'exec', `qlbaas-${lb.id}`, 'nft', 'list', 'table', 'inet', 'lbaas']);
      return Promise.resolve(
        (rules.includes(`${dns1.address} . `) && rules.includes(`${dns2.address} . `)) || undefined,
      );
    });
    const result = await network.udpAsk(client, lb.vip_address as string, 53, 40);
    // Slots 0-2 are DNS1's and 3 is DNS2's: 30 and 10. A rewrite of the table restarts the count at slot 0
    // (harmless for clients), which can give DNS1 up to one more flow per rewrite, never fewer.
    expect(result.lost).toBe(0);
    expect(result.answers.DNS1 + result.answers.DNS2).toBe(40);
    expect(result.answers.DNS1).toBeGreaterThanOrEqual(30);
    expect(result.answers.DNS1).toBeLessThanOrEqual(32);
  });

  it('SOURCE_IP keeps one client on one member; SOURCE_IP persistence keeps it there until its timeout', async () => {
    const hashed = await createUdpLb({ lb_algorithm: 'SOURCE_IP', members: udpMembers([dns1], [dns2]) });
    const byHash = await network.udpAsk(client, hashed.vip_address as string, 53, 20);
    expect(byHash.lost).toBe(0);
    expect(Object.values(byHash.answers)).toEqual([20]);

    const sticky = await createUdpLb({
      lb_algorithm: 'ROUND_ROBIN',
      session_persistence: { type: 'SOURCE_IP', persistence_timeout: 2 },
      members: udpMembers([dns1], [dns2]),
    });
    expect((await poolOf(sticky)).session_persistence).toEqual({
      type: 'SOURCE_IP',
      cookie_name: null,
      persistence_timeout: 2,
      persistence_granularity: '255.255.255.255',
    });
    const stuck = await network.udpAsk(client, sticky.vip_address as string, 53, 20);
    expect(stuck.lost).toBe(0);
    expect(Object.values(stuck.answers)).toEqual([20]);
    const first = Object.keys(stuck.answers)[0];
    // The client's entry expires two seconds after its last datagram; round robin then takes the next member.
    await waitFor(
      'the persistence entry to expire',
      () => {
        const maps = kernelTable(sticky).filter((item) => item.map?.name?.startsWith('persist_'));
        return Promise.resolve(maps.length === 1 && !maps[0].map.elem ? true : undefined);
      },
      30_000,
    );
    const after = await network.udpAsk(client, sticky.vip_address as string, 53, 5);
    expect(after.lost).toBe(0);
    expect(Object.keys(after.answers)).toEqual([first === 'DNS1' ? 'DNS2' : 'DNS1']);
  });

  it('marks a member whose UDP server stops OFFLINE by UDP-CONNECT and sends it no new flow; back, it is ONLINE and serves', async () => {
    const lb = await createUdpLb({
      lb_algorithm: 'ROUND_ROBIN',
      members: udpMembers([dns1], [dns2]),
      healthmonitor: { type: 'UDP-CONNECT', delay: 1, timeout: 1, max_retries: 1, max_retries_down: 1 },
    });
    const pool = await poolOf(lb);
    await waitFor('both members ONLINE', async () =>
      (await memberStatus(pool.id, dns1.address)) === 'ONLINE' &&
      (await memberStatus(pool.id, dns2.address)) === 'ONLINE'
        ? true
        : undefined,
    );
    // A client that keeps its port (syslog, games) is one flow: find a port whose flow DNS2 answers.
    let pinnedPort = 40_000;
    for (; pinnedPort < 40_020; pinnedPort++) {
      const answered = await network.udpAsk(client, lb.vip_address as string, 53, 1, pinnedPort);
      if (answered.answers.DNS2 === 1) break;
    }
    expect(pinnedPort).toBeLessThan(40_020);
    try {
      network.stopUdpServer(dns2, DNS_PORT);
      await waitFor('DNS2 OFFLINE and the pool DEGRADED', async () =>
        (await memberStatus(pool.id, dns2.address)) === 'OFFLINE' &&
        (await system.api.get<Json>(`/v2/lbaas/pools/${pool.id}`)).body.pool.operating_status === 'DEGRADED'
          ? true
          : undefined,
      );
      // The kernel follows haproxy's checks within a second; the API may show OFFLINE first.
      await waitFor('new flows to go to DNS1 only', async () => {
        const probe = await network.udpAsk(client, lb.vip_address as string, 53, 4);
        return probe.lost === 0 && probe.answers.DNS1 === 4 ? true : undefined;
      });
      expect(await network.udpAsk(client, lb.vip_address as string, 53, 10)).toEqual({
        answers: { DNS1: 10 },
        lost: 0,
      });
      // Its flow was pinned to DNS2: the agent dropped that conntrack entry, so DNS1 takes it now.
      expect(await network.udpAsk(client, lb.vip_address as string, 53, 3, pinnedPort)).toEqual({
        answers: { DNS1: 3 },
        lost: 0,
      });
    } finally {
      network.serveUdp(dns2, 'DNS2', DNS_PORT);
    }
    await waitFor('DNS2 ONLINE again', async () =>
      (await memberStatus(pool.id, dns2.address)) === 'ONLINE' ? true : undefined,
    );
    await waitFor('DNS2 to answer again', async () => {
      const probe = await network.udpAsk(client, lb.vip_address as string, 53, 4);
      return probe.lost === 0 && probe.answers.DNS2 === 2 ? true : undefined;
    });
  });

  it('checks UDP members with an HTTP monitor on their monitor_port (Octavia 2.16): one without a web check gets no flow', async () => {
    // DNS1 answers HTTP on port 80, DNS2 does not: the HTTP check of DNS2 fails.
    const lb = await createUdpLb({
      lb_algorithm: 'ROUND_ROBIN',
      members: udpMembers([dns1, { monitor_port: 80 }], [dns2, { monitor_port: 80 }]),
      healthmonitor: {
        type: 'HTTP',
        delay: 1,
        timeout: 1,
        max_retries: 1,
        max_retries_down: 1,
        url_path: '/',
      },
    });
    const pool = await poolOf(lb);
    await waitFor('DNS1 ONLINE and DNS2 OFFLINE', async () =>
      (await memberStatus(pool.id, dns1.address)) === 'ONLINE' &&
      (await memberStatus(pool.id, dns2.address)) === 'OFFLINE'
        ? true
        : undefined,
    );
    await waitFor('new flows to go to DNS1 only', async () => {
      const probe = await network.udpAsk(client, lb.vip_address as string, 53, 4);
      return probe.lost === 0 && probe.answers.DNS1 === 4 ? true : undefined;
    });
    expect(network.requestsReceived(dns1).length).toBeGreaterThan(0);
  });

  it('adds and removes a member under a steady UDP loop without losing an answer', async () => {
    const lb = await createUdpLb({ lb_algorithm: 'ROUND_ROBIN', members: udpMembers([dns1]) });
    const pool = await poolOf(lb);
    const loop = network.udpLoop(client, lb.vip_address as string, 53);
    const added = await system.api.post<Json>(`/v2/lbaas/pools/${pool.id}/members`, {
      member: { address: dns2.address, protocol_port: DNS_PORT },
    });
    expect(added.status).toBe(201);
    await waitForLb(lb.id as string);
    // Both serve before the removal, so the loop covers both changes.
    await waitFor('DNS2 to take flows', async () => {
      const probe = await network.udpAsk(client, lb.vip_address as string, 53, 2);
      return probe.answers.DNS2 ? true : undefined;
    });
    expect(
      (await system.api.delete(`/v2/lbaas/pools/${pool.id}/members/${added.body.member.id}`)).status,
    ).toBe(204);
    await waitForLb(lb.id as string);
    const result = await loop.stop();
    expect(result.lost).toBe(0);
    expect(result.answers.DNS1).toBeGreaterThan(0);
    expect(Object.keys(result.answers).sort()).toEqual(['DNS1', 'DNS2']);
  });

  it('serves HTTP :80 and UDP :53 on one VIP, counts the UDP traffic, repairs a flushed table and leaves nothing behind', async () => {
    const rootRulesetBefore = sh(['nft', 'list', 'ruleset']);
    const lb = await createUdpLb({ lb_algorithm: 'ROUND_ROBIN', members: udpMembers([dns1], [dns2]) }, [
      {
        protocol: 'HTTP',
        protocol_port: 80,
        default_pool: {
          protocol: 'HTTP',
          lb_algorithm: 'ROUND_ROBIN',
          members: [{ address: dns1.address, protocol_port: 80 }],
        },
      },
    ]);
    const vip = lb.vip_address as string;
    expect(network.get(client, `http://${vip}/`)).toBe('WEB1');
    expect(await network.udpAsk(client, vip, 53, 6)).toEqual({ answers: { DNS1: 3, DNS2: 3 }, lost: 0 });
    const listeners = await Promise.all(
      (lb.listeners as Json[]).map(
        async (l) => (await system.api.get<Json>(`/v2/lbaas/listeners/${l.id}`)).body.listener as Json,
      ),
    );
    const udp = listeners.find((l) => l.protocol === 'UDP')!;
    const stats = await waitFor('the UDP listener counters', async () => {
      const body = (await system.api.get<Json>(`/v2/lbaas/listeners/${udp.id}/stats`)).body.stats as Json;
      return body.total_connections >= 6 ? body : undefined;
    });
    // Each question is "question" (8 bytes) and each answer a name (4 bytes), plus IP and UDP headers.
    expect(stats.bytes_in).toBeGreaterThanOrEqual(6 * 8);
    expect(stats.bytes_out).toBeGreaterThanOrEqual(6 * 4);
    expect(stats.active_connections).toBeGreaterThanOrEqual(1);
    expect(udp.operating_status).toBe('ONLINE');

    // Someone flushes the table: the agent's periodic pass puts it back.
    sh(['ip', 'netns', 'exec', `qlbaas-${lb.id}`, 'nft', 'flush', 'table', 'inet', 'lbaas']);
    await waitFor('the table repaired', async () => {
      const probe = await network.udpAsk(client, vip, 53, 2);
      return probe.lost === 0 ? true : undefined;
    });

    await deleteLoadBalancers(system.api, [lb.id as string]);
    expect(sh(['ip', 'netns', 'list'])).not.toContain(`qlbaas-${lb.id}`);
    expect(processesOf(lb)).toEqual([]);
    expect(sh(['nft', 'list', 'ruleset'])).toBe(rootRulesetBefore);
  });
});
