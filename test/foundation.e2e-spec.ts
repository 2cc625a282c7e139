/**
 * The foundation as an operator sees it: the real server and agent processes, the real PostgreSQL and
 * RabbitMQ. Health, the version document, agent registration and liveness, configuration files and
 * errors, and recovery when a dependency is stopped and started again.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiClient } from './support/api';
import { freePort, REPO_DIR, startApp, stopGracefully } from './support/processes';
import * as amqplib from 'amqplib';
import { agentRoutingKey, CONTROL_EXCHANGE, PLUGIN_TOPIC, PluginMethod } from '@lbaas/contracts';
import { RpcClient } from '@lbaas/rpc';
import {
  brokerConnections,
  createAgentBrokerUser,
  deleteAgentBrokerUser,
  LOCAL_CA,
  plainBroker,
  serviceControl,
  testBrokerConnection,
} from './support/services';
import { createCertificateContainer } from './support/certificates';
import { metricSum, scrape } from './support/metrics';
import { startTestSystem, type TestSystem } from './support/test-system';
import { queryTestDatabase } from './support/database';
import { selfSignedCertificate } from '@lbaas/haproxy/testing/tls-fixtures';
import { waitFor } from './support/wait';
import { createRackZone } from './support/lb-fixtures';

interface AgentRecord {
  id: string;
  host: string;
  alive: boolean;
  agent_type: string;
  binary: string;
  topic: string;
  admin_state_up: boolean;
  heartbeat_timestamp: string;
  started_at: string;
  configurations: Record<string, unknown>;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const AGENT_DOWN_TIME = 4;
// Short: an agent's state_path may have at most 38 characters (haproxy's socket path limit).
const workDir = mkdtempSync(join(tmpdir(), 'lbf-'));
let system: TestSystem;
let api: ApiClient;

function serverEnv(): Record<string, string> {
  return {
    ...system.env,
    LBAAS_BIND_PORT: String(system.port),
    LBAAS_AGENT_DOWN_TIME: String(AGENT_DOWN_TIME),
  };
}

function agentEnv(host: string): Record<string, string> {
  return {
    ...system.env,
    LBAAS_HOST: host,
    LBAAS_REPORT_INTERVAL: '1',
    LBAAS_STATE_PATH: join(workDir, host),
  };
}

async function agentNamed(host: string): Promise<AgentRecord | undefined> {
  const { body } = await api.get(`/v2.0/agents?host=${host}`);
  return (body as { agents: AgentRecord[] }).agents[0];
}

async function waitForAgent(host: string, alive: boolean, timeoutMs = 20_000): Promise<AgentRecord> {
  return waitFor(
    `agent ${host} alive=${alive}`,
    async () => {
      const agent = await agentNamed(host);
      return agent?.alive === alive ? agent : undefined;
    },
    timeoutMs,
  );
}

async function health(): Promise<{
  status: number;
  body: { status: string; error?: Record<string, unknown> };
}> {
  const { status, body } = await api.get('/healthz');
  return { status, body: body as { status: string; error?: Record<string, unknown> } };
}

beforeAll(async () => {
  system = await startTestSystem('foundation', { LBAAS_AGENT_DOWN_TIME: String(AGENT_DOWN_TIME) });
  api = system.api;
});

afterAll(async () => {
  // Whatever happened, leave the services running and no process of ours behind.
  serviceControl('start_rabbitmq');
  serviceControl('start_postgresql');
  await system?.teardown();
  rmSync(workDir, { recursive: true, force: true });
});

describe('lbaas-server', () => {
  it('answers /healthz with both dependencies up', async () => {
    expect(await health()).toEqual({
      status: 200,
      body: expect.objectContaining({
        status: 'ok',
        details: { postgresql: { status: 'up' }, rabbitmq: { status: 'up' } },
      }) as unknown,
    });
  });

  it('serves the version document whose v2.x entries link to <host>/v2', async () => {
    const { status, body } = await api.get('/');
    expect(status).toBe(200);
    const versions = (body as { versions: { id: string; status: string; links: { href: string }[] }[] })
      .versions;
    expect(versions[0].id).toBe('v2.0');
    expect(versions.at(-1)?.status).toBe('CURRENT');
    for (const version of versions) expect(version.links[0].href).toBe(`http://127.0.0.1:${system.port}/v2`);
  });

  it('answers an unknown agent id with a 404 in both error shapes', async () => {
    const { status, body } = await api.get('/v2.0/agents/7d3a4a47-4f2e-4c6b-9c0f-9d4b0c1f8a11');
    expect(status).toBe(404);
    expect(body).toMatchObject({
      faultcode: 'Client',
      faultstring: expect.stringContaining('7d3a4a47-4f2e-4c6b-9c0f-9d4b0c1f8a11') as unknown,
      NeutronError: { type: 'AgentNotFound' },
    });
  });

  it('refuses a bad option at start with one line naming it, and exits', async () => {
    const bad = startApp('lbaas-server', { ...serverEnv(), LBAAS_BIND_PORT: '99999' });
    expect(await bad.exited).toBe(2);
    expect(bad.output().trim().split('\n')).toEqual([
      expect.stringMatching(
        /^lbaas-server: invalid configuration: option bind_port .*99999.*must not be greater than 65535/,
      ),
    ]);
  });
});

describe('lbaas-agent', () => {
  it('registers over RabbitMQ and is listed alive with the neutron agent fields', async () => {
    startApp('lbaas-agent', agentEnv('e2e-node-1'));
    const agent = await waitForAgent('e2e-node-1', true);
    expect(agent).toMatchObject({
      agent_type: 'Loadbalancerv2 agent',
      binary: 'lbaas-agent',
      topic: 'n-lbaasv2_agent',
      admin_state_up: true,
      configurations: { device_driver: 'haproxy_ns', interface_driver: 'ovs', report_interval: 1 },
    });
    expect(agent.heartbeat_timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect((await api.get(`/v2.0/agents/${agent.id}`)).body).toEqual({
      agent: expect.objectContaining({ id: agent.id }),
    });
  });

  it("registers with a broker user of its own, which can neither read another agent's queue nor speak for it", async () => {
    const [own, other] = ['e2e-node-own-user', 'e2e-node-other'];
    try {
      const transportUrl = createAgentBrokerUser(system.resourceName, own);
      startApp('lbaas-agent', { ...agentEnv(own), LBAAS_TRANSPORT_URL: transportUrl });
      await waitForAgent(own, true);
      const refused = (error: unknown) => String((error as Error).message);
      const broker = await amqplib.connect(transportUrl.replace('rabbit://', 'amqps://'), {
        ca: [readFileSync(LOCAL_CA)],
      });
      try {
        // The broker itself refuses: another agent's queue, and casts with another routing key.
        const reading = await broker.createChannel();
        reading.on('error', () => undefined);
        await expect(
          reading.consume(agentRoutingKey(other), () => undefined).catch(refused),
        ).resolves.toMatch(/ACCESS_REFUSED/);
        const casting = await broker.createConfirmChannel();
        casting.on('error', () => undefined);
        casting.publish(CONTROL_EXCHANGE, agentRoutingKey(other), Buffer.from('{}'));
        await expect(casting.waitForConfirms().then(() => 'sent', refused)).resolves.toMatch(
          /ACCESS_REFUSED|closed/,
        );
      } finally {
        await broker.close().catch(() => undefined);
      }
      // The server refuses: a report speaking for another host under this agent's broker user.
      const connection = testBrokerConnection(transportUrl, 'e2e-impostor');
      const rpc = new RpcClient(connection, 10_000);
      try {
        await expect(
          rpc.call(PLUGIN_TOPIC, PluginMethod.GetReadyLoadbalancers, { host: other }).catch(refused),
        ).resolves.toMatch(/speaks only for host e2e-node-own-user, not e2e-node-other/);
        await rpc.cast(PLUGIN_TOPIC, PluginMethod.ReportState, {
          host: other,
          binary: 'lbaas-agent',
          topic: 'n-lbaasv2_agent',
          agent_type: 'Loadbalancerv2 agent',
          configurations: {
            device_driver: 'haproxy_ns',
            interface_driver: 'ovs',
            instances: 0,
            report_interval: 1,
            periodic_interval: 1,
          },
        });
      } finally {
        await connection.onApplicationShutdown();
      }
      await waitFor('the refusal in the server log', () =>
        Promise.resolve(
          system.server
            .output()
            .split('\n')
            .some((line) => line.includes('message refused') && line.includes('report_state'))
            ? true
            : undefined,
        ),
      );
      expect(await agentNamed(other)).toBeUndefined();
    } finally {
      deleteAgentBrokerUser(own);
    }
  });

  it('reads a neutron-style INI file given with --config-file', async () => {
    const ini = join(workDir, 'lbaas_agent.ini');
    writeFileSync(
      ini,
      [
        '[DEFAULT]',
        'host = e2e-node-ini',
        'interface_driver = neutron.agent.linux.interface.BridgeInterfaceDriver',
        'periodic_interval = 7',
        `state_path = ${join(workDir, 'ini')}`,
        '[AGENT]',
        'report_interval = 1',
      ].join('\n'),
    );
    startApp('lbaas-agent', system.env, ['--config-file', ini]);
    const agent = await waitForAgent('e2e-node-ini', true);
    expect(agent.configurations).toMatchObject({ interface_driver: 'linuxbridge', periodic_interval: 7 });
  });

  it('connects through the next node of a transport_url list when the first one does not answer', async () => {
    const broker = new URL(system.transportUrl.replace(/^rabbit:/, 'amqp:'));
    // Nothing listens on the first node; the second is written without credentials (it takes the first's).
    const cluster = `rabbit://${broker.username}:${broker.password}@127.0.0.1:${await freePort()},${broker.host}${broker.pathname}`;
    const agent = startApp('lbaas-agent', { ...agentEnv('e2e-node-cluster'), LBAAS_TRANSPORT_URL: cluster });
    await waitForAgent('e2e-node-cluster', true);
    expect(agent.output()).toContain(
      `"broker":"amqps://${broker.username}:***@${broker.host}${broker.pathname}"`,
    );
  });

  it('is shown dead once it stops reporting for agent_down_time', async () => {
    const agent = startApp('lbaas-agent', agentEnv('e2e-node-stopping'));
    await waitForAgent('e2e-node-stopping', true);
    // SIGKILL would mean it hung on shutdown.
    await stopGracefully(agent);
    await waitForAgent('e2e-node-stopping', false, (AGENT_DOWN_TIME + 5) * 1000);
  });
});

describe('the sample configuration files (deploy/etc)', () => {
  it('start both apps, the environment overriding only addresses, credentials, names and paths', async () => {
    const port = await freePort();
    const server = startApp(
      'lbaas-server',
      {
        ...system.env,
        LBAAS_BIND_HOST: '127.0.0.1',
        LBAAS_BIND_PORT: String(port),
        LBAAS_LOG_FILE: join(workDir, 'sample-server.log'),
      },
      ['--config-file', join(REPO_DIR, 'deploy', 'etc', 'lbaas-server.ini')],
    );
    const sampleApi = new ApiClient(`http://127.0.0.1:${port}`);
    await waitFor('the sample-configured server', async () =>
      (await sampleApi.get('/healthz')).status === 200 ? true : undefined,
    );
    const agent = startApp(
      'lbaas-agent',
      {
        ...system.env,
        LBAAS_HOST: 'e2e-node-sample',
        LBAAS_STATE_PATH: join(workDir, 'sample'),
        LBAAS_LOG_FILE: join(workDir, 'sample-agent.log'),
        LBAAS_METRICS_PORT: '0',
      },
      ['--config-file', join(REPO_DIR, 'deploy', 'etc', 'lbaas_agent.ini')],
    );
    // The file's values are in effect: periodic_interval 10 and report_interval 2 from the sample.
    const seen = await waitFor('the sample-configured agent alive', async () => {
      const { body } = await sampleApi.get<{ agents: AgentRecord[] }>('/v2.0/agents?host=e2e-node-sample');
      return body.agents.find((record) => record.alive);
    });
    expect(seen.configurations).toMatchObject({
      interface_driver: 'ovs',
      report_interval: 2,
      periodic_interval: 10,
    });
    await stopGracefully(agent);
    await stopGracefully(server);
  });
});

describe('dependency outages', () => {
  it('names RabbitMQ when it is down, and recovers without restarting server or agent', async () => {
    startApp('lbaas-agent', agentEnv('e2e-node-broker'));
    await waitForAgent('e2e-node-broker', true);
    serviceControl('stop_rabbitmq');
    try {
      const down = await waitFor('healthz to report rabbitmq down', async () => {
        const result = await health();
        return result.status === 503 ? result : undefined;
      });
      expect(Object.keys(down.body.error ?? {})).toEqual(['rabbitmq']);
    } finally {
      serviceControl('start_rabbitmq');
    }
    await waitFor(
      'healthz 200 again',
      async () => ((await health()).status === 200 ? true : undefined),
      60_000,
    );
    // The agent went quiet while the broker was away; its heartbeats must come back by themselves.
    const before = (await agentNamed('e2e-node-broker'))?.heartbeat_timestamp;
    await waitFor('a fresh heartbeat', async () => {
      const agent = await agentNamed('e2e-node-broker');
      return agent?.alive && agent.heartbeat_timestamp !== before ? agent : undefined;
    });
  });

  it('names PostgreSQL when it is down, and recovers without a restart', async () => {
    serviceControl('stop_postgresql');
    try {
      const down = await waitFor('healthz to report postgresql down', async () => {
        const result = await health();
        return result.status === 503 ? result : undefined;
      });
      expect(Object.keys(down.body.error ?? {})).toEqual(['postgresql']);
    } finally {
      serviceControl('start_postgresql');
    }
    await waitFor(
      'healthz 200 again',
      async () => ((await health()).status === 200 ? true : undefined),
      60_000,
    );
    expect(system.server.child.exitCode).toBeNull();
    await waitForAgent('e2e-node-broker', true);
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('TLS to PostgreSQL', () => {
  it('connects with verify-full against the local CA (npm run setup makes it), and names the certificate when the CA is another', async () => {
    const withTls = (rootCert: string) => `${system.databaseUrl}?sslmode=verify-full&sslrootcert=${rootCert}`;
    const port = await freePort();
    const server = startApp('lbaas-server', {
      ...system.env,
      LBAAS_BIND_PORT: String(port),
      LBAAS_DATABASE_CONNECTION: withTls(LOCAL_CA),
    });
    try {
      await waitFor('the server on TLS to answer /healthz with 200', async () =>
        (await new ApiClient(`http://127.0.0.1:${port}`).get('/healthz')).status === 200 ? true : undefined,
      );
      // Only that server asks for TLS: the suite's own and this query connect in clear.
      const [{ encrypted }] = await queryTestDatabase<{ encrypted: number }>(
        system.databaseUrl,
        `SELECT count(*)::int AS encrypted FROM pg_stat_ssl JOIN pg_stat_activity USING (pid)
          WHERE datname = current_database() AND ssl`,
      );
      expect(encrypted).toBeGreaterThan(0);
    } finally {
      await stopGracefully(server);
    }

    const otherCa = selfSignedCertificate(workDir, 'other-ca').certificatePath;
    const refused = startApp('lbaas-server', {
      ...system.env,
      LBAAS_BIND_PORT: String(await freePort()),
      LBAAS_DATABASE_CONNECTION: withTls(otherCa),
    });
    try {
      await waitFor('the server to name the certificate problem', () =>
        Promise.resolve(
          /cannot use the database at postgresql:\/\/lbaas:\*\*\*@127\.0\.0\.1.*\(retrying\): .*certificate/.test(
            refused.output(),
          )
            ? true
            : undefined,
        ),
      );
    } finally {
      refused.child.kill('SIGKILL');
    }
  });
});

describe('TLS to RabbitMQ', () => {
  it('verifies the broker against the local CA (npm run setup makes it) and talks over TLS; names the certificate when the CA is another', async () => {
    // Every test system talks TLS to the broker (test/support/services.ts): this one's server too.
    const agent = startApp('lbaas-agent', agentEnv('e2e-node-tls'));
    try {
      const record = await waitForAgent('e2e-node-tls', true);
      expect(record.configurations).toMatchObject({ broker_tls: true });
      const connections = brokerConnections();
      expect(connections).toContainEqual({ name: 'lbaas-agent@e2e-node-tls', tls: true });
      expect(connections.filter((c) => c.name.startsWith('lbaas-server@') && c.tls)).not.toHaveLength(0);
    } finally {
      await stopGracefully(agent);
    }

    const otherCa = selfSignedCertificate(workDir, 'other-broker-ca').certificatePath;
    const refused = startApp('lbaas-agent', {
      ...agentEnv('e2e-node-wrong-ca'),
      LBAAS_OSLO_MESSAGING_RABBIT_SSL_CA_FILE: otherCa,
    });
    try {
      await waitFor('the agent to name the certificate problem', () =>
        Promise.resolve(
          /"err":"[^"]*certificate[^"]*".*"msg":"cannot reach the message broker"/.test(refused.output())
            ? true
            : undefined,
        ),
      );
      expect(brokerConnections().map((c) => c.name)).not.toContain('lbaas-agent@e2e-node-wrong-ca');
    } finally {
      refused.child.kill('SIGKILL');
    }
  });

  it('sends no private key to an agent on a plain link: the change fails with the reason, nothing reaches the node', async () => {
    const host = 'e2e-node-plain';
    // A zone of its own, so that this agent alone can host the load balancer.
    const profileId = await createRackZone(api, 'plain-link', 'plain-link-rack');
    const agent = startApp('lbaas-agent', {
      ...agentEnv(host),
      ...plainBroker(system.transportUrl),
      LBAAS_AVAILABILITY_ZONE: 'plain-link-rack',
    });
    let lbId: string | undefined;
    try {
      expect((await waitForAgent(host, true)).configurations).toMatchObject({ broker_tls: false });
      expect(brokerConnections()).toContainEqual({ name: `lbaas-agent@${host}`, tls: false });
      const net = await api.post<Json>('/v2.0/networks', { network: { name: 'plain-link' } });
      const subnet = await api.post<Json>('/v2.0/subnets', {
        subnet: { network_id: net.body.network.id, cidr: '198.51.100.0/24' },
      });
      const created = await api.post<Json>('/v2/lbaas/loadbalancers', {
        loadbalancer: {
          vip_subnet_id: subnet.body.subnet.id,
          availability_zone: 'plain-link',
          listeners: [
            {
              protocol: 'TERMINATED_HTTPS',
              protocol_port: 443,
              default_tls_container_ref: await createCertificateContainer(api, 'plain.example'),
            },
          ],
        },
      });
      expect(created.status).toBe(201);
      lbId = created.body.loadbalancer.id as string;
      const failed = await waitFor('the load balancer to fail', async () => {
        const { body } = await api.get<Json>(`/v2/lbaas/loadbalancers/${lbId}/status`);
        return body.statuses.loadbalancer.provisioning_status === 'ERROR' ? body.statuses : undefined;
      });
      expect(failed.loadbalancer.listeners[0].provisioning_status).toBe('ERROR');
      expect(system.server.output()).toContain(
        `private keys withheld: the link of agent ${host} to the message broker is not TLS`,
      );
      expect(
        metricSum(await scrape(`${api.baseUrl}/metrics`), 'lbaas_private_keys_withheld_total'),
      ).toBeGreaterThan(0);
      expect(agent.output()).toContain('not deploying a graph without its keys');
      // Nothing of it on the node: no namespace, no files.
      const { stdout } = await promisify(execFile)('ip', ['netns', 'list'], { timeout: 10_000 });
      expect(stdout).not.toContain(lbId);
      expect(existsSync(join(workDir, host, lbId))).toBe(false);

      // Deleting it still works over the plain link (nothing secret travels).
      expect((await api.delete(`/v2/lbaas/loadbalancers/${lbId}?cascade=true`)).status).toBe(204);
      await waitFor('the failed load balancer to be deleted', async () =>
        (await api.get(`/v2/lbaas/loadbalancers/${lbId}`)).status === 404 ? true : undefined,
      );
      lbId = undefined;
    } finally {
      if (lbId) await api.delete(`/v2/lbaas/loadbalancers/${lbId}?cascade=true`);
      await stopGracefully(agent);
      await api.delete('/v2/lbaas/availabilityzones/plain-link');
      await api.delete(`/v2/lbaas/availabilityzoneprofiles/${profileId}`);
    }
  });
});

describe('npm start / npm stop (deploy/lbaas-ctl.sh)', () => {
  const run = promisify(execFile);
  const ctlHome = join(workDir, 'c');

  it('starts the server and one agent, then stops exactly those processes', async () => {
    const ctlPort = await freePort();
    const env = {
      ...process.env,
      LBAAS_HOME: ctlHome,
      LBAAS_BIND_PORT: String(ctlPort),
      LBAAS_HOST: 'e2e-node-ctl',
      // The same database and broker as the test's own server: a second server replica, as in production.
      ...system.env,
    };
    const ctl = (command: string) =>
      run('bash', [join(REPO_DIR, 'deploy/lbaas-ctl.sh'), command], { env, timeout: 120_000 });
    let pids: number[] = [];
    try {
      const { stdout } = await ctl('start');
      pids = ['lbaas-server', 'lbaas-agent'].map((name) =>
        Number(readFileSync(join(ctlHome, 'run', `${name}.pid`), 'utf8')),
      );
      expect(stdout).toContain('agent e2e-node-ctl is alive');
      const ctlApi = new ApiClient(`http://127.0.0.1:${ctlPort}`);
      expect((await ctlApi.get('/healthz')).status).toBe(200);
      const agents = (await ctlApi.get('/v2.0/agents?host=e2e-node-ctl')).body as { agents: AgentRecord[] };
      expect(agents.agents).toEqual([expect.objectContaining({ host: 'e2e-node-ctl', alive: true })]);
    } finally {
      await ctl('stop');
    }
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(isRunning(pid)).toBe(false);
    await expect(ctl('status')).rejects.toMatchObject({ code: 3 });
  });
});
