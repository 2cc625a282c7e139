/**
 * Failover with real processes: the agent hosting a load balancer dies with its node (kill -9 of the agent,
 * its haproxy killed, its namespace and port removed, its disk state kept), and the load balancer serves
 * again from the other agent with the same VIP. The returning agent must not touch what moved. When the
 * broker is down and every agent looks dead at once, nothing moves and haproxy keeps serving. Each scenario
 * prints its measured outage (the longest time a client in its namespace got no answer).
 */
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRackZone,
  createTestNetwork,
  httpLoadBalancerBody,
  waitForProvisioning,
} from './support/lb-fixtures';
import { runManage, startApp, type StartedProcess, stopGracefully, stopProcess } from './support/processes';
import { serviceControl, testBrokerConnection } from './support/services';
import {
  cleanupAgentState,
  loseNode,
  sh,
  type TestNetwork,
  type TestHost,
  NO_FAILURE_PROBE_TIMEOUT_MS,
} from './support/test-network';
import { startTestSystem, type TestSystem } from './support/test-system';
import { RpcClient } from '@lbaas/rpc';
import { PLUGIN_TOPIC, PluginMethod } from '@lbaas/contracts';
import { ApiClient } from './support/api';
import { metricSum, scrape } from './support/metrics';
import { freePort } from './support/processes';
import { waitFor } from './support/wait';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// Longer than two missed reports, so a busy machine does not make a live agent look dead.
const AGENT_DOWN_TIME = 5;
/** A broker outage far longer than agent_down_time, and than the agents' longest reconnect delay. */
const BROKER_OUTAGE_S = 60;
// Short: haproxy limits the admin socket path under each state_path.
const stateRoot = mkdtempSync(join(tmpdir(), 'lbfo-'));
chmodSync(stateRoot, 0o711);
const HOSTS = [`e2e-fo-a-${process.pid}`, `e2e-fo-b-${process.pid}`];
/** Each agent's availability zone: load balancers created without a zone ignore them. */
const zoneOf = (host: string) => `e2e-fo-zone-${HOSTS.indexOf(host)}-${process.pid}`;
const agents = new Map<string, StartedProcess>();
let system: TestSystem;
let network: TestNetwork;
let subnetId: string;
let web: TestHost;
let client: TestHost;
let lb: Json;
let serverStartedAt = 0;

function startAgent(host: string): void {
  agents.set(
    host,
    startApp('lbaas-agent', {
      ...system.env,
      LBAAS_HOST: host,
      LBAAS_AVAILABILITY_ZONE: zoneOf(host),
      LBAAS_STATE_PATH: join(stateRoot, host),
      LBAAS_REPORT_INTERVAL: '1',
      LBAAS_PERIODIC_INTERVAL: '1',
    }),
  );
}

