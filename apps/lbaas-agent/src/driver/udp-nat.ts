import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { liveObjects, type LoadBalancerGraph } from '@lbaas/contracts';
import { type TrafficStats } from '@lbaas/haproxy';
import {
  type NftTableState,
  parseNftTable,
  type ServingMembers,
  staleFlows,
  type StaleFlows,
  UDP_TABLE_FAMILY,
  UDP_TABLE_NAME,
  udpFlowsByDestination,
  udpListenerStats,
  udpRuleCount,
  type UdpRuleset,
  udpRuleset,
  udpTransaction,
} from '@lbaas/nftables';
import { CommandError, CommandRunner } from '../system/command-runner';

const RULES_FILE = 'udp.nft';

/**
 * How long an unanswered flow to a member that left keeps its way: its answer may still be on the way (a
 * question asked just before the change). Answered flows move at once; the rest after this.
 */
const UNANSWERED_FLOW_GRACE_MS = 2000;

/** The graph and members a load balancer's table was last built from (what the agent remembers). */
interface AppliedUdp {
  graph: LoadBalancerGraph;
  serving: ServingMembers;
  /** The ruleset as JSON: equal means nothing to do. */
  ruleset: string;
  targets: UdpRuleset['targets'];
  ruleCount: number;
}

export function udpListeners(graph: LoadBalancerGraph) {
  return liveObjects(graph.listeners).filter((l) => l.protocol === 'UDP');
}

/**
 * UDP listeners are served by the kernel of the load balancer's namespace (seed 004's LVS-NAT, with
 * nftables): one table `inet lbaas` there, changed by one `nft -f` transaction each time, never anything
 * outside the namespace. The members it sends to are the ones haproxy's checks show serving.
 */
@Injectable()
export class UdpNat {
  private readonly logger = new Logger(UdpNat.name);
  private readonly applied = new Map<string, AppliedUdp>();
  /** Per load balancer, the timers that will drop the unanswered flows of members that left. */
  private readonly draining = new Map<string, Set<NodeJS.Timeout>>();

  constructor(private readonly commands: CommandRunner) {}

  /** Load balancers with UDP rules in place, for the member watch. */
  loadBalancerIds(): string[] {
    return [...this.applied.keys()];
  }

  graphOf(loadBalancerId: string): LoadBalancerGraph | undefined {
    return this.applied.get(loadBalancerId)?.graph;
  }

  /** Whether these serving members would change the rules applied for the graph (apply would act). */
  wouldChange(graph: LoadBalancerGraph, serving: ServingMembers): boolean {
    return JSON.stringify(udpRuleset(graph, serving) ?? null) !== this.applied.get(graph.id)?.ruleset;
  }

  /**
   * Lets the namespace forward the load-balanced flows (only those: the table's forward chain drops the
   * rest) without telling clients to go to the member directly (ICMP redirects).
   */
  async prepareNamespace(namespace: string, device: string, graph: LoadBalancerGraph): Promise<void> {
    const settings = [
      'net.ipv4.ip_forward=1',
      'net.ipv4.conf.all.send_redirects=0',
      `net.ipv4.conf.${device}.send_redirects=0`,
    ];
    const vips = [graph.vip, ...(graph.vip.additional_addresses ?? [])];
    if (vips.some((vip) => vip.ip_version === 6)) settings.push('net.ipv6.conf.all.forwarding=1');
    await this.commands.run(['ip', 'netns', 'exec', namespace, 'sysctl', '-q', '-w', ...settings]);
  }

  /**
   * Makes the namespace's table carry the graph's UDP listeners to the serving members (or removes it
   * when the graph has none). Unless `force`d (a deploy), nothing runs when the agent already applied
   * exactly this.
   */
  async apply(
    namespace: string,
    dir: string,
    graph: LoadBalancerGraph,
    serving: ServingMembers,
    force = false,
  ): Promise<void> {
    const ruleset = udpRuleset(graph, serving);
    const json = JSON.stringify(ruleset ?? null);
    const previous = this.applied.get(graph.id);
    if (!force && ruleset && previous?.ruleset === json) return;
    const existing = await this.tableState(namespace);
    const script = udpTransaction(ruleset, existing?.objects);
    if (script !== '') {
      const file = join(dir, RULES_FILE);
      await writeFile(file, script, { mode: 0o600 });
      await this.commands.run(['ip', 'netns', 'exec', namespace, 'nft', '-f', file]);
    }
    if (!ruleset) {
      await this.forget(graph.id, dir);
      return;
    }
    this.applied.set(graph.id, {
      graph,
      serving,
      ruleset: json,
      ruleCount: udpRuleCount(ruleset),
      targets: ruleset.targets,
    });
    const previousTargets = previous ? { ...ruleset, targets: previous.targets } : undefined;
    for (const flows of staleFlows(previousTargets, ruleset))
      await this.moveFlows(namespace, graph.id, flows);
    this.logger.log(
      { loadbalancer_id: graph.id, rules: udpRuleCount(ruleset) },
      'UDP listeners programmed in the kernel',
    );
  }

  /**
   * The table carries this graph (with the members last seen serving) and still has every rule the agent
   * put in: a flushed or deleted table is not in place, and the next deploy repairs it.
   */
  async isInPlace(namespace: string, graph: LoadBalancerGraph): Promise<boolean> {
    const applied = this.applied.get(graph.id);
    if (!applied || JSON.stringify(udpRuleset(graph, applied.serving) ?? null) !== applied.ruleset)
      return false;
    const table = await this.tableState(namespace).catch(() => undefined);
    return table !== undefined && table.ruleCount === applied.ruleCount;
  }

