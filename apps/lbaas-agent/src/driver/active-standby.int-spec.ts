import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import type { LoadBalancerGraph, VrrpInstanceGraph } from '@lbaas/contracts';
import { listener, loadBalancer, member, pool } from '@lbaas/haproxy/testing/graph-fixtures';
import { AccessLogService } from '../access-log/access-log.service';
import { AgentConfig } from '../config/agent.config';
import { CommandRunner } from '../system/command-runner';
import { signalProcess } from '../system/processes';
import { CheckHelpers } from './check-helpers';
import { HaproxyProcess, PID_FILE } from './haproxy-process';
import { InterfaceDriver } from './interface/interface-driver';
import { LinuxBridgeInterfaceDriver } from './interface/linuxbridge.driver';
import { KEEPALIVED_PID_FILE, KeepalivedProcess, VRRP_PID_FILE } from './keepalived-process';
import { MachineLocks } from './machine-locks';
import { NamespaceDriver } from './namespace.driver';
import { bridgeName, namespaceName } from './naming';
import { UdpNat } from './udp-nat';
import {
  answersOver,
  holdsAddress,
  namePidFile,
  serveName,
  sh,
  TestBridge,
  trySh,
  waitUntil,
} from '../testing/test-hosts';

// Two agents of one machine run the two instances of an ACTIVE_STANDBY load balancer on a Linux bridge
// network; a client and a member are namespaces on the same bridge (only 198.51.100.0/24 inside them).
jest.setTimeout(180_000);

const VIP = '198.51.100.10';
const networkId = randomUUID();
// The linuxbridge interface driver plugs the instances' ports into this bridge too.
const network = new TestBridge(bridgeName(networkId));
const workDir = mkdtempSync(join(tmpdir(), 'lbaas-as-'));
// haproxy's unprivileged check helpers live under each agent's state_path: the way there must be open.
chmodSync(workDir, 0o711);

async function agentDriver(
  host: string,
): Promise<{ driver: NamespaceDriver; module: TestingModule; statePath: string }> {
  const statePath = join(workDir, host);
  mkdirSync(statePath);
  const config = Object.assign(new AgentConfig(), { host, statePath, interfaceDriver: 'linuxbridge' });
  const module = await Test.createTestingModule({
    providers: [
      { provide: AgentConfig, useValue: config },
      CommandRunner,
      HaproxyProcess,
      KeepalivedProcess,
      { provide: MachineLocks, useFactory: () => new MachineLocks() },
      {
        provide: InterfaceDriver,
        inject: [CommandRunner],
        useFactory: (commands: CommandRunner) => new LinuxBridgeInterfaceDriver(commands, config),
      },
      AccessLogService,
      UdpNat,
      CheckHelpers,
      NamespaceDriver,
    ],
  }).compile();
  await module.init();
  return { driver: module.get(NamespaceDriver), module, statePath };
}

const base = loadBalancer({
  id: randomUUID(),
  vip: {
    ...loadBalancer().vip,
    address: VIP,
    port_id: randomUUID(),
    gateway_ip: null,
    network_id: networkId,
  },
  listeners: [listener(1)],
  pools: [pool(1, { members: [member(1, { address: '198.51.100.31' })] })],
});

function instance(role: 'MASTER' | 'BACKUP', address: string, peer: string): LoadBalancerGraph {
  const vrrp: VrrpInstanceGraph = {
    instance_id: randomUUID(),
    role,
    priority: role === 'MASTER' ? 100 : 90,
    port_id: randomUUID(),
    mac_address: `fa:16:3e:00:00:${role === 'MASTER' ? '21' : '22'}`,
    address,
    peer_address: peer,
    advert_interval_s: 0.2,
    check_interval_s: 1,
    check_fall: 2,
  };
  return { ...base, vrrp };
}

const graphA = instance('MASTER', '198.51.100.21', '198.51.100.22');
const graphB = instance('BACKUP', '198.51.100.22', '198.51.100.21');
const namespaceA = namespaceName(base.id, graphA.vrrp!.instance_id);
const namespaceB = namespaceName(base.id, graphB.vrrp!.instance_id);

