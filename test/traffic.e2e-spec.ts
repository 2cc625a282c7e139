/**
 * What a tenant asks for is what the data plane does: real requests from a client namespace through the
 * VIP to member namespaces that answer with their own name (server, agent, OVS, haproxy all real).
 * Addresses only in 198.51.100.0/24, inside the test's namespaces.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  certificateAuthority,
  issueCertificate,
  revocationList,
  type SelfSigned,
  type TestCertificateAuthority,
} from '@lbaas/haproxy/testing/tls-fixtures';
import { createCertificateContainer, createSecret, storeCertificate } from './support/certificates';
import { queryTestDatabase } from './support/database';
import { deleteAllLoadBalancers } from './support/lb-fixtures';
import { startApp } from './support/processes';
import { cleanupAgentState, sh, TestNetwork, type TestHost } from './support/test-network';
import { startTestSystem, type TestSystem } from './support/test-system';
import { waitFor } from './support/wait';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const statePath = join(mkdtempSync(join(tmpdir(), 'lbaas-traffic-')), 'agent');
const AGENT_HOST = `e2e-traffic-${process.pid}`;
/** Small, so that a few seconds of wrk rotate the access logs. */
const ACCESS_LOG_MAX_BYTES = 65_536;
/** The operator's syslog receiver of tenant logs, on loopback: what it got. */
const tenantLogTarget = createSocket('udp4');
const forwardedLogs: string[] = [];
let system: TestSystem;
let network: TestNetwork;
let subnetId: string;
let networkId: string;
let client: TestHost;
let web1: TestHost;
let web2: TestHost;

/**
 * Starts a `/slow` request through the VIP and returns once a member has it, so the connection is
 * held before the caller goes on (a fixed pause loses that race on a busy machine). `done` is its body.
 */
async function holdSlowRequest(vip: string): Promise<{ done: Promise<string> }> {
  const received = () => network.slowRequestsReceived(web1) + network.slowRequestsReceived(web2);
  const before = received();
  const done = network.getLater(client, `http://${vip}/slow`);
  await waitFor(
    'the slow request to reach a member',
    () => Promise.resolve(received() > before ? true : undefined),
    15_000,
    50,
  );
  return { done };
}

/** One command on a haproxy admin socket (haproxy answers and closes: non-interactive mode). */
function adminSocket(path: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(path, () => socket.write(`${command}\n`));
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${command}`)));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

async function waitForLb(id: string): Promise<Json> {
  return waitFor(
    `load balancer ${id} ACTIVE`,
    async () => {
      const lb = (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${id}`)).body.loadbalancer as
        Json | undefined;
      if (lb?.provisioning_status === 'ERROR') throw new Error(`load balancer ${id} went to ERROR`);
      return lb?.provisioning_status === 'ACTIVE' ? lb : undefined;
    },
    60_000,
  );
}

/** A write, then the wait until the agent has applied it. */
async function change(method: 'post' | 'put', path: string, body: Json, lbId: string): Promise<Json> {
  const response = await system.api[method]<Json>(path, body);
  expect([200, 201]).toContain(response.status);
  await waitForLb(lbId);
  return response.body;
}

async function createLb(listeners: Json[], pools: Json[] = [], extra: Json = {}): Promise<Json> {
  const response = await system.api.post<Json>('/v2.0/lbaas/loadbalancers', {
    loadbalancer: { vip_subnet_id: subnetId, listeners, pools, ...extra },
  });
  expect(response.status).toBe(201);
  return waitForLb(response.body.loadbalancer.id as string);
}

/** An HTTP listener on port 80 whose round-robin pool is web1. */
function httpListener(): Json {
  return {
    protocol: 'HTTP',
    protocol_port: 80,
    default_pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', members: members([web1]) },
  };
}

/** A raw TCP listener on port 8080 whose round-robin pool is web2's echo port. */
function tcpListener(): Json {
  return {
    protocol: 'TCP',
    protocol_port: 8080,
    default_pool: {
      protocol: 'TCP',
      lb_algorithm: 'ROUND_ROBIN',
      members: [{ address: web2.address, protocol_port: 9000 }],
    },
  };
}

/** Deletes a load balancer with everything in it, as a tenant would, and waits until it is gone. */
async function deleteLb(lb: Json): Promise<void> {
  expect((await system.api.delete(`/v2/lbaas/loadbalancers/${lb.id}?cascade=true`)).status).toBe(204);
  await waitFor('the load balancer gone', async () =>
    (await system.api.get(`/v2/lbaas/loadbalancers/${lb.id}`)).status === 404 ? true : undefined,
  );
}

function members(...hosts: [TestHost, Json?][]): Json[] {
  return hosts.map(([host, extra]) => ({ address: host.address, protocol_port: 80, ...extra }));
}

function answers(vip: string, count: number, path = '/', extra: string[] = []): string[] {
  return Array.from({ length: count }, () => network.curl(client, [...extra, `http://${vip}${path}`]));
}

function count(values: string[]): Record<string, number> {
  return values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
}

/** The id of the (first) listener of a load balancer. */
async function listenerOf(lb: Json): Promise<string> {
  return (await system.api.get<Json>(`/v2.0/lbaas/listeners?loadbalancer_id=${lb.id}`)).body.listeners[0]
    .id as string;
}

