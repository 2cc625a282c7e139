import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { liveObjects, type LoadBalancerGraph, type Topology, type VipGraph } from '@lbaas/contracts';
import { parseShowStat, renderHaproxyConfig, servingMembers, type StatRow, tlsFiles } from '@lbaas/haproxy';
import { renderKeepalivedConfig } from '@lbaas/keepalived';
import { AgentConfig } from '../config/agent.config';
import { CommandRunner } from '../system/command-runner';
import { CONFIG_FILE, HaproxyProcess, PID_FILE, SOCKET_FILE } from './haproxy-process';
import { KeepalivedProcess } from './keepalived-process';
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
  /** The namespace it is plugged in (absent from an older agent: `qlbaas-<id>`). */
  namespace?: string;
  /** An ACTIVE_STANDBY instance's VIP addresses (keepalived puts them on the master). */
  instance_vips?: string[];
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

function vipAddresses(graph: LoadBalancerGraph): string[] {
  return [graph.vip, ...(graph.vip.additional_addresses ?? [])].map((vip) => vip.address);
}

/**
 * The port plugged in the namespace: the VIP port itself (SINGLE), or the instance's own port on the
 * VIP's subnet (ACTIVE_STANDBY: keepalived adds the VIP addresses while it is the master).
 */
function plugged(graph: LoadBalancerGraph): VipGraph {
  if (!graph.vrrp) return graph.vip;
  const { port_id, mac_address, address } = graph.vrrp;
  return { ...graph.vip, port_id, mac_address, address, additional_addresses: [] };
}

/**
 * The haproxy namespace driver (docs/ARCHITECTURE.md, "On-host sequence"): one namespace `qlbaas-<id>`
 * per load balancer with the VIP on a plugged port and haproxy inside. Every step converges, so repeating
 * a deploy is harmless; a first build that fails is rolled back. It removes only what carries this
 * agent's owner mark.
 */
@Injectable()
export class NamespaceDriver extends DeviceDriver implements OnModuleInit {
  private readonly logger = new Logger(NamespaceDriver.name);

  constructor(
    private readonly config: AgentConfig,
    private readonly commands: CommandRunner,
    private readonly haproxy: HaproxyProcess,
    private readonly interfaces: InterfaceDriver,
    private readonly machineLocks: MachineLocks,
    private readonly accessLogs: AccessLogService,
    private readonly udp: UdpNat,
    private readonly keepalived: KeepalivedProcess,
  ) {
    super();
  }

  /** Each load balancer's namespace here, once known (deployed, or read back from its port record). */
  private readonly namespaces = new Map<string, string>();
  /** The VIP addresses of the ACTIVE_STANDBY instances here: holding them makes an instance the master. */
  private readonly instanceVips = new Map<string, string[]>();
  private canRunVrrp = false;

  async onModuleInit(): Promise<void> {
    this.canRunVrrp = await this.commands.succeeds(['keepalived', '--version']);
    if (!this.canRunVrrp)
      this.logger.warn(
        { agent_host: this.config.host },
        'keepalived is not installed: no ACTIVE_STANDBY instances here',
      );
  }

  topologies(): Topology[] {
    return this.canRunVrrp ? ['SINGLE', 'ACTIVE_STANDBY'] : ['SINGLE'];
  }

