import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { liveObjects, type LoadBalancerGraph, type VipGraph } from '@lbaas/contracts';
import { parseShowStat, renderHaproxyConfig, servingMembers, type StatRow, tlsFiles } from '@lbaas/haproxy';
import { AgentConfig } from '../config/agent.config';
import { CommandRunner } from '../system/command-runner';
import { CONFIG_FILE, HaproxyProcess, SOCKET_FILE } from './haproxy-process';
import { type DeployOutcome, DeviceDriver } from './device-driver';
import { InterfaceDriver } from './interface/interface-driver';
import { MachineLocks } from './machine-locks';
import { namespaceName } from './naming';
import { linkAlias, ownerMark } from './ownership';
import { pingHelperPath, udpConnectHelperPath } from './check-helpers';
import { AccessLogService } from '../access-log/access-log.service';
import { UdpNat, udpListeners } from './udp-nat';

/** What the agent remembers of a plugged port, so that it can unplug it even without the graph. */
interface PortRecord {
  port_id: string;
  interface_driver: string;
}

const PORT_FILE = 'port.json';
/** Where `ip netns add` mounts a named namespace. */
const NAMED_NAMESPACES = '/run/netns';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * haproxy runs for the TCP/HTTP listeners, and to check the members of UDP pools (the kernel carries
 * their datagrams, to the members haproxy shows serving).
 */
function needsHaproxy(graph: LoadBalancerGraph): boolean {
  const listeners = liveObjects(graph.listeners);
  return (
    listeners.some((l) => l.protocol !== 'UDP') ||
    (listeners.some((l) => l.protocol === 'UDP') &&
      liveObjects(graph.pools).some((p) => p.protocol === 'UDP'))
  );
}

/**
 * The haproxy namespace driver (docs/ARCHITECTURE.md, "On-host sequence"): one namespace `qlbaas-<id>`
 * per load balancer with the VIP on a plugged port and haproxy inside. Every step converges, so repeating
 * a deploy is harmless; a first build that fails is rolled back. It removes only what carries this
 * agent's owner mark.
 */
@Injectable()
export class NamespaceDriver extends DeviceDriver {
  private readonly logger = new Logger(NamespaceDriver.name);

  constructor(
    private readonly config: AgentConfig,
    private readonly commands: CommandRunner,
    private readonly haproxy: HaproxyProcess,
    private readonly interfaces: InterfaceDriver,
    private readonly machineLocks: MachineLocks,
    private readonly accessLogs: AccessLogService,
    private readonly udp: UdpNat,
  ) {
    super();
  }

  private get root(): string {
    return join(this.config.statePath, 'lbaas', 'v2');
  }

  dirOf(loadBalancerId: string): string {
    return join(this.root, loadBalancerId);
  }

  /** Load balancers this agent has state for (its own folders: never another agent's). */
  async deployedIds(): Promise<string[]> {
    const entries = await readdir(this.root).catch(() => [] as string[]);
    return entries.filter((entry) => UUID.test(entry));
  }

  deploy(graph: LoadBalancerGraph): Promise<DeployOutcome> {
    return this.machineLocks.run(graph.id, () => this.deployNow(graph));
  }

  /** Stops haproxy, unplugs the port, deletes the namespace and the folder. Absent parts are fine. */
  destroy(loadBalancerId: string): Promise<void> {
    return this.machineLocks.run(loadBalancerId, () => this.destroyNow(loadBalancerId));
  }

