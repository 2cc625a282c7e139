import { Injectable, Logger } from '@nestjs/common';
import {
  type LoadBalancerGraph,
  type ObjectStatus,
  PLUGIN_TOPIC,
  PluginMethod,
  ProvisioningStatus,
} from '@lbaas/contracts';
import { frontendStats, rollUpStatuses, sumTraffic } from '@lbaas/haproxy';
import { RpcClient } from '@lbaas/rpc';
import { AgentConfig } from '../config/agent.config';
import { LoadBalancerLocks } from '../driver/load-balancer-locks';
import { DeviceDriver } from '../driver/device-driver';
import { deploys, forgetLoadBalancer, graphFetches, loadBalancerTraffic } from '../metrics/agent-metrics';
import { changedStatuses, hasPendingChanges } from './graph-status';

/**
 * How many load balancers an agent works on at once: RPC messages taken from its queue, and converges of
 * one reconcile pass. Work on one load balancer is always serial (LoadBalancerLocks).
 */
export const CONCURRENT_LOAD_BALANCERS = 4;

/**
 * Unchanged counters (an idle load balancer) are sent again only after this long: enough to heal a lost
 * cast, without a message and a database write per idle load balancer every minute (with 5,000 load
 * balancers those were most of the server's messages at rest).
 */
export const UNCHANGED_STATS_RESEND_MS = 300_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Converges a load balancer to the graph the server holds, and reports the outcome: the
 * single path taken by RPC casts, the start-up sync and the periodic reconcile alike.
 */
@Injectable()
export class LoadBalancerManager {
  private readonly logger = new Logger(LoadBalancerManager.name);
  /** The last counters sent per load balancer, and when (monotonic ms). */
  private readonly statsSent = new Map<string, { counters: string; at: number }>();
  /** The last graph fetched per load balancer: reused while the server's revision has not moved. */
  private readonly graphs = new Map<string, LoadBalancerGraph>();

  constructor(
    private readonly config: AgentConfig,
    private readonly rpc: RpcClient,
    private readonly driver: DeviceDriver,
    private readonly locks: LoadBalancerLocks,
  ) {}

  /**
   * `revision`: what the server's list says the load balancer is at (the periodic pass); when the graph
   * last fetched is at that revision it is used again, else (and when called for a change) it is fetched.
   */
  converge(loadBalancerId: string, revision?: number): Promise<void> {
    return this.locks.run(loadBalancerId, () => this.convergeNow(loadBalancerId, revision));
  }

  /** Removes a load balancer this agent no longer hosts (or that was deleted). */
  destroy(loadBalancerId: string): Promise<void> {
    return this.locks.run(loadBalancerId, async () => {
      await this.removeFromNode(loadBalancerId);
      this.logger.log(
        { loadbalancer_id: loadBalancerId, agent_host: this.config.host },
        'load balancer removed from this node',
      );
    });
  }

  /** Sends the listeners' traffic counters (under the load balancer's lock: a removal may be under way). */
  reportStats(loadBalancerId: string): Promise<void> {
    return this.locks.run(loadBalancerId, () => this.reportStatsNow(loadBalancerId));
  }

  private async reportStatsNow(loadBalancerId: string): Promise<void> {
    // An ACTIVE_STANDBY backup carries no traffic: its zeros must not overwrite the master's counters.
    if (!(await this.driver.isActiveInstance(loadBalancerId))) return;
    const rows = (await this.driver.isServing(loadBalancerId))
      ? await this.driver.readStats(loadBalancerId)
      : [];
    // haproxy's frontends are the listeners (by id); the kernel counts the UDP ones.
    const listenerIds = [
      ...new Set(rows.filter((r) => r.svname === 'FRONTEND' && UUID.test(r.pxname)).map((r) => r.pxname)),
    ];
    const listeners = [
      ...listenerIds.map((id) => ({ listener_id: id, ...frontendStats(rows, [id]) })),
      ...(await this.driver.udpListenerStats(loadBalancerId)),
    ];
    if (listeners.length === 0) return;
    const totals = sumTraffic(listeners);
    for (const [counter, value] of Object.entries(totals) as [string, number][]) {
      loadBalancerTraffic.set({ loadbalancer_id: loadBalancerId, counter }, value);
    }
    const counters = JSON.stringify(listeners);
    const last = this.statsSent.get(loadBalancerId);
    if (last?.counters === counters && performance.now() - last.at < UNCHANGED_STATS_RESEND_MS) return;
    await this.rpc.cast(PLUGIN_TOPIC, PluginMethod.UpdateStats, {
      loadbalancer_id: loadBalancerId,
      host: this.config.host,
      listeners,
    });
    this.statsSent.set(loadBalancerId, { counters, at: performance.now() });
  }