async function poolOf(lb: Json, index = 0): Promise<string> {
  return (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}`)).body.loadbalancer.pools[index]
    .id as string;
}

beforeAll(async () => {
  chmodSync(join(statePath, '..'), 0o711);
  // TLS private keys are stored encrypted (checked in the TLS test).
  system = await startTestSystem('traffic', {
    LBAAS_CERTIFICATES_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  });
  tenantLogTarget.on('message', (message) => forwardedLogs.push(message.toString()));
  await new Promise<void>((resolve) => tenantLogTarget.bind(0, '127.0.0.1', resolve));
  startApp('lbaas-agent', {
    ...system.env,
    LBAAS_HOST: AGENT_HOST,
    LBAAS_STATE_PATH: statePath,
    LBAAS_ACCESS_LOG_MAX_BYTES: String(ACCESS_LOG_MAX_BYTES),
    LBAAS_ACCESS_LOG_BACKUP_COUNT: '1',
    LBAAS_TENANT_LOG_TARGETS: `127.0.0.1:${tenantLogTarget.address().port}`,
    LBAAS_REPORT_INTERVAL: '1',
    LBAAS_PERIODIC_INTERVAL: '1',
  });
  await waitFor('the agent', async () =>
    (await system.api.get<Json>(`/v2.0/agents?host=${AGENT_HOST}&alive=true`)).body.agents.length
      ? true
      : undefined,
  );
  const net = await system.api.post<Json>('/v2.0/networks', { network: { name: 'traffic' } });
  network = new TestNetwork({ kind: 'ovs', vlanTag: net.body.network['provider:segmentation_id'] });
  networkId = net.body.network.id as string;
  subnetId = (
    await system.api.post<Json>('/v2.0/subnets', {
      subnet: {
        network_id: net.body.network.id,
        cidr: '198.51.100.0/24',
        // VIPs come from the upper half: a VIP on a test host's address (.11, .12, .50) would take its traffic.
        allocation_pools: [{ start: '198.51.100.128', end: '198.51.100.249' }],
      },
    })
  ).body.subnet.id;
  web1 = network.addHost('198.51.100.11');
  web2 = network.addHost('198.51.100.12');
  client = network.addHost('198.51.100.50');
  network.serve(web1, 'WEB1', 80, 9000);
  network.serve(web2, 'WEB2', 80, 9000);
});

afterAll(async () => {
  try {
    // Delete through the API first, as a tenant would; the state clean-up below is only the safety net.
    await deleteAllLoadBalancers(system?.api);
  } finally {
    // Whatever happened above, nothing of this suite may outlive it.
    await system?.teardown();
    cleanupAgentState(statePath);
    network?.teardown();
    rmSync(join(statePath, '..'), { recursive: true, force: true });
    tenantLogTarget.close();
  }
});

describe('seed 001 through the VIP', () => {
  let lb: Json;

  it('keeps one client on one member with SOURCE_IP persistence, and alternates once it is removed', async () => {
    lb = await createLb([
      {
        protocol: 'HTTP',
        protocol_port: 80,
        connection_limit: 100,
        default_pool: {
          name: 'web servers',
          protocol: 'HTTP',
          lb_algorithm: 'ROUND_ROBIN',
          session_persistence: { type: 'SOURCE_IP' },
          members: members([web1, { name: 'WEB1' }], [web2, { name: 'WEB2' }]),
          healthmonitor: {
            type: 'HTTP',
            delay: 10,
            timeout: 5,
            max_retries: 3,
            http_method: 'GET',
            url_path: '/',
            expected_codes: '200',
          },
        },
      },
    ]);
    const sticky = answers(lb.vip_address as string, 6);
    expect(new Set(sticky).size).toBe(1);
    expect(['WEB1', 'WEB2']).toContain(sticky[0]);
    await change(
      'put',
      `/v2.0/lbaas/pools/${await poolOf(lb)}`,
      { pool: { session_persistence: null } },
      lb.id as string,
    );
    expect(count(answers(lb.vip_address as string, 6))).toEqual({ WEB1: 3, WEB2: 3 });
  });

  it('takes a stopped member out (OFFLINE, pool and load balancer DEGRADED) and back in', async () => {
    const poolId = await poolOf(lb);
    const monitorId = (await system.api.get<Json>(`/v2.0/lbaas/pools/${poolId}`)).body.pool
      .healthmonitor_id as string;
    await change(
      'put',
      `/v2.0/lbaas/healthmonitors/${monitorId}`,
      { healthmonitor: { delay: 1, timeout: 1, max_retries: 1, max_retries_down: 1 } },
      lb.id as string,
    );
    network.stopServer(web1);
    const status = async (path: string, key: string) =>
      (await system.api.get<Json>(path)).body[key].operating_status as string;
    await waitFor(
      'WEB1 OFFLINE',
      async () => {
        const list = (await system.api.get<Json>(`/v2.0/lbaas/pools/${poolId}/members?name=WEB1`)).body
          .members as Json[];
        return list[0]?.operating_status === 'OFFLINE' ? true : undefined;
      },
      30_000,
    );
    expect(await status(`/v2.0/lbaas/pools/${poolId}`, 'pool')).toBe('DEGRADED');
    expect(await status(`/v2.0/lbaas/loadbalancers/${lb.id}`, 'loadbalancer')).toBe('DEGRADED');
    expect(count(answers(lb.vip_address as string, 4))).toEqual({ WEB2: 4 });
    network.serve(web1, 'WEB1', 80, 9000);
    await waitFor(
      'WEB1 back in rotation',
      () => Promise.resolve(answers(lb.vip_address as string, 4).includes('WEB1') ? true : undefined),
      30_000,
    );
    await waitFor(
      'everything ONLINE',
      async () =>
        (await status(`/v2.0/lbaas/loadbalancers/${lb.id}`, 'loadbalancer')) === 'ONLINE' ? true : undefined,
      30_000,
    );
  });
});

describe('algorithms, persistence, weights and admin state', () => {
  let lb: Json;
  let poolId: string;
  const setPool = (pool: Json) => change('put', `/v2.0/lbaas/pools/${poolId}`, { pool }, lb.id as string);

  beforeAll(async () => {
    lb = await createLb([
      {
        protocol: 'HTTP',
        protocol_port: 80,
        default_pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', members: members([web1], [web2]) },
      },
    ]);
    poolId = await poolOf(lb);
  });

  it('LEAST_CONNECTIONS sends new requests away from a member held busy', async () => {
    await setPool({ lb_algorithm: 'LEAST_CONNECTIONS' });
    const { done } = await holdSlowRequest(lb.vip_address as string);
    const quick = answers(lb.vip_address as string, 4);
    const busy = await done;
    expect(['WEB1', 'WEB2']).toContain(busy);
    expect(quick.every((answer) => answer !== busy && answer.startsWith('WEB'))).toBe(true);
  });

  it('SOURCE_IP balancing keeps a client on one member', async () => {
    await setPool({ lb_algorithm: 'SOURCE_IP' });
    expect(new Set(answers(lb.vip_address as string, 6)).size).toBe(1);
  });

  it("SOURCE_IP_PORT hashes the client's port too: one client's connections spread over both members", async () => {
    await setPool({ lb_algorithm: 'SOURCE_IP_PORT' });
    // Each request is a new connection from a new source port; with SOURCE_IP all 16 would hit one member
    // (the test above), here both answer unless 16 hashes fall alike (1 in 32768).
    expect(new Set(answers(lb.vip_address as string, 16))).toEqual(new Set(['WEB1', 'WEB2']));
  });

  it('HTTP_COOKIE keeps a client that returns the cookie on one member; one that drops it alternates', async () => {
    await setPool({ lb_algorithm: 'ROUND_ROBIN', session_persistence: { type: 'HTTP_COOKIE' } });
    const jar = join(statePath, '..', 'cookies.txt');
    const withCookie = answers(lb.vip_address as string, 6, '/', ['-c', jar, '-b', jar]);
    expect(new Set(withCookie).size).toBe(1);
    expect(count(answers(lb.vip_address as string, 6))).toEqual({ WEB1: 3, WEB2: 3 });
  });

  it("APP_COOKIE sticks on the application's own session cookie", async () => {
    await setPool({ session_persistence: { type: 'APP_COOKIE', cookie_name: 'JSESSIONID' } });
    // haproxy learns each member's session from its responses, then routes requests that carry it.
    answers(lb.vip_address as string, 2);
    expect(count(answers(lb.vip_address as string, 5, '/', ['-b', 'JSESSIONID=WEB2']))).toEqual({ WEB2: 5 });
    expect(count(answers(lb.vip_address as string, 5, '/', ['-b', 'JSESSIONID=WEB1']))).toEqual({ WEB1: 5 });
  });

  it('weights: a weight 3 member gets three times the requests of a weight 1 member', async () => {
    await setPool({ session_persistence: null });
    const list = (await system.api.get<Json>(`/v2.0/lbaas/pools/${poolId}/members`)).body.members as Json[];
    const member1 = list.find((m) => m.address === web1.address)!;
    await change(
      'put',
      `/v2.0/lbaas/pools/${poolId}/members/${member1.id}`,
      { member: { weight: 3 } },
      lb.id as string,
    );
    expect(count(answers(lb.vip_address as string, 40))).toEqual({ WEB1: 30, WEB2: 10 });
    await change(
      'put',
      `/v2.0/lbaas/pools/${poolId}/members/${member1.id}`,
      { member: { weight: 1, admin_state_up: false } },
      lb.id as string,
    );
    expect(count(answers(lb.vip_address as string, 6))).toEqual({ WEB2: 6 });
    await change(
      'put',
      `/v2.0/lbaas/pools/${poolId}/members/${member1.id}`,
      { member: { admin_state_up: true } },
      lb.id as string,
    );
    expect(count(answers(lb.vip_address as string, 6))).toEqual({ WEB1: 3, WEB2: 3 });
  });
});

describe('several listeners, TCP, connection limits and L7', () => {
  let lb: Json;

  beforeAll(async () => {
    lb = await createLb(
      [
        {
          protocol: 'HTTP',
          protocol_port: 80,
          connection_limit: 1,
          default_pool: {
            name: 'web',
            protocol: 'HTTP',
            lb_algorithm: 'ROUND_ROBIN',
            members: members([web1]),
          },
        },
        tcpListener(),
      ],
      [{ name: 'api', protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', members: members([web2]) }],
    );
  });

  it('serves HTTP on 80 and raw TCP on 8080 from different pools', () => {
    expect(answers(lb.vip_address as string, 2)).toEqual(['WEB1', 'WEB1']);
    expect(network.tcpRead(client, lb.vip_address as string, 8080)).toBe('WEB2');
  });

  it('adds X-Forwarded-For only when the listener asks for it (insert_headers, as Octavia)', async () => {
    const vip = lb.vip_address as string;
    const listenerId = (
      await system.api.get<Json>(`/v2.0/lbaas/listeners?loadbalancer_id=${lb.id}&protocol_port=80`)
    ).body.listeners[0].id as string;
    /** The X-Forwarded-For WEB1 saw on one request to `path`, once its log line is in. */
    const forwardedFor = async (path: string) => {
      expect(network.curl(client, [`http://${vip}${path}`])).toBe('WEB1');
      const [request] = await waitFor(`WEB1 to log ${path}`, () => {
        const seen = network.requestsReceived(web1).filter((r) => r.url === path);
        return Promise.resolve(seen.length > 0 ? seen : undefined);
      });
      return request.xff;
    };
    expect(await forwardedFor('/xff-unset')).toBeNull();
    const headers = (value: string) => ({ listener: { insert_headers: { 'X-Forwarded-For': value } } });
    await change('put', `/v2.0/lbaas/listeners/${listenerId}`, headers('true'), lb.id as string);
    expect(await forwardedFor('/xff-true')).toBe(client.address);
    await change('put', `/v2.0/lbaas/listeners/${listenerId}`, headers('false'), lb.id as string);
    expect(await forwardedFor('/xff-false')).toBeNull();
  });

  it('sends a version 2 PROXY header to the members of a PROXYV2 pool', async () => {
    const { pool } = await change(
      'post',
      '/v2/lbaas/pools',
      { pool: { loadbalancer_id: lb.id, protocol: 'PROXYV2', lb_algorithm: 'ROUND_ROBIN' } },
      lb.id as string,
    );
    await change(
      'post',
      `/v2/lbaas/pools/${pool.id}/members`,
      { member: { address: web1.address, protocol_port: 9000 } },
      lb.id as string,
    );
    await change(
      'post',
      '/v2/lbaas/listeners',
      {
        listener: { loadbalancer_id: lb.id, protocol: 'TCP', protocol_port: 8081, default_pool_id: pool.id },
      },
      lb.id as string,
    );
    const before = network.tcpDataReceived(web1).length;
    expect(network.tcpRead(client, lb.vip_address as string, 8081)).toBe('WEB1');
    const [header] = await waitFor('WEB1 to log the first bytes', () => {
      const seen = network.tcpDataReceived(web1).slice(before);
      return Promise.resolve(seen.length > 0 ? seen : undefined);
    });
    // The 12-byte signature of PROXY protocol version 2, then version 2 / PROXY command (0x21).
    expect(header.startsWith('0d0a0d0a000d0a515549540a21')).toBe(true);
  });

  it("holds a connection past the listener's limit until the one before it is done", async () => {
    const { done } = await holdSlowRequest(lb.vip_address as string);
    const slowReachedMember = Date.now();
    const quick = network.getLater(client, `http://${lb.vip_address as string}/`).then((body) => ({
      body,
      waitedMs: Date.now() - slowReachedMember,
    }));
    const [slowBody, answer] = await Promise.all([done, quick]);
    expect(slowBody).toMatch(/^WEB[12]$/);
    expect(answer.body).toBe('WEB1');
    // The member holds the slow request 5 s: the quick one is only let through once it is done. (Which
    // curl exits first after that is a race, so completion order proves nothing.)
    expect(answer.waitedMs).toBeGreaterThan(3500);
  });

  it('routes /api to another pool, rejects by header and redirects to a URL', async () => {
    const listenerId = (
      await system.api.get<Json>(`/v2.0/lbaas/listeners?loadbalancer_id=${lb.id}&protocol_port=80`)
    ).body.listeners[0].id as string;
    const apiPool = (await system.api.get<Json>(`/v2.0/lbaas/pools?loadbalancer_id=${lb.id}&name=api`)).body
      .pools[0].id as string;
    const policy = async (body: Json, rule: Json) => {
      const created = await change(
        'post',
        '/v2.0/lbaas/l7policies',
        { l7policy: { listener_id: listenerId, ...body } },
        lb.id as string,
      );
      await change('post', `/v2.0/lbaas/l7policies/${created.l7policy.id}/rules`, { rule }, lb.id as string);
    };
    await change(
      'put',
      `/v2.0/lbaas/listeners/${listenerId}`,
      { listener: { connection_limit: -1 } },
      lb.id as string,
    );
    await policy(
      { action: 'REDIRECT_TO_POOL', redirect_pool_id: apiPool },
      { type: 'PATH', compare_type: 'STARTS_WITH', value: '/api' },
    );
    await policy(
      { action: 'REJECT' },
      { type: 'HEADER', compare_type: 'EQUAL_TO', key: 'X-Block', value: 'yes' },
    );
    await policy(
      { action: 'REDIRECT_TO_URL', redirect_url: 'https://example.org/moved' },
      { type: 'PATH', compare_type: 'EQUAL_TO', value: '/old' },
    );
    const vip = lb.vip_address as string;
    expect(answers(vip, 2, '/api/users')).toEqual(['WEB2', 'WEB2']);
    expect(answers(vip, 2, '/')).toEqual(['WEB1', 'WEB1']);
    expect(
      network.curl(client, ['-o', '/dev/null', '-w', '%{http_code}', '-H', 'X-Block: yes', `http://${vip}/`]),
    ).toBe('403');
    expect(
      network.curl(client, ['-o', '/dev/null', '-w', '%{http_code} %{redirect_url}', `http://${vip}/old`]),
    ).toBe('302 https://example.org/moved');
  });
});

