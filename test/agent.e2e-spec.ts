/**
 * The agents for real: two lbaas-agents with their own hosts and state paths on this machine, real Open
 * vSwitch (userspace datapath), namespaces and haproxy; member and client hosts are namespaces of the
 * test on the tenant network (198.51.100.0/24, 203.0.113.0/24). Everything is checked the way an operator
 * would: HTTP answers through the VIP, statuses over the API, namespaces, ports and processes.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, startApp, type StartedProcess, stopGracefully, stopProcess } from './support/processes';
import { cleanupAgentState, sh, TestNetwork, type TestHost } from './support/test-network';
import { startTestSystem, type TestSystem } from './support/test-system';
import { waitFor } from './support/wait';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const stateRoot = mkdtempSync(join(tmpdir(), 'lbaas-agents-'));
// haproxy runs as nobody: the PING helper under each state_path must be reachable through this folder.
chmodSync(stateRoot, 0o711);
const HOSTS = { a: `e2e-a-${process.pid}`, b: `e2e-b-${process.pid}`, c: `e2e-c-${process.pid}` };
const agents = new Map<string, StartedProcess>();
let system: TestSystem;
let network: TestNetwork;
let bridgeNetwork: TestNetwork | undefined;
let client: TestHost;
const hosts: Record<string, TestHost> = {};

function startAgent(host: string, driver: 'ovs' | 'linuxbridge' = 'ovs'): StartedProcess {
  const agent = startApp('lbaas-agent', {
    ...system.env,
    LBAAS_HOST: host,
    LBAAS_STATE_PATH: join(stateRoot, host),
    LBAAS_REPORT_INTERVAL: '1',
    LBAAS_PERIODIC_INTERVAL: '2',
    LBAAS_INTERFACE_DRIVER: driver,
  });
  agents.set(host, agent);
  return agent;
}

async function agentRecord(host: string): Promise<Json | undefined> {
  return (await system.api.get<Json>(`/v2.0/agents?host=${host}`)).body.agents[0];
}

async function waitAlive(host: string): Promise<Json> {
  return waitFor(`agent ${host} alive`, async () => {
    const agent = await agentRecord(host);
    return agent?.alive ? agent : undefined;
  });
}

async function waitForLb(id: string, status = 'ACTIVE'): Promise<Json> {
  return waitFor(
    `load balancer ${id} ${status}`,
    async () => {
      const { body } = await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${id}`);
      if (body.loadbalancer?.provisioning_status === 'ERROR')
        throw new Error(`load balancer ${id} went to ERROR`);
      return body.loadbalancer?.provisioning_status === status ? (body.loadbalancer as Json) : undefined;
    },
    60_000,
  );
}

async function waitGone(path: string): Promise<void> {
  await waitFor(
    `${path} to answer 404`,
    async () => ((await system.api.get(path)).status === 404 ? true : undefined),
    60_000,
  );
}

async function createWebLoadBalancer(name: string, subnetId: string, members: TestHost[]): Promise<Json> {
  const response = await system.api.post<Json>('/v2.0/lbaas/loadbalancers', {
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
            members: members.map((member) => ({ address: member.address, protocol_port: 80 })),
          },
        },
      ],
    },
  });
  expect(response.status).toBe(201);
  return waitForLb(response.body.loadbalancer.id);
}

function answersFrom(vip: string, count = 6): Set<string> {
  return new Set(Array.from({ length: count }, () => network.get(client, `http://${vip}/`)));
}

/** One command on a haproxy admin socket, as an operator would send it with socat. */
function adminSocket(path: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let answer = '';
    socket.on('connect', () => socket.end(`${command}\n`));
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

function namespaces(): string[] {
  return sh(['ip', 'netns', 'list'])
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter(Boolean);
}

function ovsPorts(): string[] {
  return sh(['ovs-vsctl', '--timeout=10', 'list-ports', 'br-int']).split('\n').filter(Boolean);
}

function haproxyPidsOf(host: string, lbId: string): number[] {
  const dir = join(stateRoot, host, 'lbaas', 'v2', lbId);
  let pids: string[] = [];
  try {
    pids = sh(['pgrep', '-f', `${dir}/haproxy.conf`])
      .split('\n')
      .filter(Boolean);
  } catch {
    // none
  }
  return pids.map(Number);
}

async function hostingAgentHost(lbId: string): Promise<string> {
  return (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lbId}/loadbalancer-hosting-agent`)).body
    .agent.host as string;
}

beforeAll(async () => {
  system = await startTestSystem('agent');
  startAgent(HOSTS.a);
  startAgent(HOSTS.b);
  await waitAlive(HOSTS.a);
  await waitAlive(HOSTS.b);
  const net = await system.api.post<Json>('/v2.0/networks', { network: { name: 'agent-e2e' } });
  network = new TestNetwork({ kind: 'ovs', vlanTag: net.body.network['provider:segmentation_id'] });
  const subnet = await system.api.post<Json>('/v2.0/subnets', {
    subnet: {
      network_id: net.body.network.id,
      cidr: '198.51.100.0/24',
      // VIPs come from the upper half; test hosts take addresses below .128.
      allocation_pools: [{ start: '198.51.100.128', end: '198.51.100.249' }],
    },
  });
  hosts.subnetId = { namespace: '', device: '', address: subnet.body.subnet.id };
  hosts.web1 = network.addHost('198.51.100.11');
  hosts.web2 = network.addHost('198.51.100.12');
  client = network.addHost('198.51.100.50');
  network.serve(hosts.web1, 'WEB1');
  network.serve(hosts.web2, 'WEB2');
});

afterAll(async () => {
  for (const agent of agents.values()) await stopProcess(agent);
  for (const host of Object.values(HOSTS)) cleanupAgentState(join(stateRoot, host), host);
  network?.teardown();
  bridgeNetwork?.teardown();
  await system?.teardown();
  rmSync(stateRoot, { recursive: true, force: true });
});

describe('lbaas-agent with Open vSwitch', () => {
  const lbs: Json[] = [];

  it('spreads load balancers over both agents, each serving through its VIP from its own namespace', async () => {
    lbs.push(await createWebLoadBalancer('first', hosts.subnetId.address, [hosts.web1, hosts.web2]));
    lbs.push(await createWebLoadBalancer('second', hosts.subnetId.address, [hosts.web1, hosts.web2]));
    const owners = await Promise.all(lbs.map((lb) => hostingAgentHost(lb.id as string)));
    expect(new Set(owners)).toEqual(new Set([HOSTS.a, HOSTS.b]));
    for (const [index, lb] of lbs.entries()) {
      expect(namespaces()).toContain(`qlbaas-${lb.id}`);
      expect(ovsPorts()).toContain(`tap${(lb.vip_port_id as string).slice(0, 11)}`);
      expect(haproxyPidsOf(owners[index], lb.id as string).length).toBeGreaterThan(0);
      expect(answersFrom(lb.vip_address as string)).toEqual(new Set(['WEB1', 'WEB2']));
    }
    const tree = (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lbs[0].id}/status`)).body.statuses
      .loadbalancer;
    expect(tree.operating_status).toBe('ONLINE');
    expect(tree.listeners[0].pools[0].members.map((m: Json) => m.operating_status)).toEqual([
      'NO_MONITOR',
      'NO_MONITOR',
    ]);
    expect((await agentRecord(owners[0]))?.configurations.instances).toBe(1);
  });

  it('adds a member by reloading haproxy, and the new member serves', async () => {
    const [lb] = lbs;
    hosts.web3 = network.addHost('198.51.100.13');
    network.serve(hosts.web3, 'WEB3');
    const poolId = (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}`)).body.loadbalancer
      .pools[0].id as string;
    const member = await system.api.post<Json>(`/v2.0/lbaas/pools/${poolId}/members`, {
      member: { address: hosts.web3.address, protocol_port: 80 },
    });
    expect(member.status).toBe(201);
    await waitForLb(lb.id as string);
    const owner = await hostingAgentHost(lb.id as string);
    const config = readFileSync(
      join(stateRoot, owner, 'lbaas', 'v2', lb.id as string, 'haproxy.conf'),
      'utf8',
    );
    expect(config).toContain(`server ${member.body.member.id} 198.51.100.13:80`);
    expect(answersFrom(lb.vip_address as string, 9)).toEqual(new Set(['WEB1', 'WEB2', 'WEB3']));
    // A weight change goes through haproxy's admin socket: no reload, the same process keeps serving.
    const pidsBefore = haproxyPidsOf(owner, lb.id as string);
    const weight = await system.api.put<Json>(
      `/v2.0/lbaas/pools/${poolId}/members/${member.body.member.id}`,
      {
        member: { weight: 7 },
      },
    );
    expect(weight.status).toBe(200);
    await waitForLb(lb.id as string);
    expect(haproxyPidsOf(owner, lb.id as string)).toEqual(pidsBefore);
    const socket = join(stateRoot, owner, 'lbaas', 'v2', lb.id as string, 'haproxy.sock');
    expect(await adminSocket(socket, `get weight ${poolId}/${member.body.member.id}`)).toMatch(
      /^7 \(initial 1\)/,
    );
    // The agent sends haproxy's counters every periodic_interval.
    await waitFor(
      'traffic in the stats',
      async () => {
        const { stats } = (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}/stats`)).body;
        return stats.total_connections > 0 && stats.bytes_out > 0 ? true : undefined;
      },
      30_000,
    );
  });

  it('adds a member with a batch update ?additive_only=true; every member there before still serves', async () => {
    const lb = lbs[1];
    hosts.web4 = network.addHost('198.51.100.14');
    network.serve(hosts.web4, 'WEB4');
    const poolId = (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}`)).body.loadbalancer
      .pools[0].id as string;
    const membersPath = `/v2/lbaas/pools/${poolId}/members`;
    const before = (await system.api.get<Json>(membersPath)).body.members as Json[];
    expect(before).toHaveLength(2);
    const batch = await system.api.put(`${membersPath}?additive_only=true`, {
      members: [{ address: hosts.web4.address, protocol_port: 80 }],
    });
    expect(batch.status).toBe(202);
    await waitForLb(lb.id as string);
    const after = (await system.api.get<Json>(membersPath)).body.members as Json[];
    expect(after.map((m) => m.address).sort()).toEqual(['198.51.100.11', '198.51.100.12', '198.51.100.14']);
    const config = readFileSync(
      join(
        stateRoot,
        await hostingAgentHost(lb.id as string),
        'lbaas',
        'v2',
        lb.id as string,
        'haproxy.conf',
      ),
      'utf8',
    );
    for (const member of after) expect(config).toContain(`server ${member.id} ${member.address}:80`);
    expect(answersFrom(lb.vip_address as string, 9)).toEqual(new Set(['WEB1', 'WEB2', 'WEB4']));
  });

  it('restarts a haproxy killed with -9 at the next reconcile', async () => {
    const [lb] = lbs;
    const owner = await hostingAgentHost(lb.id as string);
    const before = haproxyPidsOf(owner, lb.id as string);
    for (const pid of before) process.kill(pid, 'SIGKILL');
    await waitFor(
      'haproxy to be back',
      () => {
        const pids = haproxyPidsOf(owner, lb.id as string);
        return Promise.resolve(
          pids.length > 0 && pids.every((pid) => !before.includes(pid)) ? pids : undefined,
        );
      },
      30_000,
    );
    await waitFor('the VIP to answer again', () =>
      Promise.resolve(
        network.get(client, `http://${lb.vip_address as string}/`).startsWith('WEB') ? true : undefined,
      ),
    );
  });

  it('shows a member a health monitor finds down OFFLINE and its pool DEGRADED, then ONLINE again', async () => {
    const [lb] = lbs;
    const poolId = (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}`)).body.loadbalancer
      .pools[0].id as string;
    const monitor = await system.api.post<Json>('/v2.0/lbaas/healthmonitors', {
      healthmonitor: {
        pool_id: poolId,
        type: 'HTTP',
        delay: 1,
        timeout: 1,
        max_retries: 1,
        max_retries_down: 1,
      },
    });
    expect(monitor.status).toBe(201);
    await waitForLb(lb.id as string);
    network.stopServer(hosts.web2);
    const memberStatus = async (address: string) => {
      const members = (await system.api.get<Json>(`/v2.0/lbaas/pools/${poolId}/members`)).body
        .members as Json[];
      return members.find((m) => m.address === address)?.operating_status as string;
    };
    await waitFor(
      'WEB2 OFFLINE',
      async () => ((await memberStatus(hosts.web2.address)) === 'OFFLINE' ? true : undefined),
      30_000,
    );
    expect((await system.api.get<Json>(`/v2.0/lbaas/pools/${poolId}`)).body.pool.operating_status).toBe(
      'DEGRADED',
    );
    expect(
      (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}`)).body.loadbalancer.operating_status,
    ).toBe('DEGRADED');
    expect(answersFrom(lb.vip_address as string)).not.toContain('WEB2');
    network.serve(hosts.web2, 'WEB2');
    await waitFor(
      'WEB2 ONLINE',
      async () => ((await memberStatus(hosts.web2.address)) === 'ONLINE' ? true : undefined),
      30_000,
    );
  });

  it("sends HTTP/1.1 checks with the Host header of the monitor's domain_name", async () => {
    const [lb] = lbs;
    const poolId = (await system.api.get<Json>(`/v2/lbaas/loadbalancers/${lb.id}`)).body.loadbalancer.pools[0]
      .id as string;
    const monitorId = (await system.api.get<Json>(`/v2/lbaas/pools/${poolId}`)).body.pool
      .healthmonitor_id as string;
    const checksOf = (path: string) =>
      network.requestsReceived(hosts.web1).filter((request) => request.url === path);
    const updated = await system.api.put<Json>(`/v2/lbaas/healthmonitors/${monitorId}`, {
      healthmonitor: { url_path: '/check-1.1', http_version: 1.1, domain_name: 'www.lbaas.test' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.healthmonitor).toMatchObject({ http_version: 1.1, domain_name: 'www.lbaas.test' });
    await waitForLb(lb.id as string);
    const check = await waitFor('an HTTP/1.1 check at WEB1', () =>
      Promise.resolve(checksOf('/check-1.1')[0]),
    );
    expect(check).toMatchObject({ method: 'GET', version: '1.1', host: 'www.lbaas.test' });
    // Back to HTTP/1.0 checks without a Host header.
    const reverted = await system.api.put<Json>(`/v2/lbaas/healthmonitors/${monitorId}`, {
      healthmonitor: { url_path: '/check-1.0', http_version: null, domain_name: null },
    });
    expect(reverted.status).toBe(200);
    await waitForLb(lb.id as string);
    const plain = await waitFor('an HTTP/1.0 check at WEB1', () =>
      Promise.resolve(checksOf('/check-1.0')[0]),
    );
    expect(plain).toMatchObject({ version: '1.0', host: null });
  });

  it('checks members with real ICMP echoes for a PING monitor', async () => {
    const response = await system.api.post<Json>('/v2.0/lbaas/loadbalancers', {
      loadbalancer: {
        vip_subnet_id: hosts.subnetId.address,
        listeners: [
          {
            protocol: 'TCP',
            protocol_port: 8080,
            default_pool: {
              protocol: 'TCP',
              lb_algorithm: 'ROUND_ROBIN',
              members: [
                { address: hosts.web1.address, protocol_port: 80 },
                { address: '198.51.100.99', protocol_port: 80 },
              ],
              healthmonitor: { type: 'PING', delay: 1, timeout: 1, max_retries: 1, max_retries_down: 1 },
            },
          },
        ],
      },
    });
    expect(response.status).toBe(201);
    const lb = await waitForLb(response.body.loadbalancer.id as string);
    const statusOf = async (address: string) => {
      const tree = (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}/statuses`)).body.statuses
        .loadbalancer;
      return (tree.pools[0].members as Json[]).find((m) => m.address === address)?.operating_status as string;
    };
    // 198.51.100.11 answers pings from its namespace; nothing has 198.51.100.99.
    await waitFor(
      'the PING monitor to tell them apart',
      async () =>
        (await statusOf(hosts.web1.address)) === 'ONLINE' && (await statusOf('198.51.100.99')) === 'OFFLINE'
          ? true
          : undefined,
      30_000,
    );
    expect((await system.api.delete(`/v2.0/lbaas/loadbalancers/${lb.id}?cascade=true`)).status).toBe(204);
    await waitGone(`/v2.0/lbaas/loadbalancers/${lb.id}`);
  });

  it('keeps serving without burning a core while its agent is killed; what haproxy logged meanwhile reaches the log file when the agent returns', async () => {
    const lb = lbs[1];
    const vip = lb.vip_address as string;
    const owner = await hostingAgentHost(lb.id as string);
    const logFile = join(stateRoot, owner, 'access-logs', `${lb.id}.log`);
    const marker = `/while-the-agent-is-away-${process.pid}`;
    const markedLines = () =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .filter((line) => line.includes(marker))
        : [];
    const agent = agents.get(owner)!;
    agent.child.kill('SIGKILL');
    await agent.exited;
    const haproxies = haproxyPidsOf(owner, lb.id as string);
    const cpuBefore = haproxies.map(cpuSeconds);
    const awayFrom = performance.now();
    for (let i = 0; i < 40; i++) expect(network.get(client, `http://${vip}${marker}`)).toMatch(/^WEB/);
    // Nobody reads the log meanwhile; haproxy must neither wait for nor keep retrying its reader.
    const awaySeconds = (performance.now() - awayFrom) / 1000;
    const busySeconds = haproxies.reduce((sum, pid, i) => sum + cpuSeconds(pid) - cpuBefore[i], 0);
    expect(busySeconds).toBeLessThan(awaySeconds / 4);
    expect(markedLines()).toEqual([]);
    startAgent(owner);
    await waitAlive(owner);
    await waitFor('the 40 lines logged while the agent was away', () =>
      Promise.resolve(markedLines().length === 40 ? true : undefined),
    );
    expect(haproxyPidsOf(owner, lb.id as string)).toEqual(haproxies);
  });

  it('removes namespace, port, process and folder when a load balancer is deleted', async () => {
    const lb = lbs[1];
    const owner = await hostingAgentHost(lb.id as string);
    expect((await system.api.delete(`/v2.0/lbaas/loadbalancers/${lb.id}?cascade=true`)).status).toBe(204);
    await waitGone(`/v2.0/lbaas/loadbalancers/${lb.id}`);
    expect(namespaces()).not.toContain(`qlbaas-${lb.id}`);
    expect(ovsPorts()).not.toContain(`tap${(lb.vip_port_id as string).slice(0, 11)}`);
    expect(haproxyPidsOf(owner, lb.id as string)).toEqual([]);
    expect(existsSync(join(stateRoot, owner, 'lbaas', 'v2', lb.id as string))).toBe(false);
  });

  it('an agent that missed a delete while it was down removes the load balancer when it comes back', async () => {
    const [lb] = lbs;
    const owner = await hostingAgentHost(lb.id as string);
    await stopGracefully(agents.get(owner)!);
    // The data plane keeps serving while its agent is away.
    expect(network.get(client, `http://${lb.vip_address as string}/`)).toMatch(/^WEB/);
    expect((await system.api.delete(`/v2.0/lbaas/loadbalancers/${lb.id}?cascade=true`)).status).toBe(204);
    // Lose the message on purpose: only the agent's start-up reconcile can now notice.
    sh(['rabbitmqctl', '-q', 'purge_queue', '-p', system.resourceName, `n-lbaasv2_agent.${owner}`], 60_000);
    expect(namespaces()).toContain(`qlbaas-${lb.id}`);
    startAgent(owner);
    await waitGone(`/v2.0/lbaas/loadbalancers/${lb.id}`);
    expect(namespaces()).not.toContain(`qlbaas-${lb.id}`);
    expect(haproxyPidsOf(owner, lb.id as string)).toEqual([]);
  });
});

describe('lbaas-agent with the linuxbridge interface driver', () => {
  it("serves through a veth pair on the network's bridge", async () => {
    startAgent(HOSTS.c, 'linuxbridge');
    await waitAlive(HOSTS.c);
    // Only the linuxbridge agent may take the next load balancer.
    for (const host of [HOSTS.a, HOSTS.b]) {
      const agent = await agentRecord(host);
      expect(
        (await system.api.put(`/v2.0/agents/${agent!.id}`, { agent: { admin_state_up: false } })).status,
      ).toBe(200);
    }
    const net = await system.api.post<Json>('/v2.0/networks', { network: { name: 'bridged' } });
    const networkId = net.body.network.id as string;
    const subnet = await system.api.post<Json>('/v2.0/subnets', {
      subnet: { network_id: networkId, cidr: '203.0.113.0/24' },
    });
    bridgeNetwork = new TestNetwork({ kind: 'linuxbridge', bridge: `brq${networkId.slice(0, 11)}` });
    const bridgedWeb1 = bridgeNetwork.addHost('203.0.113.11');
    const bridgedWeb2 = bridgeNetwork.addHost('203.0.113.12');
    const bridgeClient = bridgeNetwork.addHost('203.0.113.50');
    bridgeNetwork.serve(bridgedWeb1, 'WEB1');
    bridgeNetwork.serve(bridgedWeb2, 'WEB2');
    // Seed 001 again, over the Linux bridge: SOURCE_IP persistence, then without it.
    const lb = await createWebLoadBalancer('bridged', subnet.body.subnet.id as string, [
      bridgedWeb1,
      bridgedWeb2,
    ]);
    expect(await hostingAgentHost(lb.id as string)).toBe(HOSTS.c);
    const poolId = (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}`)).body.loadbalancer
      .pools[0].id as string;
    const ask = (n: number) =>
      new Set(
        Array.from({ length: n }, () =>
          bridgeNetwork!.get(bridgeClient, `http://${lb.vip_address as string}/`),
        ),
      );
    expect(ask(4)).toEqual(new Set(['WEB1', 'WEB2']));
    expect(
      (
        await system.api.put(`/v2.0/lbaas/pools/${poolId}`, {
          pool: { session_persistence: { type: 'SOURCE_IP' } },
        })
      ).status,
    ).toBe(200);
    await waitForLb(lb.id as string);
    expect(ask(6).size).toBe(1);
    expect(
      (await system.api.put(`/v2.0/lbaas/pools/${poolId}`, { pool: { session_persistence: null } })).status,
    ).toBe(200);
    await waitForLb(lb.id as string);
    expect(ask(4)).toEqual(new Set(['WEB1', 'WEB2']));
    expect(sh(['ip', 'link', 'show', `tap${(lb.vip_port_id as string).slice(0, 11)}`])).toContain(
      `master brq${networkId.slice(0, 11)}`,
    );
    expect((await system.api.delete(`/v2.0/lbaas/loadbalancers/${lb.id}?cascade=true`)).status).toBe(204);
    await waitGone(`/v2.0/lbaas/loadbalancers/${lb.id}`);
    expect(namespaces()).not.toContain(`qlbaas-${lb.id}`);
    expect(() => sh(['ip', 'link', 'show', `tap${(lb.vip_port_id as string).slice(0, 11)}`])).toThrow();
  });
});