  private async deployNow(graph: LoadBalancerGraph): Promise<DeployOutcome> {
    const dir = this.dirOf(graph.id);
    const namespace = namespaceName(graph.id);
    const firstBuild = (await stat(dir).catch(() => undefined)) === undefined;
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await this.ensureNamespace(namespace);
      await this.tuneNamespace(namespace);
      if (!graph.admin_state_up) {
        // Admin down: nothing answers on the VIP, but the namespace stays for a quick way back.
        await this.haproxy.stop(dir);
        await this.udp.remove(namespace, dir, graph.id);
        await this.interfaces.unplug(graph.vip.port_id, namespace);
        return 'stopped';
      }
      const device = await this.interfaces.plug(graph.vip, namespace);
      await writeFile(
        join(dir, PORT_FILE),
        JSON.stringify({
          port_id: graph.vip.port_id,
          interface_driver: this.interfaces.name,
        } satisfies PortRecord),
      );
      await this.configureAddress(namespace, device, graph.vip);
      // A new certificate under an unchanged config still needs haproxy to load it.
      const certificatesChanged = await this.writeCertificates(dir, graph);
      const hasUdp = udpListeners(graph).length > 0;
      if (hasUdp) await this.udp.prepareNamespace(namespace, device, graph);
      let outcome: DeployOutcome = hasUdp ? 'kernel only' : 'stopped';
      if (!needsHaproxy(graph)) await this.haproxy.stop(dir);
      else {
        const logPipe = await this.accessLogs.start(graph.id);
        outcome = await this.haproxy.apply(namespace, dir, this.render(graph), {
          logPipe,
          forceReload: certificatesChanged,
        });
      }
      if (hasUdp) await this.udp.apply(namespace, dir, graph, await this.servingMembers(graph.id), true);
      else await this.udp.remove(namespace, dir, graph.id);
      return outcome;
    } catch (error) {
      if (firstBuild) {
        this.logger.warn(
          { loadbalancer_id: graph.id, err: (error as Error).message },
          'first deploy failed; rolling back',
        );
        await this.destroyNow(graph.id).catch((rollback: Error) =>
          this.logger.error({ loadbalancer_id: graph.id, err: rollback.message }, 'rollback failed'),
        );
      }
      throw error;
    }
  }

  /**
   * The TLS files the config names (certificate bundles, CA bundles, revocation lists), readable by root
   * only (haproxy loads them before dropping privileges). Files no listener or pool uses any more may hold
   * private keys: they go. Whether a file haproxy uses changed (it must then restart to load it).
   */
  private async writeCertificates(dir: string, graph: LoadBalancerGraph): Promise<boolean> {
    const certificatesDir = join(dir, 'certificates');
    const wanted = new Map<string, string>();
    const kept = new Set<string>();
    for (const { name, pem } of tlsFiles(graph)) {
      if (pem === null) kept.add(name);
      else wanted.set(name, pem);
    }
    for (const file of await readdir(certificatesDir).catch(() => [] as string[])) {
      if (!wanted.has(file) && !kept.has(file)) await rm(join(certificatesDir, file), { force: true });
    }
    if (wanted.size === 0) return false;
    await mkdir(certificatesDir, { recursive: true, mode: 0o700 });
    let changed = false;
    for (const [file, pem] of wanted) {
      const path = join(certificatesDir, file);
      if ((await readFile(path, 'utf8').catch(() => undefined)) !== pem) {
        await writeFile(path, pem, { mode: 0o600 });
        changed = true;
      }
    }
    return changed;
  }

  /**
   * Serving exactly this graph already: haproxy runs on the config the graph renders to, and the UDP
   * listeners' table is in place.
   */
  async isServingGraph(graph: LoadBalancerGraph): Promise<boolean> {
    const dir = this.dirOf(graph.id);
    const hasUdp = udpListeners(graph).length > 0;
    if (needsHaproxy(graph)) {
      if (!(await this.haproxy.isRunning(dir))) return false;
      const current = await readFile(join(dir, CONFIG_FILE), 'utf8').catch(() => undefined);
      if (current !== this.render(graph)) return false;
    } else if (!hasUdp) return false;
    return !hasUdp || this.udp.isInPlace(namespaceName(graph.id), graph);
  }

  /**
   * Gives the kernel the UDP members haproxy's checks show serving now (the member watch, every second):
   * a member that fails its checks gets no new flow, one that recovers gets flows again. Flows already
   * running keep their member (conntrack), so healthy members' clients lose nothing.
   */
  async refreshUdpMembers(loadBalancerId: string): Promise<void> {
    // A socket query first: the machine lock (a file lock) is taken only when the members moved.
    const graph = this.udp.graphOf(loadBalancerId);
    if (!graph || !this.udp.wouldChange(graph, await this.servingMembers(loadBalancerId))) return;
    await this.machineLocks.run(loadBalancerId, async () => {
      const current = this.udp.graphOf(loadBalancerId);
      if (!current) return;
      const serving = await this.servingMembers(loadBalancerId);
      await this.udp.apply(namespaceName(loadBalancerId), this.dirOf(loadBalancerId), current, serving);
    });
  }

  /** UDP listeners whose kernel rules are in place (haproxy has no frontend to tell). */
  udpListenersOpen(loadBalancerId: string): Set<string> {
    return this.udp.openListeners(loadBalancerId);
  }

  /** Statistics of the UDP listeners, from the kernel. */
  udpListenerStats(loadBalancerId: string) {
    return this.udp.listenerStats(namespaceName(loadBalancerId), loadBalancerId);
  }

  udpLoadBalancerIds(): string[] {
    return this.udp.loadBalancerIds();
  }

  private async servingMembers(loadBalancerId: string) {
    if (!(await this.isServing(loadBalancerId))) return new Map<string, Set<string>>();
    return servingMembers(await this.readStats(loadBalancerId));
  }

  private render(graph: LoadBalancerGraph): string {
    const dir = this.dirOf(graph.id);
    return renderHaproxyConfig(
      graph,
      {
        statsSocket: join(dir, SOCKET_FILE),
        certificatesDir: join(dir, 'certificates'),
        pingHelper: pingHelperPath(this.config.statePath),
        udpConnectHelper: udpConnectHelperPath(this.config.statePath),
      },
      { userGroup: this.config.userGroup, accessLog: this.accessLogs.settings },
    );
  }

  private async destroyNow(loadBalancerId: string): Promise<void> {
    const dir = this.dirOf(loadBalancerId);
    const namespace = namespaceName(loadBalancerId);
    await this.haproxy.stop(dir);
    const exists = await this.namespaceExists(namespace);
    if (!exists || (await this.ownNamespace(namespace))) {
      const record = await readFile(join(dir, PORT_FILE), 'utf8')
        .then((text) => JSON.parse(text) as PortRecord)
        .catch(() => undefined);
      if (record) await this.interfaces.unplug(record.port_id, namespace);
      if (exists) await this.commands.run(['ip', 'netns', 'delete', namespace]);
    } else {
      this.logger.warn(
        { loadbalancer_id: loadBalancerId },
        'namespace now belongs to another agent; leaving it',
      );
    }
    await rm(dir, { recursive: true, force: true });
    await this.udp.forget(loadBalancerId);
    await this.accessLogs.close(loadBalancerId, true);
  }

  async isServing(loadBalancerId: string): Promise<boolean> {
    return this.haproxy.isRunning(this.dirOf(loadBalancerId));
  }

  async readStats(loadBalancerId: string): Promise<StatRow[]> {
    return parseShowStat(await this.haproxy.query(this.dirOf(loadBalancerId), 'show stat'));
  }

  /** A named namespace is its mount point under /run/netns (what `ip netns list` reads): no process to ask. */
  private async namespaceExists(namespace: string): Promise<boolean> {
    return (await stat(join(NAMED_NAMESPACES, namespace)).catch(() => undefined)) !== undefined;
  }

  private async ensureNamespace(namespace: string): Promise<void> {
    if (!(await this.namespaceExists(namespace))) await this.commands.run(['ip', 'netns', 'add', namespace]);
    // Loopback up, and ours from now on (a load balancer that moved here takes over what is left of it).
    await this.ipBatch(namespace, [
      ['link', 'set', 'lo', 'up'],
      ['link', 'set', 'lo', 'alias', ownerMark(this.config.host)],
    ]);
  }

  /**
   * Several `ip` commands in one process (`ip -n <namespace> -batch -`): each spawn costs a deploy
   * milliseconds. A batch line is split on blanks, so no word may hold one (nor be empty).
   */
  private async ipBatch(namespace: string, commands: string[][]): Promise<void> {
    for (const word of commands.flat()) {
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must not pass
      if (!/^[^\s#"'\\\x00-\x1f\x7f]+$/.test(word))
        throw new Error(`refusing ip batch word ${JSON.stringify(word)}`);
    }
    await this.commands.run(['ip', '-n', namespace, '-batch', '-'], {
      input: commands.map((words) => `${words.join(' ')}\n`).join(''),
    });
  }

  /** The namespace is this agent's, or unmarked; another agent's must not be touched. */
  private async ownNamespace(namespace: string): Promise<boolean> {
    const owner = await linkAlias(this.commands, ['ip', '-n', namespace, 'link', 'show', 'lo']);
    return owner === undefined || owner === '' || owner === ownerMark(this.config.host);
  }

  /**
   * Per-namespace settings: keep the VIP when a secondary address goes, and let haproxy's unprivileged
   * PING helper open ICMP echo sockets (file capabilities do not survive haproxy's no_new_privs).
   */
  private async tuneNamespace(namespace: string): Promise<void> {
    await this.commands.run([
      ...['ip', 'netns', 'exec', namespace, 'sysctl', '-q', '-w'],
      'net.ipv4.conf.all.promote_secondaries=1',
      'net.ipv4.ping_group_range=0 2147483647',
    ]);
  }

  private async configureAddress(namespace: string, device: string, vip: VipGraph): Promise<void> {
    // The VIP and any additional VIPs (Octavia 2.26): addresses of the same port on other subnets.
    const addresses = [vip, ...(vip.additional_addresses ?? [])];
    await this.ipBatch(namespace, [
      ['link', 'set', device, 'address', vip.mac_address],
      ['link', 'set', device, 'mtu', String(vip.mtu)],
      ['link', 'set', device, 'up'],
      ...addresses.map(({ address, prefix_length: prefix, ip_version: version }) => [
        ...['addr', 'replace', `${address}/${prefix}`, 'dev', device],
        ...(version === 6 ? ['nodad'] : []),
      ]),
      // A batch line takes no `-6`: the IPv6 default route is spelled as its prefix.
      ...(vip.gateway_ip
        ? [
            [
              'route',
              'replace',
              vip.ip_version === 6 ? '::/0' : 'default',
              'via',
              vip.gateway_ip,
              'dev',
              device,
            ],
          ]
        : []),
    ]);
    for (const { address } of addresses.filter((a) => a.ip_version === 4)) {
      // Gratuitous ARP so neighbours learn the VIP's (new) MAC at once; harmless if nobody listens. Not
      // waited for: nobody answers an unsolicited ARP, and arping then waits out its deadline, which every
      // deploy (and so the time to serving) paid.
      void this.commands
        .run(
          ['ip', 'netns', 'exec', namespace, 'arping', '-U', '-c', '1', '-w', '0.2', '-I', device, address],
          { timeoutMs: 5000 },
        )
        .catch((error: Error) => this.logger.debug({ err: error.message }, 'gratuitous ARP failed'));
    }
  }
}