describe('lifecycle', () => {
  it('reloads without a single failed request while a client keeps sending', async () => {
    const lb = await createLb([
      {
        protocol: 'HTTP',
        protocol_port: 80,
        default_pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', members: members([web1], [web2]) },
      },
    ]);
    const listenerId = (lb.listeners as Json[])[0].id as string;
    const poolId = await poolOf(lb);
    const load = network.load(client, `http://${lb.vip_address as string}/`, 8000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await change(
      'put',
      `/v2.0/lbaas/listeners/${listenerId}`,
      { listener: { connection_limit: 500 } },
      lb.id as string,
    );
    await change(
      'put',
      `/v2.0/lbaas/pools/${poolId}`,
      { pool: { lb_algorithm: 'LEAST_CONNECTIONS' } },
      lb.id as string,
    );
    await change(
      'put',
      `/v2.0/lbaas/listeners/${listenerId}`,
      { listener: { connection_limit: 1000 } },
      lb.id as string,
    );
    const result = await load;
    expect(result.ok).toBeGreaterThan(50);
    expect(result.failed).toBe(0);

    // Deleting leaves nothing of it behind, and its VIP address can be taken again at once.
    expect((await system.api.delete(`/v2.0/lbaas/loadbalancers/${lb.id}?cascade=true`)).status).toBe(204);
    await waitFor(
      'the load balancer to be gone',
      async () =>
        (await system.api.get(`/v2.0/lbaas/loadbalancers/${lb.id}`)).status === 404 ? true : undefined,
      30_000,
    );
    expect(sh(['ip', 'netns', 'list'])).not.toContain(`qlbaas-${lb.id}`);
    expect(sh(['ovs-vsctl', '--timeout=10', 'list-ports', 'br-int'])).not.toContain(
      `tap${(lb.vip_port_id as string).slice(0, 11)}`,
    );
    expect(existsSync(join(statePath, 'lbaas', 'v2', lb.id as string))).toBe(false);
    const again = await system.api.post<Json>('/v2.0/lbaas/loadbalancers', {
      loadbalancer: {
        vip_subnet_id: subnetId,
        vip_address: lb.vip_address,
        listeners: [httpListener()],
      },
    });
    expect(again.status).toBe(201);
    await waitForLb(again.body.loadbalancer.id as string);
    // The address now has another MAC; the client learns it from the gratuitous ARP of the plug.
    await waitFor(
      'the reused VIP to answer',
      () => Promise.resolve(answers(lb.vip_address as string, 1)[0] === 'WEB1' ? true : undefined),
      15_000,
    );
    expect(answers(lb.vip_address as string, 2)).toEqual(['WEB1', 'WEB1']);
  });
});

describe('admin state of a load balancer', () => {
  it('stops haproxy and unplugs the VIP when disabled, keeping the namespace, and serves again when enabled', async () => {
    const lb = await createLb([httpListener()]);
    const vip = lb.vip_address as string;
    const tap = `tap${(lb.vip_port_id as string).slice(0, 11)}`;
    expect(answers(vip, 1)).toEqual(['WEB1']);
    await change(
      'put',
      `/v2.0/lbaas/loadbalancers/${lb.id}`,
      { loadbalancer: { admin_state_up: false } },
      lb.id as string,
    );
    expect(sh(['ip', 'netns', 'list'])).toContain(`qlbaas-${lb.id}`);
    expect(sh(['ovs-vsctl', '--timeout=10', 'list-ports', 'br-int'])).not.toContain(tap);
    expect(() =>
      sh(['pgrep', '-f', join(statePath, 'lbaas', 'v2', lb.id as string, 'haproxy.conf')]),
    ).toThrow();
    expect(network.curl(client, ['-m', '2', `http://${vip}/`])).toMatch(/^ERROR/);
    await change(
      'put',
      `/v2.0/lbaas/loadbalancers/${lb.id}`,
      { loadbalancer: { admin_state_up: true } },
      lb.id as string,
    );
    await waitFor(
      'the VIP to answer again',
      () => Promise.resolve(answers(vip, 1)[0] === 'WEB1' ? true : undefined),
      30_000,
    );
  });
});

describe('TLS termination', () => {
  it('terminates HTTPS with a certificate kept as Barbican-style secrets, written 0600 on the node; SNI picks by name', async () => {
    const container = (commonName: string) => createCertificateContainer(system.api, commonName);
    const sniRefs = [await container('shop.lbaas.test'), await container('blog.lbaas.test')];
    const lb = await createLb([
      {
        protocol: 'TERMINATED_HTTPS',
        protocol_port: 443,
        default_tls_container_ref: await container('vip.lbaas.test'),
        sni_container_refs: sniRefs,
        default_pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', members: members([web1]) },
      },
    ]);
    // Every secret is stored sealed: no PEM text in the database.
    const stored = await queryTestDatabase<{ payload: string }>(
      system.databaseUrl,
      'SELECT payload FROM tls_secrets',
    );
    expect(stored).toHaveLength(6);
    for (const { payload } of stored) expect(payload).toMatch(/^lbaas-aes-256-gcm:v1:[A-Za-z0-9+/=]+$/);
    const vip = lb.vip_address as string;
    /** The name of the certificate the VIP presents when the client asks for `serverName` (none: by address). */
    const presented = (serverName?: string) =>
      /Subject:\s*CN\s*=\s*(\S+)/.exec(
        network.curl(client, [
          '-k',
          '-o',
          '/dev/null',
          '-w',
          '%{certs}',
          ...(serverName
            ? ['--resolve', `${serverName}:443:${vip}`, `https://${serverName}/`]
            : [`https://${vip}/`]),
        ]),
      )?.[1];
    expect(network.curl(client, ['-k', `https://${vip}/`])).toBe('WEB1');
    expect(presented()).toBe('vip.lbaas.test');
    expect(presented('shop.lbaas.test')).toBe('shop.lbaas.test');
    expect(presented('blog.lbaas.test')).toBe('blog.lbaas.test');
    expect(presented('other.lbaas.test')).toBe('vip.lbaas.test');
    const listenerId = await listenerOf(lb);
    const certificates = join(statePath, 'lbaas', 'v2', lb.id as string, 'certificates');
    for (const file of [`${listenerId}.pem`, `${listenerId}-sni-0.pem`, `${listenerId}-sni-1.pem`])
      expect(statSync(join(certificates, file)).mode & 0o777).toBe(0o600);

    // Dropping an SNI certificate: haproxy no longer presents it, and its key leaves the node.
    await change(
      'put',
      `/v2.0/lbaas/listeners/${listenerId}`,
      { listener: { sni_container_refs: [sniRefs[1]] } },
      lb.id as string,
    );
    await waitFor('shop.lbaas.test to get the default certificate', () =>
      Promise.resolve(presented('shop.lbaas.test') === 'vip.lbaas.test' ? true : undefined),
    );
    expect(presented('blog.lbaas.test')).toBe('blog.lbaas.test');
    expect(readdirSync(certificates).sort()).toEqual([`${listenerId}-sni-0.pem`, `${listenerId}.pem`].sort());

    // HTTP/2 through ALPN, and HSTS: neither until asked for.
    /** The HTTP version curl spoke with the VIP, and the Strict-Transport-Security it got, if any. */
    const spoken = (versionFlag: string) => {
      const out = network.curl(client, [
        '-sk',
        versionFlag,
        '-D',
        '-',
        '-o',
        '/dev/null',
        '-w',
        'version=%{http_version}',
        `https://${vip}/`,
      ]);
      return {
        version: /version=(\S+)/.exec(out)?.[1],
        hsts: /^strict-transport-security:\s*(.+?)\s*$/im.exec(out)?.[1],
      };
    };
    expect(spoken('--http2')).toEqual({ version: '1.1', hsts: undefined });
    await change(
      'put',
      `/v2.0/lbaas/listeners/${listenerId}`,
      { listener: { alpn_protocols: ['h2', 'http/1.1'], hsts_max_age: 3600, hsts_include_subdomains: true } },
      lb.id as string,
    );
    expect(spoken('--http2')).toEqual({ version: '2', hsts: 'max-age=3600; includeSubDomains' });
    expect(spoken('--http1.1')).toEqual({ version: '1.1', hsts: 'max-age=3600; includeSubDomains' });
  });
});

describe('TLS policies, client certificates and re-encryption on the wire', () => {
  const tlsDir = mkdtempSync(join(tmpdir(), 'lbaas-traffic-tls-'));
  afterAll(() => rmSync(tlsDir, { recursive: true, force: true }));
  /** The request `host:port` got for `path`, once its log line is in (it may trail the answer). */
  const received = (host: TestHost, path: string, port = 80) =>
    waitFor(`${host.address}:${port} to log ${path}`, () =>
      Promise.resolve(network.requestsReceived(host, port).find((request) => request.url === path)),
    );
  /** A TERMINATED_HTTPS listener on 443 with a certificate `ca` signed, serving WEB1, and `extra`. */
  const terminatedHttps = async (ca: TestCertificateAuthority, extra: Json = {}): Promise<Json> => ({
    protocol: 'TERMINATED_HTTPS',
    protocol_port: 443,
    default_tls_container_ref: await storeCertificate(
      system.api,
      'vip',
      issueCertificate(ca, 'vip.lbaas.test'),
    ),
    default_pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', members: members([web1]) },
    ...extra,
  });

  it('accepts exactly the TLS versions and ciphers the listener names', async () => {
    const ca = certificateAuthority(tlsDir, 'Versions CA');
    const lb = await createLb([await terminatedHttps(ca, { tls_versions: ['TLSv1.3'] })]);
    const vip = lb.vip_address as string;
    const handshake = (...options: string[]) => network.tlsHandshake(client, vip, 443, options);
    expect(handshake('-tls1_2').error).toBeDefined();
    expect(handshake('-tls1_3').protocol).toBe('TLSv1.3');

    await change(
      'put',
      `/v2.0/lbaas/listeners/${await listenerOf(lb)}`,
      { listener: { tls_versions: ['TLSv1.2'], tls_ciphers: 'ECDHE-RSA-AES256-GCM-SHA384' } },
      lb.id as string,
    );
    await waitFor('TLS 1.2 with the one cipher', () =>
      Promise.resolve(handshake().protocol === 'TLSv1.2' ? true : undefined),
    );
    expect(handshake()).toEqual({ protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-GCM-SHA384' });
    expect(handshake('-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256').error).toBeDefined();
    expect(handshake('-tls1_3').error).toBeDefined();
    expect(network.curl(client, ['-k', `https://${vip}/`])).toBe('WEB1');
  });

  it('asks clients for certificates: OPTIONAL routes by SSL_CONN_HAS_CERT, MANDATORY refuses none, strangers and the revoked, and members see X-SSL-Client-*', async () => {
    const ca = certificateAuthority(tlsDir, 'Clients CA');
    const alice = issueCertificate(ca, 'alice', '/OU=ops');
    const mallory = issueCertificate(ca, 'mallory');
    const eve = issueCertificate(certificateAuthority(tlsDir, 'Stranger CA'), 'eve');
    const lb = await createLb([
      await terminatedHttps(ca, {
        client_authentication: 'OPTIONAL',
        client_ca_tls_container_ref: await createSecret(system.api, 'clients ca', ca.certificate),
        client_crl_container_ref: await createSecret(system.api, 'crl', revocationList(ca, [mallory])),
        insert_headers: {
          'X-SSL-Client-Verify': 'true',
          'X-SSL-Client-Has-Cert': 'true',
          'X-SSL-Client-CN': 'true',
          'X-SSL-Client-DN': 'true',
        },
        l7policies: [
          {
            action: 'REDIRECT_TO_POOL',
            redirect_pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', members: members([web2]) },
            rules: [{ type: 'SSL_CONN_HAS_CERT', compare_type: 'EQUAL_TO', value: 'True' }],
          },
        ],
      }),
    ]);
    const url = `https://${lb.vip_address as string}/`;
    const withCertificate = (certificate: SelfSigned, path = '') => [
      '-k',
      '--cert',
      certificate.certificatePath,
      '--key',
      certificate.privateKeyPath,
      `${url}${path}`,
    ];
    expect(network.curl(client, ['-k', `${url}anonymous`])).toBe('WEB1');
    expect(network.curl(client, withCertificate(alice, 'alice'))).toBe('WEB2');
    expect((await received(web2, '/alice')).ssl).toEqual({
      'x-ssl-client-verify': '0',
      'x-ssl-client-has-cert': '1',
      'x-ssl-client-cn': 'alice',
      'x-ssl-client-dn': '/CN=alice/OU=ops',
    });
    expect((await received(web1, '/anonymous')).ssl).toMatchObject({ 'x-ssl-client-has-cert': '0' });

    await change(
      'put',
      `/v2.0/lbaas/listeners/${await listenerOf(lb)}`,
      { listener: { client_authentication: 'MANDATORY' } },
      lb.id as string,
    );
    await waitFor('a client without a certificate refused', () =>
      Promise.resolve(network.curl(client, ['-k', url]).startsWith('ERROR') ? true : undefined),
    );
    expect(network.curl(client, withCertificate(alice))).toBe('WEB2');
    expect(network.curl(client, withCertificate(mallory))).toMatch(/^ERROR/);
    expect(network.curl(client, withCertificate(eve))).toMatch(/^ERROR/);
  });

  it('re-encrypts to members over TLS; with a CA, a member whose certificate another CA signed is marked down and not used', async () => {
    const memberCa = certificateAuthority(tlsDir, 'Member CA');
    network.serve(web1, 'WEB1-TLS', 8443, undefined, issueCertificate(memberCa, web1.address));
    network.serve(
      web2,
      'WEB2-TLS',
      8443,
      undefined,
      issueCertificate(certificateAuthority(tlsDir, 'Rogue CA'), web2.address),
    );
    const lb = await createLb([
      {
        protocol: 'HTTP',
        protocol_port: 80,
        default_pool: {
          protocol: 'HTTP',
          lb_algorithm: 'ROUND_ROBIN',
          tls_enabled: true,
          members: members([web1, { protocol_port: 8443 }], [web2, { protocol_port: 8443 }]),
          healthmonitor: { type: 'TLS-HELLO', delay: 1, timeout: 1, max_retries: 1, max_retries_down: 1 },
        },
      },
    ]);
    const vip = lb.vip_address as string;
    const poolId = await poolOf(lb);
    const memberStatus = async (address: string) =>
      (
        (await system.api.get<Json>(`/v2.0/lbaas/pools/${poolId}/members?address=${address}`)).body
          .members as Json[]
      )[0]?.operating_status as string | undefined;
    // No CA: any certificate will do; the TLS-HELLO checks find both up.
    await waitFor('both members ONLINE', async () =>
      (await memberStatus(web1.address)) === 'ONLINE' && (await memberStatus(web2.address)) === 'ONLINE'
        ? true
        : undefined,
    );
    expect(count(answers(vip, 4))).toEqual({ 'WEB1-TLS': 2, 'WEB2-TLS': 2 });
    expect(network.curl(client, [`http://${vip}/reencrypted`])).toMatch(/^WEB[12]-TLS$/);
    const request = await waitFor('a member to log /reencrypted', () =>
      Promise.resolve(
        [web1, web2]
          .flatMap((host) => network.requestsReceived(host, 8443))
          .find((seen) => seen.url === '/reencrypted'),
      ),
    );
    expect(request.tls).toBe('TLSv1.3');

    await change(
      'put',
      `/v2.0/lbaas/pools/${poolId}`,
      { pool: { ca_tls_container_ref: await createSecret(system.api, 'member ca', memberCa.certificate) } },
      lb.id as string,
    );
    await waitFor('the rogue member OFFLINE', async () =>
      (await memberStatus(web2.address)) === 'OFFLINE' ? true : undefined,
    );
    expect(await memberStatus(web1.address)).toBe('ONLINE');
    expect(count(answers(vip, 4))).toEqual({ 'WEB1-TLS': 4 });
    network.stopServer(web1, 8443);
    network.stopServer(web2, 8443);
  });
});

describe('backup members and listener timeouts (Octavia 2.1)', () => {
  it('sends nothing to a backup member while a member is up and everything once none is; a member slower than timeout_member_data gets a 504', async () => {
    const lb = await createLb([
      {
        protocol: 'HTTP',
        protocol_port: 80,
        timeout_member_data: 1000,
        default_pool: {
          protocol: 'HTTP',
          lb_algorithm: 'ROUND_ROBIN',
          members: members([web1], [web2, { backup: true }]),
          healthmonitor: { type: 'HTTP', delay: 1, timeout: 1, max_retries: 1, max_retries_down: 1 },
        },
      },
    ]);
    const vip = lb.vip_address as string;
    expect(count(answers(vip, 4))).toEqual({ WEB1: 4 });
    // /slow answers after 5 s; a second past the last byte haproxy gives up on the member and answers 504.
    expect(network.curl(client, ['-o', '/dev/null', '-w', '%{http_code}', `http://${vip}/slow`])).toBe('504');

    network.stopServer(web1);
    try {
      await waitFor(
        'the backup member to take over',
        () => Promise.resolve(answers(vip, 2).every((answer) => answer === 'WEB2') ? true : undefined),
        30_000,
      );
    } finally {
      network.serve(web1, 'WEB1', 80, 9000);
    }
    await waitFor(
      'WEB1 back, and the backup idle again',
      () => Promise.resolve(answers(vip, 2).every((answer) => answer === 'WEB1') ? true : undefined),
      30_000,
    );
  });
});

describe('flavors (Octavia 2.6)', () => {
  it("gives a load balancer created with a flavor its profile's haproxy settings", async () => {
    const profile = await system.api.post<Json>('/v2/lbaas/flavorprofiles', {
      flavorprofile: {
        name: 'tuned',
        provider_name: 'haproxy',
        flavor_data: '{"maxconn": 5000, "nbthread": 2}',
      },
    });
    const flavor = await system.api.post<Json>('/v2/lbaas/flavors', {
      flavor: { name: 'tuned', flavor_profile_id: profile.body.flavorprofile.id },
    });
    const lb = await createLb([httpListener()], [], { flavor_id: flavor.body.flavor.id });
    expect(network.curl(client, [`http://${lb.vip_address as string}/`])).toBe('WEB1');
    const dir = join(statePath, 'lbaas', 'v2', lb.id as string);
    const global = readFileSync(join(dir, 'haproxy.conf'), 'utf8').split('\n\n')[0];
    expect(global).toContain('\n    maxconn 5000');
    expect(global).toContain('\n    nbthread 2');
    // The running haproxy has them: its own report on the admin socket.
    const info = await adminSocket(join(dir, 'haproxy.sock'), 'show info');
    expect(info).toMatch(/^Maxconn: 5000$/m);
    expect(info).toMatch(/^Nbthread: 2$/m);
  });
});

describe('allowed_cidrs (Octavia 2.12)', () => {
  it('serves only the sources the listener allows', async () => {
    const lb = await createLb([
      {
        protocol: 'HTTP',
        protocol_port: 80,
        allowed_cidrs: [`${client.address}/32`],
        default_pool: { protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN', members: members([web1]) },
      },
    ]);
    const url = `http://${lb.vip_address as string}/`;
    expect(network.curl(client, [url])).toBe('WEB1');
    const listenerId = await listenerOf(lb);
    await change(
      'put',
      `/v2.0/lbaas/listeners/${listenerId}`,
      { listener: { allowed_cidrs: ['198.51.100.0/28'] } },
      lb.id as string,
    );
    await waitFor('the client refused', () =>
      Promise.resolve(network.curl(client, [url]).startsWith('ERROR') ? true : undefined),
    );
    // A member's address is inside the allowed range: from there the VIP still answers.
    expect(network.curl(web2, [url])).toBe('WEB1');
  });
});

describe('access logs', () => {
  it('logs each request and connection with the ids to a file on the node, bounded under wrk, and to the tenant log target', async () => {
    const lb = await createLb([httpListener(), tcpListener()]);
    const vip = lb.vip_address as string;
    const { listeners } = (await system.api.get<Json>(`/v2/lbaas/listeners?loadbalancer_id=${lb.id}`))
      .body as {
      listeners: Json[];
    };
    const http = listeners.find((listener) => listener.protocol === 'HTTP')!;
    const tcp = listeners.find((listener) => listener.protocol === 'TCP')!;
    const logFile = join(statePath, 'access-logs', `${lb.id}.log`);
    const logLines = () =>
      [`${logFile}.1`, logFile]
        .filter((file) => existsSync(file))
        .flatMap((file) => readFileSync(file, 'utf8').trimEnd().split('\n'));
    const logged = (marker: string) =>
      waitFor(`an access log line with ${marker}`, () =>
        Promise.resolve(logLines().find((line) => line.includes(marker))),
      );

    expect(answers(vip, 1, '/first-request')).toEqual(['WEB1']);
    expect(network.tcpRead(client, vip, 8080)).toBe('WEB2');
    const request = (await logged('/first-request')).split(' ');
    // Octavia's default format: project, load balancer, listener, client, port, time, request, status…
    expect(request.slice(0, 4)).toEqual([lb.project_id, lb.id, http.id, client.address]);
    expect(request.slice(6, 10)).toEqual(['"GET', '/first-request', 'HTTP/1.1"', '200']);
    expect(request.slice(-4, -2)).toEqual([http.default_pool_id, expect.any(String)]);
    const connection = (await logged(`${lb.id} ${tcp.id as string} `)).split(' ');
    expect(connection.slice(0, 4)).toEqual([lb.project_id, lb.id, tcp.id, client.address]);
    expect(connection.slice(-4, -2)).toEqual([tcp.default_pool_id, expect.any(String)]);
    // The operator's syslog receiver gets the same line, as an RFC 5424 message of facility local0.
    await waitFor('the line at the tenant log target', () =>
      Promise.resolve(forwardedLogs.find((message) => message.includes('/first-request'))),
    ).then((message) => expect(message).toMatch(/^<134>1 /));
    expect(statSync(logFile).mode & 0o777).toBe(0o640);

    // Under wrk the file rotates and stays within its bound; the newest line is always there.
    execFileSync('ip', ['netns', 'exec', client.namespace, 'wrk', '-t1', '-c8', '-d4s', `http://${vip}/`], {
      timeout: 60_000,
      stdio: 'pipe',
    });
    expect(answers(vip, 1, '/after-wrk')).toEqual(['WEB1']);
    await logged('/after-wrk');
    expect(existsSync(`${logFile}.1`)).toBe(true);
    expect(existsSync(`${logFile}.2`)).toBe(false);
    for (const file of [logFile, `${logFile}.1`])
      expect(statSync(file).size).toBeLessThanOrEqual(ACCESS_LOG_MAX_BYTES);

    // Deleting the load balancer takes its log files and pipe with it.
    expect((await system.api.delete(`/v2/lbaas/loadbalancers/${lb.id}?cascade=true`)).status).toBe(204);
    await waitFor('the log files gone', () =>
      Promise.resolve(
        readdirSync(join(statePath, 'access-logs')).some((name) => name.startsWith(lb.id as string))
          ? undefined
          : true,
      ),
    );
    expect(existsSync(join(statePath, 'log-pipes', `${lb.id}.pipe`))).toBe(false);
  });
});

describe('additional VIPs (Octavia 2.26)', () => {
  it("answers on an additional VIP of the network's second subnet as on the first", async () => {
    const second = await system.api.post<Json>('/v2.0/subnets', {
      subnet: {
        network_id: networkId,
        cidr: '203.0.113.0/24',
        allocation_pools: [{ start: '203.0.113.128', end: '203.0.113.249' }],
      },
    });
    expect(second.status).toBe(201);
    const secondSubnet = second.body.subnet.id as string;
    const lb = await createLb([httpListener()], [], {
      additional_vips: [{ subnet_id: secondSubnet, ip_address: '203.0.113.140' }],
    });
    expect(lb.additional_vips).toEqual([{ subnet_id: secondSubnet, ip_address: '203.0.113.140' }]);
    const port = (await system.api.get<Json>(`/v2.0/ports/${lb.vip_port_id as string}`)).body.port as Json;
    expect(port.fixed_ips).toEqual(
      expect.arrayContaining([{ subnet_id: secondSubnet, ip_address: '203.0.113.140' }]),
    );
    const farClient = network.addHost('203.0.113.50');
    await waitFor('the additional VIP to answer', () =>
      Promise.resolve(network.get(farClient, 'http://203.0.113.140/') === 'WEB1' ? true : undefined),
    );
    expect(answers(lb.vip_address as string, 1)).toEqual(['WEB1']);
    await deleteLb(lb);
    expect((await system.api.delete(`/v2.0/subnets/${secondSubnet}`)).status).toBe(204);
  });
});

describe('a VIP on a port of the tenant (vip_port_id)', () => {
  it("serves on the address of the tenant's port, and gives the port back when deleted", async () => {
    const port = (
      await system.api.post<Json>('/v2.0/ports', {
        port: { network_id: networkId, fixed_ips: [{ subnet_id: subnetId, ip_address: '198.51.100.251' }] },
      })
    ).body.port as Json;
    const lb = await createLb([httpListener()], [], { vip_port_id: port.id });
    expect(lb).toMatchObject({ vip_address: '198.51.100.251', vip_port_id: port.id });
    await waitFor('the VIP on the tenant port to answer', () =>
      Promise.resolve(network.get(client, 'http://198.51.100.251/') === 'WEB1' ? true : undefined),
    );
    await deleteLb(lb);
    expect((await system.api.get<Json>(`/v2.0/ports/${port.id as string}`)).body.port.device_owner).toBe('');
    expect(sh(['ip', 'netns', 'list'])).not.toContain(`qlbaas-${lb.id as string}`);
    expect((await system.api.delete(`/v2.0/ports/${port.id as string}`)).status).toBe(204);
  });
});