  private async convergeNow(loadBalancerId: string, revision?: number): Promise<void> {
    // The graph last fetched may only confirm that nothing is to be done: the revision it is compared
    // with was listed at the start of the pass, and a change may have come since, so any action (a
    // deploy, a report) works from a graph fetched now.
    const known = this.graphs.get(loadBalancerId);
    if (revision !== undefined && known?.revision === revision && (await this.isSteady(known))) {
      graphFetches.inc({ source: 'reused' });
      return;
    }
    const graph = await this.fetchGraph(loadBalancerId);
    const log = { loadbalancer_id: loadBalancerId, agent_host: this.config.host };
    if (!graph) {
      // Gone, or hosted by another agent now: what is left here must go, or the VIP would answer twice.
      await this.removeFromNode(loadBalancerId);
      return;
    }
    if (graph.provisioning_status === ProvisioningStatus.PendingDelete) {
      await this.removeFromNode(loadBalancerId);
      await this.report(graph.id, [], true);
      this.logger.log(log, 'load balancer deleted');
      return;
    }
    const pending = hasPendingChanges(graph);
    if (graph.secrets_withheld) {
      // Without its keys the graph cannot be served as asked: fail the change, keep what runs (and keep
      // reporting its health).
      if (!pending) {
        const changed = changedStatuses(graph, await this.operatingStatuses(graph));
        if (changed.length > 0) await this.report(graph.id, changed);
        return;
      }
      this.logger.warn({ ...log, reason: graph.secrets_withheld }, 'not deploying a graph without its keys');
      await this.report(graph.id, [], false, graph.secrets_withheld);
      return;
    }
    if (!pending && graph.provisioning_status === ProvisioningStatus.Error) {
      // A failed change is retried by the next update or failover, not every period: retrying would build
      // and roll back a broken load balancer over and over (a running haproxy keeps its last good config).
      return;
    }
    if (!pending && (await this.driver.isServingGraph(graph))) {
      // Of the two ACTIVE_STANDBY instances, the one holding the VIP reports the statuses.
      if (!(await this.driver.isActiveInstance(graph.id))) return;
      const changed = changedStatuses(graph, await this.operatingStatuses(graph));
      if (changed.length > 0) await this.report(graph.id, changed);
      return;
    }
    try {
      const outcome = await this.driver.deploy(graph);
      deploys.inc({ outcome });
      this.logger.log({ ...log, outcome, pending }, 'load balancer converged');
    } catch (error) {
      deploys.inc({ outcome: 'failed' });
      const reason = (error as Error).message;
      this.logger.error({ ...log, err: reason }, 'deploying the load balancer failed');
      if (pending) await this.report(graph.id, [], false, reason);
      return;
    }
    await this.report(graph.id, await this.operatingStatuses(graph), pending ? true : undefined);
  }

  /** Nothing to do for this graph: settled, served as it says, statuses as the server holds them. */
  private async isSteady(graph: LoadBalancerGraph): Promise<boolean> {
    if (hasPendingChanges(graph) || graph.provisioning_status === ProvisioningStatus.PendingDelete)
      return false;
    // As convergeNow: a graph without its keys is not compared with what runs, but its health is reported;
    // a failed one waits for the next change.
    if (!graph.secrets_withheld) {
      if (graph.provisioning_status === ProvisioningStatus.Error) return true;
      if (!(await this.driver.isServingGraph(graph))) return false;
    }
    return changedStatuses(graph, await this.operatingStatuses(graph)).length === 0;
  }

  private async fetchGraph(loadBalancerId: string): Promise<LoadBalancerGraph | null> {
    const graph = await this.rpc.call<LoadBalancerGraph | null>(
      PLUGIN_TOPIC,
      PluginMethod.GetLoadbalancerGraph,
      { loadbalancer_id: loadBalancerId, host: this.config.host, broker_tls: this.config.rabbitSsl },
    );
    graphFetches.inc({ source: 'fetched' });
    if (graph?.revision !== undefined) this.graphs.set(loadBalancerId, graph);
    else this.graphs.delete(loadBalancerId);
    return graph;
  }

  /** Namespace, port, haproxy and files gone, and whatever this process remembers of the load balancer. */
  private async removeFromNode(loadBalancerId: string): Promise<void> {
    await this.driver.destroy(loadBalancerId);
    forgetLoadBalancer(loadBalancerId);
    this.statsSent.delete(loadBalancerId);
    this.graphs.delete(loadBalancerId);
  }

  private async operatingStatuses(graph: LoadBalancerGraph): Promise<ObjectStatus[]> {
    const rows = (await this.driver.isServing(graph.id))
      ? await this.driver.readStats(graph.id).catch(() => [])
      : [];
    return rollUpStatuses(graph, rows, this.driver.udpListenersOpen(graph.id));
  }

  /** `deployed` set: the outcome of a deploy the server waits for; unset: a periodic status refresh. */
  private async report(
    loadBalancerId: string,
    statuses: ObjectStatus[],
    deployed?: boolean,
    reason?: string,
  ): Promise<void> {
    await this.rpc.call(PLUGIN_TOPIC, PluginMethod.UpdateStatus, {
      loadbalancer_id: loadBalancerId,
      host: this.config.host,
      statuses,
      ...(deployed === undefined ? {} : { deployed }),
      ...(reason ? { reason: reason.slice(0, 2000) } : {}),
    });
  }
}
