import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from './api';
import { createTestDatabase, dropTestDatabase } from './database';
import { freePort, type StartedProcess, startProcess, stopProcess } from './processes';
import { createTestVhost, deleteTestVhost, plainBroker } from './services';
import { sh } from './test-network';
import { waitFor } from './wait';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Debian's programs only: a `python3` earlier on PATH (pyenv) has no neutron, and privsep-helper runs with it. */
const SYSTEM_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
/** The OVSDB socket Neutron's agents monitor (they add it as a Manager of Open vSwitch: no TCP port). */
const OVSDB_SOCKET = 'unix:/var/run/openvswitch/db.sock';

/** One simulated network node: its Neutron OVS agent, integration bridge and physnet1 bridge. */
export interface NeutronNode {
  host: string;
  integrationBridge: string;
  physicalBridge: string;
}

/**
 * A real Neutron on this machine (Debian's neutron-server, ML2 with VLAN tenant networks on physnet1 and
 * the openvswitch mechanism driver; one neutron-openvswitch-agent per simulated node, each with its own
 * integration bridge on the userspace datapath and a physnet1 bridge cabled to the other nodes' with
 * patch ports, security groups enforced by the openvswitch firewall). Its API is noauth, but scoped:
 * X-User-Id, X-Project-Id and X-Roles are trusted as sent (Keystone's context without its token check).
 * Its own database and RabbitMQ vhost; `teardown()` removes every process, bridge, file and row it made.
 */
export class TestNeutron {
  private server?: StartedProcess;
  private readonly agents = new Map<string, StartedProcess>();

  private constructor(
    readonly url: string,
    readonly nodes: NeutronNode[],
    private readonly name: string,
    private readonly directory: string,
    private readonly managersBefore: string[],
  ) {}

  /** Neutron as an admin (the cloud's operator), or as a project's member. */
  api(projectId = 'lbaas-test-admin', roles = 'admin'): ApiClient {
    return new ApiClient(this.url, {
      'X-User-Id': `user-${projectId}`,
      'X-Project-Id': projectId,
      'X-Roles': roles,
    });
  }

  static async start(name: string, hosts: string[]): Promise<TestNeutron> {
    const directory = mkdtempSync(join(tmpdir(), 'lbneutron-'));
    const suffix = String(process.pid % 10_000).padStart(4, '0');
    const nodes = hosts.map((host, index) => ({
      host,
      integrationBridge: `lbn${suffix}i${index}`,
      physicalBridge: `lbn${suffix}p${index}`,
    }));
    const managersBefore = sh(['ovs-vsctl', '--timeout=10', 'get-manager'])
      .split('\n')
      .filter((line) => line.trim() !== '');
    const databaseUrl = await createTestDatabase(name, false);
    const transportUrl = plainBroker(createTestVhost(name)).LBAAS_TRANSPORT_URL;
    const port = await freePort();
    const neutron = new TestNeutron(`http://127.0.0.1:${port}`, nodes, name, directory, managersBefore);
    try {
      neutron.writeServerConfig(port, databaseUrl, transportUrl);
      execFileSync('neutron-db-manage', [...neutron.serverArgs(), 'upgrade', 'heads'], {
        env: { ...process.env, PATH: SYSTEM_PATH },
        stdio: 'pipe',
        timeout: 300_000,
      });
      neutron.cableNodes();
      await neutron.startServer();
      for (const [index, node] of nodes.entries())
        neutron.writeAgentConfig(node, transportUrl, await freePort(), index);
      for (const node of nodes) neutron.startAgent(node);
      for (const node of nodes) await neutron.waitAgentAlive(node.host);
    } catch (error) {
      await neutron.teardown();
      throw error;
    }
    return neutron;
  }

  node(host: string): NeutronNode {
    return this.nodes.find((node) => node.host === host)!;
  }