  async isActiveInstance(loadBalancerId: string): Promise<boolean> {
    const vips =
      this.instanceVips.get(loadBalancerId) ?? (await this.portRecord(loadBalancerId))?.instance_vips;
    if (!vips) return true;
    const addresses = await this.commands
      .run(['ip', '-n', await this.namespaceOf(loadBalancerId), '-j', 'addr', 'show'])
      .then(({ stdout }) => stdout)
      .catch(() => '');
    return vips.some((vip) => addresses.includes(`"${vip}"`));
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
    const namespace = namespaceName(graph.id, graph.vrrp?.instance_id);
    const firstBuild = (await stat(dir).catch(() => undefined)) === undefined;
    const port = plugged(graph);
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await this.ensureNamespace(namespace);
      this.namespaces.set(graph.id, namespace);
      await this.tuneNamespace(namespace, graph.vrrp !== undefined);
      if (!graph.admin_state_up) {
        // Admin down: nothing answers on the VIP, but the namespace stays for a quick way back.
        await this.keepalived.stop(dir);
        await this.haproxy.stop(dir);
        await this.udp.remove(namespace, dir, graph.id);
        await this.interfaces.unplug(port.port_id, namespace);
        return 'stopped';
      }
      const device = await this.interfaces.plug(port, namespace);
      await writeFile(
        join(dir, PORT_FILE),
        JSON.stringify({
          port_id: port.port_id,
          interface_driver: this.interfaces.name,
          namespace,
          ...(graph.vrrp ? { instance_vips: vipAddresses(graph) } : {}),
        } satisfies PortRecord),
      );
      if (graph.vrrp) this.instanceVips.set(graph.id, vipAddresses(graph));
      await this.configureAddress(namespace, device, port);
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
      // Last: an instance claims the VIP only once what answers on it is in place.
      if (graph.vrrp) await this.keepalived.apply(namespace, dir, this.renderVrrp(graph, device));
      else await this.keepalived.stop(dir);
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
    if (graph.vrrp) {
      const device = this.interfaces.deviceName(graph.vrrp.port_id);
      if (!(await this.keepalived.isRunningConfig(dir, this.renderVrrp(graph, device)))) return false;
    }
    if (needsHaproxy(graph)) {
      if (!(await this.haproxy.isRunning(dir))) return false;
      const current = await readFile(join(dir, CONFIG_FILE), 'utf8').catch(() => undefined);
      if (current !== this.render(graph)) return false;
    } else if (!hasUdp) return false;
    return !hasUdp || this.udp.isInPlace(namespaceName(graph.id, graph.vrrp?.instance_id), graph);
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
      const namespace = await this.namespaceOf(loadBalancerId);
      await this.udp.apply(namespace, this.dirOf(loadBalancerId), current, serving);
    });
  }

  /** UDP listeners whose kernel rules are in place (haproxy has no frontend to tell). */
  udpListenersOpen(loadBalancerId: string): Set<string> {
    return this.udp.openListeners(loadBalancerId);
  }

  /** Statistics of the UDP listeners, from the kernel. */
  async udpListenerStats(loadBalancerId: string) {
    return this.udp.listenerStats(await this.namespaceOf(loadBalancerId), loadBalancerId);
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
    const record = await this.portRecord(loadBalancerId);
    const namespace = record?.namespace ?? namespaceName(loadBalancerId);
    // A master that stops hands the VIP over at once (an instance removed while its peer serves).
    await this.keepalived.stop(dir);
    await this.haproxy.stop(dir);
    const exists = await this.namespaceExists(namespace);
    if (!exists || (await this.ownNamespace(namespace))) {
      if (record) await this.interfaces.unplug(record.port_id, namespace);
      if (exists) await this.commands.run(['ip', 'netns', 'delete', namespace]);
    } else {
      this.logger.warn(
        { loadbalancer_id: loadBalancerId },
        'namespace now belongs to another agent; leaving it',
      );
    }
    await rm(dir, { recursive: true, force: true });
    this.namespaces.delete(loadBalancerId);
    this.instanceVips.delete(loadBalancerId);
    await this.udp.forget(loadBalancerId);
    await this.accessLogs.close(loadBalancerId, true);
  }

  private portRecord(loadBalancerId: string): Promise<PortRecord | undefined> {
    return readFile(join(this.dirOf(loadBalancerId), PORT_FILE), 'utf8')
      .then((text) => JSON.parse(text) as PortRecord)
      .catch(() => undefined);
  }

  /** Where the load balancer runs here: as deployed, or as its port record says (after a restart). */
  private async namespaceOf(loadBalancerId: string): Promise<string> {
    const known = this.namespaces.get(loadBalancerId);
    if (known) return known;
    const namespace = (await this.portRecord(loadBalancerId))?.namespace ?? namespaceName(loadBalancerId);
    this.namespaces.set(loadBalancerId, namespace);
    return namespace;
  }

  private renderVrrp(graph: LoadBalancerGraph, device: string): string {
    const vrrp = graph.vrrp!;
    const vips = [graph.vip, ...(graph.vip.additional_addresses ?? [])];
    return renderKeepalivedConfig({
      loadBalancerId: graph.id,
      device,
      ownAddress: vrrp.address,
      peerAddress: vrrp.peer_address,
      priority: vrrp.priority,
      vips: vips.map((vip) => ({ address: vip.address, prefixLength: vip.prefix_length })),
      timers: {
        advertIntervalS: vrrp.advert_interval_s,
        checkIntervalS: vrrp.check_interval_s,
        checkFall: vrrp.check_fall,
      },
      haproxyPidFile: needsHaproxy(graph) ? join(this.dirOf(graph.id), PID_FILE) : undefined,
    });
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
   * PING helper open ICMP echo sockets (file capabilities do not survive haproxy's no_new_privs). An
   * ACTIVE_STANDBY backup's haproxy binds the VIP before keepalived puts it there.
   */
  private async tuneNamespace(namespace: string, vrrp: boolean): Promise<void> {
    await this.commands.run([
      ...['ip', 'netns', 'exec', namespace, 'sysctl', '-q', '-w'],
      'net.ipv4.conf.all.promote_secondaries=1',
      'net.ipv4.ping_group_range=0 2147483647',
      ...(vrrp ? ['net.ipv4.ip_nonlocal_bind=1', 'net.ipv6.ip_nonlocal_bind=1'] : []),
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
