/**
 * Faults with real processes, one agent: host commands that fail (injected through wrappers on the agent's
 * PATH), RabbitMQ restarted in the middle of 20 changes, an upgrade under traffic (server stopped, PostgreSQL
 * restarted, a pending migration applied, server started),
 * and the PENDING watchdog. Each scenario prints its measured outage (the longest time a client in its
 * namespace got no answer from the VIP).
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from './support/api';
import { FaultInjector } from './support/fault-injection';
import {
  createTestNetwork,
  deleteLoadBalancers,
  httpLoadBalancerBody,
  loadBalancer,
  startTestAgent,
  waitForProvisioning,
} from './support/lb-fixtures';
import { freePort, startApp, type StartedProcess, stopProcess } from './support/processes';
import { metricSum, scrape } from './support/metrics';
import { serviceControl } from './support/services';
import { runDatabaseCommand } from './support/database';
import {
  cleanupAgentState,
  sh,
  type TestHost,
  type TestNetwork,
  NO_FAILURE_PROBE_TIMEOUT_MS,
} from './support/test-network';
import { startTestSystem, type TestSystem } from './support/test-system';
import { waitFor } from './support/wait';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOST = `e2e-faults-${process.pid}`;
// Short: haproxy limits the admin socket path under state_path.
const stateRoot = mkdtempSync(join(tmpdir(), 'lbft-'));
chmodSync(stateRoot, 0o711);
const statePath = join(stateRoot, 'agent');
const faults = new FaultInjector();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let system: TestSystem;
let server: StartedProcess;
let agent: StartedProcess;
let network: TestNetwork;
let subnetId: string;
let client: TestHost;
let web: Json;

const answer = (lb: Json) => network.get(client, `http://${lb.vip_address as string}/`);
const namespaces = (lbId: string) =>
  sh(['ip', 'netns', 'list'])
    .split('\n')
    .filter((line) => line.startsWith(`qlbaas-${lbId}`));
const tapOf = (lb: Json) => `tap${(lb.vip_port_id as string).slice(0, 11)}`;
const agentConfigOf = (lbId: string) =>
  readFileSync(join(statePath, 'lbaas', 'v2', lbId, 'haproxy.conf'), 'utf8');

let agentMetricsPort = 0;

function startAgent(): Promise<StartedProcess> {
  return startTestAgent(system, HOST, statePath, {
    ...faults.env(),
    LBAAS_METRICS_PORT: String(agentMetricsPort),
  });
}

async function waitServing(lb: Json): Promise<void> {
  await waitFor('the VIP to answer', () => Promise.resolve(answer(lb) === 'WEB1' ? true : undefined));
}

beforeAll(async () => {
  system = await startTestSystem('faults', { LBAAS_AGENT_DOWN_TIME: '5' });
  server = system.server;
  agentMetricsPort = await freePort();
  agent = await startAgent();
  const created = await createTestNetwork(system.api, 'faults');
  network = created.network;
  subnetId = created.subnetId;
  const member = network.addHost('198.51.100.11');
  client = network.addHost('198.51.100.50');
  network.serve(member, 'WEB1');
  const response = await system.api.post<Json>(
    '/v2.0/lbaas/loadbalancers',
    httpLoadBalancerBody(subnetId, [member.address]),
  );
  expect(response.status).toBe(201);
  web = await waitForProvisioning(system.api, response.body.loadbalancer.id as string, 'ACTIVE');
  await waitServing(web);
});

afterAll(async () => {
  const lbs = system
    ? ((
        await system.api.get<Json>('/v2.0/lbaas/loadbalancers').catch(() => ({ body: { loadbalancers: [] } }))
      ).body.loadbalancers as Json[])
    : [];
  await deleteLoadBalancers(
    system.api,
    lbs.map((lb) => lb.id as string),
  ).catch(() => undefined);
  await system?.teardown();
  cleanupAgentState(statePath);
  network?.teardown();
  faults.remove();
  rmSync(stateRoot, { recursive: true, force: true });
});

describe('request ids', () => {
  it("follow one API call through RPC into the agent's log lines for its deploy", async () => {
    const requestId = `req-${randomUUID()}`;
    const traced = new ApiClient(system.api.baseUrl, { 'X-Openstack-Request-Id': requestId });
    const response = await traced.put(`/v2.0/lbaas/loadbalancers/${web.id}`, {
      loadbalancer: { name: 'traced' },
    });
    expect(response.status).toBe(200);
    await waitForProvisioning(system.api, web.id as string, 'ACTIVE');
    const lineOf = (output: string, message: string) =>
      output
        .split('\n')
        .find((line) => line.includes(`"request_id":"${requestId}"`) && line.includes(`"msg":"${message}"`));
    const agentLine = await waitFor('the agent log line of the deploy', () =>
      Promise.resolve(lineOf(agent.output(), 'load balancer converged')),
    );
    expect(JSON.parse(agentLine)).toMatchObject({ loadbalancer_id: web.id, binary: 'lbaas-agent' });
    // And back: the agent's status report is handled on the server under the same id.
    await waitFor('the server log line of the settled deployment', () =>
      Promise.resolve(lineOf(server.output(), 'deployment settled')),
    );
  });
});

describe('metrics', () => {
  it('moves the counters of both apps when a change is deployed', async () => {
    const serverUrl = `${system.api.baseUrl}/metrics`;
    const agentUrl = `http://127.0.0.1:${agentMetricsPort}/metrics`;
    const before = { server: await scrape(serverUrl), agent: await scrape(agentUrl) };
    const updateRoute = { method: 'PUT', status: '200' };
    expect(
      (await system.api.put(`/v2.0/lbaas/loadbalancers/${web.id}`, { loadbalancer: { name: 'scraped' } }))
        .status,
    ).toBe(200);
    await waitForProvisioning(system.api, web.id as string, 'ACTIVE');
    for (let i = 0; i < 5; i++) expect(answer(web)).toBe('WEB1');
    const connections = (text: string) =>
      metricSum(text, 'lbaas_agent_loadbalancer_traffic', {
        loadbalancer_id: web.id as string,
        counter: 'total_connections',
      });
    // The agent's periodic pass (every second here) reads the stats socket.
    const agentAfter = await waitFor(
      'the agent to count the five requests',
      async () => {
        const text = await scrape(agentUrl);
        return connections(text) - connections(before.agent) >= 5 ? text : undefined;
      },
      20_000,
    );
    const after = { server: await scrape(serverUrl), agent: agentAfter };

    const moved = (side: 'server' | 'agent', name: string, labels: Record<string, string> = {}) =>
      metricSum(after[side], name, labels) - metricSum(before[side], name, labels);
    expect(moved('server', 'lbaas_api_requests_total', updateRoute)).toBeGreaterThanOrEqual(1);
    expect(
      metricSum(after.server, 'lbaas_api_request_duration_seconds_count', { method: 'PUT' }),
    ).toBeGreaterThan(0);
    expect(
      moved('server', 'lbaas_rpc_messages_total', {
        method: 'deploy_loadbalancer',
        kind: 'cast',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      metricSum(after.server, 'lbaas_loadbalancers', { provisioning_status: 'ACTIVE' }),
    ).toBeGreaterThanOrEqual(1);
    expect(metricSum(after.server, 'lbaas_agents', { alive: 'true' })).toBe(1);
    expect(
      metricSum(after.server, 'lbaas_scheduling_decisions_total', { agent_host: HOST }),
    ).toBeGreaterThanOrEqual(1);

    expect(
      moved('agent', 'lbaas_rpc_messages_total', {
        method: 'deploy_loadbalancer',
        kind: 'handled',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(moved('agent', 'lbaas_agent_deploys_total')).toBeGreaterThanOrEqual(1);
    expect(metricSum(after.agent, 'lbaas_agent_haproxy_processes')).toBeGreaterThanOrEqual(1);
  });
});

describe('agent-side faults', () => {
  it.each([
    ['ovs-vsctl', 'add-port', 'plugging the VIP port'],
    // The agent addresses the VIP in one `ip -n qlbaas-… -batch -`: the rule matches that batch's line.
    ['ip', '^addr replace ', 'addressing the VIP'],
    ['haproxy', '(^| )-D( |$)', 'starting haproxy'],
  ])(
    'a failing %s (%s) leaves ERROR with the reason and nothing half-built; a later update repairs it',
    async (command, pattern) => {
      faults.fail(command, pattern);
      let lb: Json;
      try {
        const response = await system.api.post<Json>(
          '/v2.0/lbaas/loadbalancers',
          httpLoadBalancerBody(subnetId, ['198.51.100.11'], `fault-${command}`),
        );
        expect(response.status).toBe(201);
        lb = await waitForProvisioning(system.api, response.body.loadbalancer.id as string, 'ERROR');
        // The reason reaches the server's log, naming the command that failed.
        await waitFor('the reason in the server log', () =>
          Promise.resolve(
            server
              .output()
              .split('\n')
              .some((line) => line.includes(lb.id as string) && line.includes(`injected fault: ${command}`))
              ? true
              : undefined,
          ),
        );
        // Rolled back: no namespace, no port, no haproxy of this load balancer.
        expect(namespaces(lb.id as string)).toEqual([]);
        expect(sh(['ovs-vsctl', '--timeout=10', 'list-ports', 'br-int'])).not.toContain(tapOf(lb));
        expect(sh(['pgrep', '-af', 'haproxy'], 10_000)).not.toContain(lb.id as string);
      } finally {
        faults.clear(command);
      }
      // Once the host is healthy again, any update rebuilds it.
      expect(
        (await system.api.put(`/v2.0/lbaas/loadbalancers/${lb.id}`, { loadbalancer: { name: 'repaired' } }))
          .status,
      ).toBe(200);
      await waitForProvisioning(system.api, lb.id as string, 'ACTIVE');
      const listener = (
        await system.api.get<Json>(`/v2.0/lbaas/listeners/${(lb.listeners as Json[])[0].id as string}`)
      ).body.listener as Json;
      expect(listener.provisioning_status).toBe('ACTIVE');
      await waitServing(lb);
      await deleteLoadBalancers(system.api, [lb.id as string]);
      expect(namespaces(lb.id as string)).toEqual([]);
    },
  );
});

describe('restarts', () => {
  it('restarting RabbitMQ while 20 changes are made: all end ACTIVE and in the haproxy config', async () => {
    // A second listener and pool take the 20 members, so port 80 keeps answering from WEB1.
    const listener = await system.api.post<Json>('/v2.0/lbaas/listeners', {
      listener: { loadbalancer_id: web.id, protocol: 'HTTP', protocol_port: 8080 },
    });
    expect(listener.status).toBe(201);
    await waitForProvisioning(system.api, web.id as string, 'ACTIVE');
    const pool = await system.api.post<Json>('/v2.0/lbaas/pools', {
      pool: { listener_id: listener.body.listener.id, protocol: 'HTTP', lb_algorithm: 'ROUND_ROBIN' },
    });
    expect(pool.status).toBe(201);
    await waitForProvisioning(system.api, web.id as string, 'ACTIVE');
    const poolId = pool.body.pool.id as string;

    const probe = network.probe(client, `http://${web.vip_address as string}/`, NO_FAILURE_PROBE_TIMEOUT_MS);
    const memberIds: string[] = [];
    const changes = (async () => {
      for (let i = 0; i < 20; i++) {
        // One change at a time per load balancer: a 409 (still PENDING) means try again shortly.
        const created = await waitFor(
          `member ${i} accepted`,
          async () => {
            const response = await system.api.post<Json>(`/v2.0/lbaas/pools/${poolId}/members`, {
              member: { address: `198.51.100.${100 + i}`, protocol_port: 8000 + i },
            });
            if (response.status === 409) return undefined;
            expect(response.status).toBe(201);
            return response.body.member as Json;
          },
          120_000,
          200,
        );
        memberIds.push(created.id as string);
      }
    })();
    await waitFor('three changes made', () => Promise.resolve(memberIds.length >= 3 ? true : undefined));
    serviceControl('stop_rabbitmq');
    await sleep(3000);
    serviceControl('start_rabbitmq');
    await changes;
    await waitForProvisioning(system.api, web.id as string, 'ACTIVE', 120_000);
    const outage = await probe.stop();
    console.log(
      `outage, RabbitMQ restarted during 20 changes: ${outage.outage_s.toFixed(1)} s (${outage.failed} failed of ${outage.ok + outage.failed})`,
    );
    expect(outage.failed).toBe(0);

    const members = (await system.api.get<Json>(`/v2.0/lbaas/pools/${poolId}/members`)).body
      .members as Json[];
    expect(members).toHaveLength(20);
    expect(members.every((member) => member.provisioning_status === 'ACTIVE')).toBe(true);
    const config = agentConfigOf(web.id as string);
    for (const id of memberIds) expect(config).toContain(id);
  });

  it('an upgrade under traffic (server stopped, PostgreSQL restarted, a migration applied): the VIP keeps answering, the API recovers, agents untouched', async () => {
    const agentPid = agent.child.pid;
    const probe = network.probe(client, `http://${web.vip_address as string}/`, NO_FAILURE_PROBE_TIMEOUT_MS);
    await stopProcess(server);
    // The schema of the release before: the newest migration is still to come.
    // downgrade reverts nothing unless told which migration (it may drop a table with its rows).
    let refusal = '';
    try {
      runDatabaseCommand(system.databaseUrl, 'downgrade');
    } catch (error) {
      refusal = String((error as { stderr?: Buffer }).stderr);
    }
    const pending = /the newest migration is (\S+);/.exec(refusal)?.[1];
    expect(pending).toBeDefined();
    expect(runDatabaseCommand(system.databaseUrl, 'downgrade', pending!)).toContain(
      `reverted migration ${pending!}`,
    );
    serviceControl('stop_postgresql');
    await sleep(3000);
    serviceControl('start_postgresql');
    const printed = await waitFor('lbaas-server migrate to succeed', () =>
      Promise.resolve(runDatabaseCommand(system.databaseUrl, 'migrate')),
    );
    expect(printed).toContain(`applied migration ${pending!}`);
    // The same server again, now also with a short pending_timeout for the watchdog test below.
    server = startApp('lbaas-server', {
      ...system.env,
      LBAAS_BIND_PORT: String(system.port),
      LBAAS_AGENT_DOWN_TIME: '5',
      LBAAS_PENDING_TIMEOUT: '8',
    });
    await waitFor('the API to answer again', async () =>
      (await system.api.get('/healthz')).status === 200 ? true : undefined,
    );
    expect(
      (
        await system.api.put(`/v2.0/lbaas/loadbalancers/${web.id}`, {
          loadbalancer: { name: 'after restart' },
        })
      ).status,
    ).toBe(200);
    await waitForProvisioning(system.api, web.id as string, 'ACTIVE');
    const outage = await probe.stop();
    console.log(
      `outage, upgrade (server stopped, PostgreSQL restarted, ${pending!} applied): ${outage.outage_s.toFixed(1)} s (${outage.failed} failed of ${outage.ok + outage.failed})`,
    );
    expect(outage.failed).toBe(0);
    expect(agent.child.pid).toBe(agentPid);
    expect(agent.child.exitCode).toBeNull();
  });
});

describe('PENDING watchdog', () => {
  it('sends a change again, then sets ERROR with the reason when no agent answers; an update repairs it', async () => {
    await stopProcess(agent);
    // haproxy keeps serving without its agent.
    expect(answer(web)).toBe('WEB1');
    expect(
      (await system.api.put(`/v2.0/lbaas/loadbalancers/${web.id}`, { loadbalancer: { name: 'unanswered' } }))
        .status,
    ).toBe(200);
    expect((await loadBalancer(system.api, web.id as string)).provisioning_status).toBe('PENDING_UPDATE');
    await waitForProvisioning(system.api, web.id as string, 'ERROR', 45_000);
    const lines = server.output().split('\n');
    expect(
      lines.some((line) => line.includes('sending the change again') && line.includes(web.id as string)),
    ).toBe(true);
    expect(
      lines.some((line) => line.includes('no outcome from agent') && line.includes(web.id as string)),
    ).toBe(true);

    agent = await startAgent();
    expect(
      (await system.api.put(`/v2.0/lbaas/loadbalancers/${web.id}`, { loadbalancer: { name: 'answered' } }))
        .status,
    ).toBe(200);
    await waitForProvisioning(system.api, web.id as string, 'ACTIVE');
    expect(answer(web)).toBe('WEB1');
    expect(existsSync(join(statePath, 'lbaas', 'v2', web.id as string))).toBe(true);
  });
});