  /** Starts neutron-server (again) and waits until its API answers. */
  async startServer(): Promise<void> {
    this.server = startProcess('neutron-server', 'setsid', ['neutron-server', ...this.serverArgs()], {
      PATH: SYSTEM_PATH,
    });
    await waitFor(
      'neutron-server to answer',
      async () => ((await this.api().get('/v2.0/networks')).status === 200 ? true : undefined),
      120_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${this.server?.output().slice(-4000) ?? ''}`);
    });
  }

  /** Kills neutron-server and its workers at once: Neutron gone, as when its node fails. */
  async killServer(): Promise<void> {
    if (this.server) await killGroup(this.server);
    this.server = undefined;
  }

  /**
   * A port of `projectId` on `networkId`, bound to `host` as Nova binds a VM's port (admin only):
   * Neutron's OVS agent there wires the device that carries its iface-id.
   */
  async createBoundPort(
    projectId: string,
    subnet: { id: string; network_id: string },
    address: string,
    host: string,
    securityGroups?: string[],
  ) {
    const created = await this.api().post<Json>('/v2.0/ports', {
      port: {
        project_id: projectId,
        network_id: subnet.network_id,
        fixed_ips: [{ subnet_id: subnet.id, ip_address: address }],
        'binding:host_id': host,
        device_owner: 'compute:nova',
        device_id: `vm-${address}`,
        ...(securityGroups ? { security_groups: securityGroups } : {}),
      },
    });
    if (created.status !== 201) throw new Error(`port not created: ${JSON.stringify(created.body)}`);
    return created.body.port as { id: string; mac_address: string };
  }

  async teardown(): Promise<void> {
    for (const agent of this.agents.values()) await killGroup(agent);
    this.agents.clear();
    await this.killServer();
    for (const node of this.nodes) {
      trySh(['ovs-vsctl', '--timeout=10', '--if-exists', 'del-br', node.integrationBridge]);
      trySh(['ovs-vsctl', '--timeout=10', '--if-exists', 'del-br', node.physicalBridge]);
    }
    // Open vSwitch's managers as they were: the agents add the OVSDB socket as one.
    trySh(
      this.managersBefore.length > 0
        ? ['ovs-vsctl', '--timeout=10', 'set-manager', ...this.managersBefore]
        : ['ovs-vsctl', '--timeout=10', 'del-manager'],
    );
    await dropTestDatabase(this.name);
    try {
      deleteTestVhost(this.name);
    } catch {
      // never made
    }
    rmSync(this.directory, { recursive: true, force: true });
  }

  private serverArgs(): string[] {
    return [
      '--config-file',
      join(this.directory, 'neutron.conf'),
      '--config-file',
      join(this.directory, 'ml2_conf.ini'),
    ];
  }

  private writeServerConfig(port: number, databaseUrl: string, transportUrl: string): void {
    const dir = this.directory;
    mkdirSync(join(dir, 'policy.d'));
    mkdirSync(join(dir, 'server', 'lock'), { recursive: true });
    // A file of comments only: Neutron's in-code policies (an empty JSON file draws a warning per request).
    writeFileSync(join(dir, 'policy.yaml'), '# in-code defaults\n');
    writeFileSync(
      join(dir, 'api-paste.ini'),
      ini({
        'composite:neutron': { use: 'egg:Paste#urlmap', '/': 'neutronversions', '/v2.0': 'neutronapi_v2_0' },
        // noauth, scoped: Keystone's context from the identity headers, without the token check.
        'composite:neutronapi_v2_0': {
          use: 'call:neutron.auth:pipeline_factory',
          noauth: 'request_id catch_errors keystonecontext extensions neutronapiapp_v2_0',
          keystone: 'request_id catch_errors keystonecontext extensions neutronapiapp_v2_0',
        },
        'filter:request_id': { 'paste.filter_factory': 'oslo_middleware:RequestId.factory' },
        'filter:catch_errors': { 'paste.filter_factory': 'oslo_middleware:CatchErrors.factory' },
        'filter:keystonecontext': { 'paste.filter_factory': 'neutron.auth:NeutronKeystoneContext.factory' },
        'filter:extensions': {
          'paste.filter_factory': 'neutron.api.extensions:plugin_aware_extension_middleware_factory',
        },
        'app:neutronversions': { 'paste.app_factory': 'neutron.pecan_wsgi.app:versions_factory' },
        'app:neutronapiapp_v2_0': { 'paste.app_factory': 'neutron.api.v2.router:APIRouter.factory' },
      }),
    );
    const neutronUrl = new URL(databaseUrl);
    writeFileSync(
      join(dir, 'neutron.conf'),
      ini({
        DEFAULT: {
          bind_host: '127.0.0.1',
          bind_port: String(port),
          auth_strategy: 'noauth',
          api_paste_config: join(dir, 'api-paste.ini'),
          core_plugin: 'ml2',
          service_plugins: '',
          api_workers: '0',
          rpc_workers: '1',
          rpc_state_report_workers: '0',
          transport_url: transportUrl,
          state_path: join(dir, 'server'),
          notify_nova_on_port_status_changes: 'false',
          notify_nova_on_port_data_changes: 'false',
          dhcp_agent_notification: 'false',
          agent_down_time: '20',
          log_file: join(dir, 'server.log'),
        },
        database: {
          connection: `postgresql+psycopg2://${neutronUrl.username}:${neutronUrl.password}@${neutronUrl.host}${neutronUrl.pathname}`,
        },
        oslo_concurrency: { lock_path: join(dir, 'server', 'lock') },
        oslo_policy: { policy_file: join(dir, 'policy.yaml'), policy_dirs: join(dir, 'policy.d') },
        agent: { report_interval: '5' },
      }),
    );
    writeFileSync(
      join(dir, 'ml2_conf.ini'),
      ini({
        ml2: {
          type_drivers: 'vlan',
          tenant_network_types: 'vlan',
          mechanism_drivers: 'openvswitch',
          extension_drivers: 'port_security',
        },
        ml2_type_vlan: { network_vlan_ranges: 'physnet1:100:199' },
        securitygroup: { enable_security_group: 'true' },
      }),
    );
  }

  /** Each node's physnet1 bridge, cabled to the next one's: the switch between the simulated nodes. */
  private cableNodes(): void {
    for (const node of this.nodes)
      sh([
        'ovs-vsctl',
        '--timeout=10',
        '--may-exist',
        'add-br',
        node.physicalBridge,
        '--',
        'set',
        'Bridge',
        node.physicalBridge,
        'datapath_type=netdev',
      ]);
    for (let index = 1; index < this.nodes.length; index++) {
      const [a, b] = [this.nodes[index - 1].physicalBridge, this.nodes[index].physicalBridge];
      const [toB, toA] = [`${a.slice(0, 8)}to${index}`, `${b.slice(0, 8)}to${index - 1}`];
      sh([
        'ovs-vsctl',
        '--timeout=10',
        '--may-exist',
        'add-port',
        a,
        toB,
        '--',
        'set',
        'Interface',
        toB,
        'type=patch',
        `options:peer=${toA}`,
        '--',
        '--may-exist',
        'add-port',
        b,
        toA,
        '--',
        'set',
        'Interface',
        toA,
        'type=patch',
        `options:peer=${toB}`,
      ]);
    }
  }

  private writeAgentConfig(
    node: NeutronNode,
    transportUrl: string,
    openflowPort: number,
    index: number,
  ): void {
    const state = join(this.directory, `agent-${index}`);
    mkdirSync(join(state, 'lock'), { recursive: true });
    writeFileSync(
      join(this.directory, `ovs_agent_${index}.ini`),
      ini({
        DEFAULT: {
          host: node.host,
          transport_url: transportUrl,
          state_path: state,
          log_file: join(this.directory, `agent-${index}.log`),
          // A call lost while neutron-server is down stalls the agent for its timeout (60 s, then more).
          rpc_response_timeout: '10',
          rpc_response_max_timeout: '20',
        },
        oslo_concurrency: { lock_path: join(state, 'lock') },
        // As root, without rootwrap: `env` runs each command itself (empty would mean sudo).
        agent: {
          root_helper: 'env',
          use_helper_for_ns_read: 'false',
          tunnel_types: '',
          report_interval: '5',
          polling_interval: '2',
        },
        ovs: {
          integration_bridge: node.integrationBridge,
          bridge_mappings: `physnet1:${node.physicalBridge}`,
          datapath_type: 'netdev',
          of_listen_address: '127.0.0.1',
          of_listen_port: String(openflowPort),
          ovsdb_connection: OVSDB_SOCKET,
        },
        securitygroup: { enable_security_group: 'true', firewall_driver: 'openvswitch' },
      }),
    );
  }

  private startAgent(node: NeutronNode): void {
    const index = this.nodes.indexOf(node);
    this.agents.set(
      node.host,
      startProcess(
        `neutron-openvswitch-agent ${node.host}`,
        'setsid',
        ['neutron-openvswitch-agent', '--config-file', join(this.directory, `ovs_agent_${index}.ini`)],
        { PATH: SYSTEM_PATH },
      ),
    );
  }

  private async waitAgentAlive(host: string): Promise<void> {
    await waitFor(
      `Neutron's OVS agent on ${host} alive`,
      async () => {
        const { body } = await this.api().get<Json>(
          `/v2.0/agents?host=${host}&binary=neutron-openvswitch-agent`,
        );
        return body.agents?.[0]?.alive === true ? true : undefined;
      },
      120_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${this.agents.get(host)?.output().slice(-4000) ?? ''}`);
    });
  }
}

/** SIGKILL to the process group a `setsid` child leads (its privsep daemons and ovsdb monitor too). */
async function killGroup(handle: StartedProcess): Promise<void> {
  const pid = handle.child.pid;
  if (pid !== undefined) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await stopProcess(handle, 1000);
}

function trySh(argv: string[]): void {
  try {
    sh(argv);
  } catch {
    // best effort during cleanup
  }
}

function ini(sections: Record<string, Record<string, string>>): string {
  return Object.entries(sections)
    .map(([section, options]) =>
      [`[${section}]`, ...Object.entries(options).map(([key, value]) => `${key} = ${value}`)].join('\n'),
    )
    .join('\n\n')
    .concat('\n');
}