  /** UDP listeners counted as open for their operating status: those whose rules are in place. */
  openListeners(loadBalancerId: string): Set<string> {
    const graph = this.applied.get(loadBalancerId)?.graph;
    if (!graph || !graph.admin_state_up) return new Set();
    return new Set(
      udpListeners(graph)
        .filter((l) => l.admin_state_up)
        .map((l) => l.id),
    );
  }

  /** Per UDP listener: bytes each way and flows from the table's counters, active flows from conntrack. */
  async listenerStats(
    namespace: string,
    loadBalancerId: string,
  ): Promise<({ listener_id: string } & TrafficStats)[]> {
    const graph = this.applied.get(loadBalancerId)?.graph;
    if (!graph) return [];
    const table = await this.tableState(namespace);
    if (!table) return [];
    const vips = [graph.vip, ...(graph.vip.additional_addresses ?? [])];
    let conntrack = '';
    for (const family of new Set(vips.map((vip) => vip.ip_version))) {
      const { stdout } = await this.commands.run([
        ...['ip', 'netns', 'exec', namespace, 'conntrack', '-L', '-p', 'udp'],
        ...['-f', family === 6 ? 'ipv6' : 'ipv4'],
      ]);
      conntrack += stdout;
    }
    const flows = udpFlowsByDestination(conntrack);
    const addresses = vips.map((vip) => vip.address);
    return udpListeners(graph).map((listener) => ({
      listener_id: listener.id,
      ...udpListenerStats(listener, addresses, table, flows),
    }));
  }

  /** Removes the table (admin down, or no UDP listener left), if the agent ever made one here. */
  async remove(namespace: string, dir: string, loadBalancerId: string): Promise<void> {
    const recorded = await stat(join(dir, RULES_FILE)).catch(() => undefined);
    if (!this.applied.has(loadBalancerId) && !recorded) return;
    const existing = await this.tableState(namespace);
    if (existing)
      await this.commands.run([
        'ip',
        'netns',
        'exec',
        namespace,
        'nft',
        'delete',
        'table',
        UDP_TABLE_FAMILY,
        UDP_TABLE_NAME,
      ]);
    await this.forget(loadBalancerId, dir);
  }

  /** Forgets the load balancer (its namespace, and the table in it, go with it). */
  async forget(loadBalancerId: string, dir?: string): Promise<void> {
    this.applied.delete(loadBalancerId);
    for (const timer of this.draining.get(loadBalancerId) ?? []) clearTimeout(timer);
    this.draining.delete(loadBalancerId);
    if (dir) await rm(join(dir, RULES_FILE), { force: true });
  }

  /**
   * Sends stale flows to a new choice: flows that were never NATed at once; flows to a member that left
   * at once when answered, and after a grace when not, so the answer to a question in flight still
   * finds its way back (deleting its entry now would leave the answer nothing to be translated by).
   */
  private async moveFlows(namespace: string, loadBalancerId: string, flows: StaleFlows): Promise<void> {
    if (flows.destination) return this.deleteFlows(namespace, flows);
    await this.deleteFlows(namespace, flows, 'SEEN_REPLY');
    const timer = setTimeout(() => {
      this.draining.get(loadBalancerId)?.delete(timer);
      if (this.stillTargeted(loadBalancerId, flows)) return;
      this.deleteFlows(namespace, flows).catch((error: Error) =>
        this.logger.warn(
          { loadbalancer_id: loadBalancerId, member: flows.replySource, err: error.message },
          'could not drop the unanswered flows of a member that left',
        ),
      );
    }, UNANSWERED_FLOW_GRACE_MS);
    timer.unref();
    this.draining.set(loadBalancerId, (this.draining.get(loadBalancerId) ?? new Set()).add(timer));
  }

  /** Whether the member came back into the table since (its flows are its own again). */
  private stillTargeted(loadBalancerId: string, flows: StaleFlows): boolean {
    const member = `${flows.replySource} ${flows.replySourcePort}`;
    return (this.applied.get(loadBalancerId)?.targets ?? []).some(
      (target) => target.family === flows.family && target.members.includes(member),
    );
  }

  /** Deletes conntrack entries (conntrack answers 1 when none matched, or one expired meanwhile). */
  private async deleteFlows(namespace: string, flows: StaleFlows, status?: 'SEEN_REPLY'): Promise<void> {
    const argv = [
      ...['ip', 'netns', 'exec', namespace, 'conntrack', '-D', '-p', 'udp'],
      ...['-f', flows.family === 6 ? 'ipv6' : 'ipv4', '--reply-src', flows.replySource],
      ...(flows.replySourcePort ? ['--reply-port-src', String(flows.replySourcePort)] : []),
      ...(flows.destination
        ? ['--orig-dst', flows.destination.address, '--dport', String(flows.destination.port)]
        : []),
      ...(status ? ['--status', status] : []),
    ];
    await this.commands.run(argv).catch((error: Error) => {
      const nothingLeft = /0 flow entries|such conntrack doesn't exist/;
      if (!(error instanceof CommandError && nothingLeft.test(error.stderr))) throw error;
    });
  }

  /** The table as the namespace holds it; undefined when there is none. */
  private async tableState(namespace: string): Promise<NftTableState | undefined> {
    try {
      const { stdout } = await this.commands.run([
        ...['ip', 'netns', 'exec', namespace, 'nft', '-j', 'list', 'table'],
        UDP_TABLE_FAMILY,
        UDP_TABLE_NAME,
      ]);
      return parseNftTable(stdout);
    } catch (error) {
      if (error instanceof CommandError && /No such file or directory/.test(error.stderr)) return undefined;
      throw error;
    }
  }
}