async function hostOf(lbId: string, api: ApiClient = system.api): Promise<string> {
  return (await api.get<Json>(`/v2.0/lbaas/loadbalancers/${lbId}/loadbalancer-hosting-agent`)).body.agent
    .host as string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function allAlive(timeoutMs = 30_000): Promise<void> {
  await waitFor(
    'both agents alive',
    async () => {
      const { agents: list } = (await system.api.get<Json>('/v2.0/agents?alive=true')).body as {
        agents: Json[];
      };
      return HOSTS.every((host) => list.some((a) => a.host === host)) ? true : undefined;
    },
    timeoutMs,
  );
}

/** A host's agent starts again: alive, and rid of the state of the load balancer that moved meanwhile. */
async function comesBack(host: string): Promise<void> {
  startAgent(host);
  await allAlive();
  await waitFor(
    'the returning agent to drop its stale state',
    () =>
      Promise.resolve(existsSync(join(stateRoot, host, 'lbaas', 'v2', lb.id as string)) ? undefined : true),
    30_000,
  );
}

/** The triggers of the failovers of `lbId` the server logged after `from` (an offset into its output). */
function failoverTriggers(lbId: string, from: number): string[] {
  return system.server
    .output()
    .slice(from)
    .split('\n')
    .filter((line) => line.includes(lbId) && line.includes('load balancer failed over'))
    .map((line) => (JSON.parse(line) as { trigger: string }).trigger);
}

async function provisioningStatus(): Promise<string> {
  return (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}`)).body.loadbalancer
    .provisioning_status as string;
}

const vipNamespaces = () =>
  sh(['ip', 'netns', 'list'])
    .split('\n')
    .filter((line) => line.startsWith(`qlbaas-${lb.id}`));

/** Everything the server and both agents printed, for a failure message. */
const processOutputs = () =>
  [system.server, ...agents.values()]
    .map((process, index) => `--- ${index === 0 ? 'server' : HOSTS[index - 1]}:\n${process.output()}`)
    .join('\n');

const answer = () => network.get(client, `http://${lb.vip_address as string}/`);

beforeAll(async () => {
  system = await startTestSystem('failover', { LBAAS_AGENT_DOWN_TIME: String(AGENT_DOWN_TIME) });
  // Its /healthz answers once it is connected to the broker, where its failover hold starts.
  serverStartedAt = Date.now();
  for (const host of HOSTS) startAgent(host);
  await allAlive();
  const created = await createTestNetwork(system.api, 'failover');
  network = created.network;
  subnetId = created.subnetId;
  web = network.addHost('198.51.100.11');
  client = network.addHost('198.51.100.50');
  network.serve(web, 'WEB1');
  const response = await system.api.post<Json>(
    '/v2.0/lbaas/loadbalancers',
    httpLoadBalancerBody(created.subnetId, [web.address]),
  );
  expect(response.status).toBe(201);
  lb = response.body.loadbalancer as Json;
  await waitFor(
    'the load balancer to serve',
    () => Promise.resolve(answer() === 'WEB1' ? true : undefined),
    60_000,
  ).catch(async (error: Error) => {
    const state = (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}`)).body;
    const logs = [...agents.values()]
      .map((a) =>
        a
          .output()
          .split('\n')
          .filter((l) => l.includes('failed'))
          .join('\n'),
      )
      .join('\n---\n');
    throw new Error(
      `${error.message}; load balancer: ${JSON.stringify(state)}; answer: ${answer()}; agents: ${logs}`,
    );
  });
});

afterAll(async () => {
  if (lb) await system.api.delete(`/v2.0/lbaas/loadbalancers/${lb.id}?cascade=true`).catch(() => undefined);
  await waitFor(
    'delete',
    async () =>
      (await system.api.get(`/v2.0/lbaas/loadbalancers/${lb?.id}`)).status === 404 ? true : undefined,
    30_000,
  ).catch(() => undefined);
  await Promise.all([...agents.values()].map((agent) => stopProcess(agent)));
  for (const host of HOSTS) cleanupAgentState(join(stateRoot, host), host);
  network?.teardown();
  await system?.teardown();
  rmSync(stateRoot, { recursive: true, force: true });
});

describe('agent failover', () => {
  it('serves again from the other agent with the same VIP after the hosting node dies', async () => {
    const failed = await hostOf(lb.id as string);
    const survivor = HOSTS.find((host) => host !== failed)!;
    // A server that has just started waits agent_down_time plus the agents' longest reconnect delay (12 s)
    // before it moves anything; a node failure is measured on a system that has been up longer.
    await sleep(Math.max(0, serverStartedAt + (AGENT_DOWN_TIME + 13) * 1000 - Date.now()));
    const probe = network.probe(client, `http://${lb.vip_address as string}/`);
    await sleep(500);
    const logFrom = system.server.output().length;
    loseNode(agents.get(failed)!.child, join(stateRoot, failed), failed);
    // Nothing serves the VIP now (a request would wait and be answered by the new agent: failover is fast).
    expect(vipNamespaces()).toEqual([]);
    await waitFor(
      'the VIP to answer again',
      () => Promise.resolve(answer() === 'WEB1' ? true : undefined),
      (AGENT_DOWN_TIME + 15) * 1000,
    );
    const outage = await probe.stop();
    console.log(`outage, node failure of the hosting agent: ${outage.outage_s.toFixed(1)} s`);
    expect(outage.outage_s).toBeLessThan(AGENT_DOWN_TIME + 10);
    expect(await hostOf(lb.id as string)).toBe(survivor);
    // The broker saw the killed agent's connection close: moved without waiting for agent_down_time.
    expect(failoverTriggers(lb.id as string, logFrom)).toEqual(['agent gone']);
    await waitFor('ACTIVE', async () => ((await provisioningStatus()) === 'ACTIVE' ? true : undefined));

    // The old agent comes back: it drops its stale state and leaves the moved load balancer alone.
    await comesBack(failed);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(answer()).toBe('WEB1');
    expect(vipNamespaces()).toHaveLength(1);
    expect(sh(['ovs-vsctl', '--timeout=10', 'list-ports', 'br-int'])).toContain(
      `tap${(lb.vip_port_id as string).slice(0, 11)}`,
    );
  });

  it('waits agent_down_time for an agent that said it was stopping (a restart), then moves its load balancers', async () => {
    const stopping = await hostOf(lb.id as string);
    const logFrom = system.server.output().length;
    await stopGracefully(agents.get(stopping)!);
    // Then its node goes too (two agents share this machine: the other one could not build its namespace).
    cleanupAgentState(join(stateRoot, stopping), stopping);
    await waitFor('the last report to say it is stopping', async () =>
      (await system.api.get<Json>(`/v2.0/agents?host=${stopping}`)).body.agents[0]?.configurations
        .stopping === true
        ? true
        : undefined,
    );
    await waitFor(
      'the load balancer ACTIVE on the other agent',
      async () =>
        (await hostOf(lb.id as string)) !== stopping && (await provisioningStatus()) === 'ACTIVE'
          ? true
          : undefined,
      (AGENT_DOWN_TIME + 30) * 1000,
    );
    // Its queue lost its consumer at once, but only the missed heartbeats moved it.
    expect(failoverTriggers(lb.id as string, logFrom)).toEqual(['agent down']);
    // Back, it drops its stale state and says it is not stopping.
    await comesBack(stopping);
    expect(
      (await system.api.get<Json>(`/v2.0/agents?host=${stopping}`)).body.agents[0].configurations.stopping,
    ).toBe(false);
    await waitFor('the VIP to answer', () => Promise.resolve(answer() === 'WEB1' ? true : undefined), 30_000);
    expect(vipNamespaces()).toHaveLength(1);
  });

  it('moves a load balancer to the other agent when an admin asks for a failover', async () => {
    const before = await hostOf(lb.id as string);
    expect((await system.api.put(`/v2.0/lbaas/loadbalancers/${lb.id}/failover`)).status).toBe(202);
    await waitFor(
      'ACTIVE on the other agent',
      async () => {
        const { body } = await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}`);
        return body.loadbalancer.provisioning_status === 'ACTIVE' &&
          (await hostOf(lb.id as string)) !== before
          ? true
          : undefined;
      },
      30_000,
    );
    await waitFor(
      'the VIP to answer from its new agent',
      () => Promise.resolve(answer() === 'WEB1' ? true : undefined),
      30_000,
    );
  });

  it("shows the running instance as an amphora (Octavia's amphora API); configure resends it, failover moves it", async () => {
    const amphorae = async () =>
      (await system.api.get<Json>(`/v2/octavia/amphorae?loadbalancer_id=${lb.id}`)).body.amphorae as Json[];
    const [before, ...others] = await amphorae();
    expect(others).toEqual([]);
    expect(before).toMatchObject({
      loadbalancer_id: lb.id,
      compute_id: await hostOf(lb.id as string),
      role: 'STANDALONE',
      status: 'ALLOCATED',
      ha_ip: lb.vip_address,
      ha_port_id: lb.vip_port_id,
    });
    expect((await system.api.get<Json>(`/v2.0/octavia/amphorae/${before.id}`)).body.amphora).toEqual(before);
    expect((await system.api.as('project-x', 'member').get('/v2/octavia/amphorae')).status).toBe(403);
    const stats = (await system.api.get<Json>(`/v2/octavia/amphorae/${before.id}/stats`)).body
      .amphora_stats as Json[];
    expect(stats).toEqual([
      expect.objectContaining({
        id: before.id,
        loadbalancer_id: lb.id,
        total_connections: expect.any(Number),
      }),
    ]);

    // configure: the same agent is sent the configuration again; the instance stays.
    expect((await system.api.put(`/v2/octavia/amphorae/${before.id}/config`)).status).toBe(202);
    await waitFor('ACTIVE after configure', async () =>
      (await provisioningStatus()) === 'ACTIVE' ? true : undefined,
    );
    expect((await amphorae()).map((amphora) => amphora.id)).toEqual([before.id]);

    // failover: a new instance on the other agent; the old one is gone, and the VIP answers from the new.
    expect((await system.api.put(`/v2/octavia/amphorae/${before.id}/failover`)).status).toBe(202);
    const after = await waitFor('a new amphora on the other agent', async () => {
      const [amphora] = await amphorae();
      return (await provisioningStatus()) === 'ACTIVE' && amphora && amphora.compute_id !== before.compute_id
        ? amphora
        : undefined;
    });
    expect(after.id).not.toBe(before.id);
    expect((await system.api.get(`/v2/octavia/amphorae/${before.id}`)).status).toBe(404);
    await waitFor(
      'the VIP to answer from the new instance',
      () => Promise.resolve(answer() === 'WEB1' ? true : undefined),
      30_000,
    );
  });

  it('moves nothing and keeps serving while RabbitMQ is down for longer than agent_down_time', async () => {
    const host = await hostOf(lb.id as string);
    const probe = network.probe(client, `http://${lb.vip_address as string}/`, NO_FAILURE_PROBE_TIMEOUT_MS);
    serviceControl('stop_rabbitmq');
    try {
      await sleep(BROKER_OUTAGE_S * 1000);
      const { agents: seen } = (await system.api.get<Json>('/v2.0/agents')).body as { agents: Json[] };
      expect(seen.filter((agent) => HOSTS.includes(agent.host as string)).map((a) => a.alive)).toEqual([
        false,
        false,
      ]);
      expect(await hostOf(lb.id as string)).toBe(host);
    } finally {
      serviceControl('start_rabbitmq');
    }
    // Nobody restarts anything: server and agents reconnect by themselves.
    await allAlive(60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${processOutputs()}`);
    });
    await sleep(5000);
    expect(await hostOf(lb.id as string)).toBe(host);
    const outage = await probe.stop();
    console.log(
      `outage, RabbitMQ down ${BROKER_OUTAGE_S} s: ${outage.outage_s.toFixed(1)} s (${outage.failed} failed of ${outage.ok + outage.failed})`,
    );
    expect(outage.failed).toBe(0);
    expect(vipNamespaces()).toHaveLength(1);
    // The control plane works again: a change reaches the agent and settles.
    expect(
      (await system.api.put(`/v2.0/lbaas/loadbalancers/${lb.id}`, { loadbalancer: { name: 'after' } }))
        .status,
    ).toBe(200);
    await waitFor('ACTIVE after the outage', async () =>
      (await provisioningStatus()) === 'ACTIVE' ? true : undefined,
    );
    expect(answer()).toBe('WEB1');
  });
  it('lbaas-manage lists the agents with their load balancers, and reschedules one', async () => {
    const manage = (...args: string[]) => runManage(system.env, ...args);
    expect(manage('check-config')).toContain('configuration is valid');
    const host = await hostOf(lb.id as string);
    const listing = manage('agents');
    expect(listing).toMatch(new RegExp(`^${host}  alive  enabled .*load balancers: 1$`, 'm'));
    expect(listing).toContain(`    ${lb.id as string}  ${lb.vip_address as string}  ACTIVE`);

    const other = HOSTS.find((name) => name !== host)!;
    expect(manage('reschedule', lb.id as string)).toContain(`now on ${other}, PENDING_UPDATE`);
    await waitFor('ACTIVE after reschedule', async () =>
      (await provisioningStatus()) === 'ACTIVE' ? true : undefined,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message} (now ${await provisioningStatus()})\n${processOutputs()}`);
    });
    expect(await hostOf(lb.id as string)).toBe(other);
    await waitFor('the VIP to answer from the new agent', () =>
      Promise.resolve(answer() === 'WEB1' ? true : undefined),
    );
    expect(manage('purge')).toContain('0 agent(s) purged');
  });

  it("places a load balancer of an availability zone only on that zone's agents, and keeps it there in a failover", async () => {
    await allAlive();
    const { agents: reported } = (await system.api.get<Json>('/v2.0/agents')).body as { agents: Json[] };
    for (const host of HOSTS)
      expect(reported.find((agent) => agent.host === host)?.availability_zone).toBe(zoneOf(host));
    // The zone of the agent that hosts the first load balancer: the least loaded one would be the other.
    const zoneHost = await hostOf(lb.id as string);
    const profileId = await createRackZone(system.api, 'fo-rack', zoneOf(zoneHost));
    const body = httpLoadBalancerBody(subnetId, [web.address], 'zoned');
    const created = await system.api.post<Json>('/v2.0/lbaas/loadbalancers', {
      loadbalancer: { ...body.loadbalancer, availability_zone: 'fo-rack' },
    });
    expect(created.status).toBe(201);
    const zoned = created.body.loadbalancer as Json;
    const zonedAnswer = () => network.get(client, `http://${zoned.vip_address as string}/`);
    const activeOn = async () => {
      const { body: shown } = await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${zoned.id}`);
      return shown.loadbalancer.provisioning_status === 'ACTIVE' ? hostOf(zoned.id as string) : undefined;
    };
    try {
      expect(await waitFor('the zoned load balancer ACTIVE', activeOn, 60_000)).toBe(zoneHost);
      await waitFor('the zoned VIP to answer', () =>
        Promise.resolve(zonedAnswer() === 'WEB1' ? true : undefined),
      );
      // The other agent is alive, but of another zone: the failover rebuilds it on the same one.
      const [before] = (await system.api.get<Json>(`/v2/octavia/amphorae?loadbalancer_id=${zoned.id}`)).body
        .amphorae as Json[];
      expect(before.compute_id).toBe(zoneHost);
      expect((await system.api.put(`/v2.0/lbaas/loadbalancers/${zoned.id}/failover`)).status).toBe(202);
      expect(await waitFor('ACTIVE after the failover', activeOn, 60_000)).toBe(zoneHost);
      await waitFor('the zoned VIP to answer after the failover', () =>
        Promise.resolve(zonedAnswer() === 'WEB1' ? true : undefined),
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${processOutputs()}`);
    } finally {
      await system.api.delete(`/v2.0/lbaas/loadbalancers/${zoned.id}?cascade=true`);
      await waitFor('the zoned load balancer gone', async () =>
        (await system.api.get(`/v2.0/lbaas/loadbalancers/${zoned.id}`)).status === 404 ? true : undefined,
      );
      await system.api.delete('/v2/lbaas/availabilityzones/fo-rack');
      await system.api.delete(`/v2/lbaas/availabilityzoneprofiles/${profileId}`);
    }
  });

  it('drops a report about a load balancer the reporting agent does not host, and counts it', async () => {
    const host = await hostOf(lb.id as string);
    const other = HOSTS.find((name) => name !== host)!;
    const connection = testBrokerConnection(system.transportUrl, 'e2e-forger');
    const rpc = new RpcClient(connection, 10_000);
    const before = system.server.output().length;
    const foreign = async () =>
      metricSum(await scrape(`${system.api.baseUrl}/metrics`), 'lbaas_foreign_agent_reports_total', {
        method: 'update_status',
      });
    // A stale agent's own late reports during the suite's earlier failovers count too.
    const counted = await foreign();
    try {
      // What a stale agent (after a failover) or a compromised node would send: the other host's name.
      const reply = await rpc.call<Json>(PLUGIN_TOPIC, PluginMethod.UpdateStatus, {
        loadbalancer_id: lb.id,
        host: other,
        deployed: false,
        reason: 'forged',
        statuses: [{ type: 'loadbalancer', id: lb.id, operating_status: 'OFFLINE' }],
      });
      expect(reply).toEqual({ recorded: false });
    } finally {
      await connection.onApplicationShutdown();
    }
    const shown = (await system.api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}`)).body
      .loadbalancer as Json;
    expect(shown.provisioning_status).toBe('ACTIVE');
    expect(shown.operating_status).not.toBe('OFFLINE');
    expect((await foreign()) - counted).toBe(1);
    const logged = system.server
      .output()
      .slice(before)
      .split('\n')
      .find((line) => line.includes('does not host; dropped'));
    expect(JSON.parse(logged!)).toMatchObject({
      loadbalancer_id: lb.id,
      agent_host: other,
      hosting_agent_host: host,
    });
  });

  it('runs the periodic duties on one server replica only, and another takes them over when it is killed', async () => {
    // A second replica on the same database and broker; it shares the agents' RPC queues too.
    const port = await freePort();
    const replica = startApp('lbaas-server', {
      ...system.env,
      LBAAS_BIND_PORT: String(port),
      LBAAS_AGENT_DOWN_TIME: String(AGENT_DOWN_TIME),
      // Short enough for the watchdog check below; a failover here settles well within it.
      LBAAS_PENDING_TIMEOUT: String(PENDING_TIMEOUT),
    });
    const replicaApi = new ApiClient(`http://127.0.0.1:${port}`);
    await waitFor('the second replica to answer', async () =>
      (await replicaApi.get('/healthz')).status === 200 ? true : undefined,
    );
    const held = async (api: ApiClient) =>
      metricSum(await scrape(`${api.baseUrl}/metrics`), 'lbaas_periodic_duties_held');
    expect([await held(system.api), await held(replicaApi)]).toEqual([1, 0]);
    const failedOver = (output: string) =>
      output
        .split('\n')
        .filter((line) => line.includes(lb.id as string) && /"trigger":"agent (down|gone)"/.test(line))
        .length;
    const nodeDies = async (api: ApiClient) => {
      const failed = await hostOf(lb.id as string, api);
      loseNode(agents.get(failed)!.child, join(stateRoot, failed), failed);
      await waitFor(
        'the load balancer ACTIVE on the other agent',
        async () => {
          const { body } = await api.get<Json>(`/v2.0/lbaas/loadbalancers/${lb.id}`);
          return body.loadbalancer.provisioning_status === 'ACTIVE' &&
            (await hostOf(lb.id as string, api)) !== failed
            ? true
            : undefined;
        },
        (AGENT_DOWN_TIME + 30) * 1000,
      );
      startAgent(failed);
      await waitFor('the restarted agent alive', async () =>
        (await api.get<Json>(`/v2.0/agents?host=${failed}&alive=true`)).body.agents.length ? true : undefined,
      );
    };

    try {
      // Both replicas up: the holder moves the load balancers of a dead node, the other does nothing.
      // (Only what each printed from now on: the suite's earlier failovers are in its output too.)
      const [fromA, fromB] = [system.server.output().length, replica.output().length];
      await nodeDies(system.api);
      expect([
        failedOver(system.server.output().slice(fromA)),
        failedOver(replica.output().slice(fromB)),
      ]).toEqual([1, 0]);

      // The holder is killed: the other replica takes the duties over.
      system.server.child.kill('SIGKILL');
      await waitFor('the second replica to hold the duties', async () =>
        (await held(replicaApi)) === 1 ? true : undefined,
      );
      // Its failover sweep moves a dead node's load balancers, once.
      const fromTakeover = replica.output().length;
      await nodeDies(replicaApi);
      expect(failedOver(replica.output().slice(fromTakeover))).toBe(1);
      await waitFor(
        'the VIP to answer',
        () => Promise.resolve(answer() === 'WEB1' ? true : undefined),
        30_000,
      );
      // Its PENDING watchdog too: a change no agent answers (its agent only sends heartbeats, as one whose
      // RPC consumer is wedged) is sent again once, then set ERROR with the reason.
      const stuckId = await stuckOnSilentAgent(replicaApi);
      await waitForProvisioning(replicaApi, stuckId, 'ERROR', (3 * PENDING_TIMEOUT + 30) * 1000);
      const stuckLines = replica
        .output()
        .split('\n')
        .filter((line) => line.includes(stuckId));
      expect(stuckLines.filter((line) => line.includes('sending the change again'))).toHaveLength(1);
      expect(stuckLines.some((line) => line.includes('no outcome from agent'))).toBe(true);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- replica:\n${replica.output()}\n${processOutputs()}`);
    } finally {
      // The suite's own replica again, on its port, for the clean-up.
      if (system.server.child.exitCode !== null || system.server.child.signalCode !== null)
        system.server = startApp('lbaas-server', { ...system.env, LBAAS_BIND_PORT: String(system.port) });
      await waitFor('the first replica to answer again', async () =>
        (await system.api.get('/healthz')).status === 200 ? true : undefined,
      ).catch(() => undefined);
      silentHeartbeats?.stop();
      await stopProcess(replica);
    }
  }, 400_000);
});

const PENDING_TIMEOUT = 15;
let silentHeartbeats: { stop: () => void } | undefined;

/**
 * A load balancer left PENDING_CREATE: placed (through an availability zone of its own) on an agent that
 * reports its state every second and never deploys anything.
 */
async function stuckOnSilentAgent(api: ApiClient): Promise<string> {
  const connection = testBrokerConnection(system.transportUrl, 'e2e-silent-agent');
  const rpc = new RpcClient(connection, 10_000);
  const heartbeat = () =>
    rpc
      .cast(PLUGIN_TOPIC, PluginMethod.ReportState, {
        host: 'fo-silent',
        binary: 'lbaas-agent',
        topic: 'n-lbaasv2_agent',
        agent_type: 'Loadbalancerv2 agent',
        availability_zone: 'fo-silent-zone',
        configurations: {
          device_driver: 'haproxy_ns',
          interface_driver: 'ovs',
          instances: 0,
          report_interval: 1,
          periodic_interval: 1,
        },
      })
      .catch(() => undefined);
  await heartbeat();
  const timer = setInterval(() => void heartbeat(), 1000);
  silentHeartbeats = {
    stop: () => {
      clearInterval(timer);
      void connection.onApplicationShutdown();
    },
  };
  await waitFor('the silent agent alive', async () =>
    (await api.get<Json>('/v2.0/agents?host=fo-silent&alive=true')).body.agents.length ? true : undefined,
  );
  await createRackZone(api, 'fo-silent', 'fo-silent-zone');
  const created = await api.post<Json>('/v2.0/lbaas/loadbalancers', {
    loadbalancer: { name: 'stuck', vip_subnet_id: subnetId, availability_zone: 'fo-silent' },
  });
  expect(created.status).toBe(201);
  expect(created.body.loadbalancer.provisioning_status).toBe('PENDING_CREATE');
  return created.body.loadbalancer.id as string;
}