let agents: Awaited<ReturnType<typeof agentDriver>>[] = [];
let client: string;
let web: string;

/** The member's answer through the VIP (one request, 1 s at most), or '' when nothing answers. */
function throughVip(): string {
  return trySh(['ip', 'netns', 'exec', client, 'curl', '-s', '-m', '1', `http://${VIP}/`]).trim();
}

/** Every keepalived and haproxy process an agent's state folder names. */
function processesOf(statePath: string): string[] {
  return trySh(['pgrep', '-a', '-f', statePath])
    .split('\n')
    .filter((line) => /keepalived|haproxy/.test(line));
}

beforeAll(async () => {
  client = network.addHost('c', '198.51.100.5');
  web = network.addHost('w', '198.51.100.31');
  serveName(web, workDir, 'WEB1', 80);
  agents = [await agentDriver('as-a'), await agentDriver('as-b')];
});

afterAll(async () => {
  for (const agent of agents) {
    await agent.driver.destroy(base.id).catch(() => undefined);
    await agent.module.close();
  }
  signalProcess(Number(trySh(['cat', namePidFile(workDir, 'WEB1')]).trim()), 'SIGKILL');
  for (const namespace of [namespaceA, namespaceB]) trySh(['ip', 'netns', 'delete', namespace]);
  network.teardown();
  rmSync(workDir, { recursive: true, force: true });
});

describe('ACTIVE_STANDBY instances on two agents (namespace driver, keepalived, haproxy)', () => {
  it('serves through the master; after its node is lost the backup does; the returning instance stays backup', async () => {
    const [a, b] = agents;
    await a.driver.deploy(graphA);
    await waitUntil('the VIP to answer through A', () => throughVip() === 'WEB1');
    await b.driver.deploy(graphB);
    expect(await a.driver.isServingGraph(graphA)).toBe(true);
    expect(await b.driver.isServingGraph(graphB)).toBe(true);
    // Both run haproxy (B's bound to a VIP it does not hold); only A holds the VIP.
    expect(await answersOver(throughVip, 20)).toEqual(['WEB1']);
    expect([holdsAddress(namespaceA, VIP), holdsAddress(namespaceB, VIP)]).toEqual([true, false]);
    expect(await b.driver.isServing(base.id)).toBe(true);

    // A's node is lost at once: its processes killed, its namespace gone (its state folder survives).
    for (const file of [KEEPALIVED_PID_FILE, VRRP_PID_FILE, PID_FILE])
      signalProcess(Number(trySh(['cat', join(a.driver.dirOf(base.id), file)]).trim()), 'SIGKILL');
    sh(['ip', 'netns', 'delete', namespaceA]);
    await waitUntil(
      'the VIP to answer through B',
      () => throughVip() === 'WEB1' && holdsAddress(namespaceB, VIP),
    );

    // A's agent comes back and converges its instance: it stays backup, B keeps serving.
    expect(await a.driver.isServingGraph(graphA)).toBe(false);
    await a.driver.deploy(graphA);
    expect(await a.driver.isServingGraph(graphA)).toBe(true);
    expect(await answersOver(throughVip, 30)).toEqual(['WEB1']);
    expect([holdsAddress(namespaceA, VIP), holdsAddress(namespaceB, VIP)]).toEqual([false, true]);

    // B's instance is removed: it hands the VIP to A at once, and leaves nothing behind.
    await b.driver.destroy(base.id);
    await waitUntil(
      'the VIP to answer through A again',
      () => throughVip() === 'WEB1' && holdsAddress(namespaceA, VIP),
    );
    expect(trySh(['ip', 'netns', 'list'])).not.toContain(namespaceB);
    expect(processesOf(b.statePath)).toEqual([]);
    await a.driver.destroy(base.id);
    expect(trySh(['ip', 'netns', 'list'])).not.toContain(namespaceA);
    expect(processesOf(a.statePath)).toEqual([]);
  });
});
