import type { LoadBalancerGraph, Topology } from '@lbaas/contracts';
import type { StatRow, TrafficStats } from '@lbaas/haproxy';
import type { ApplyOutcome } from './haproxy-process';

/** 'kernel only': UDP listeners without pools to check, so no haproxy runs. */
export type DeployOutcome = ApplyOutcome | 'stopped' | 'kernel only';

/**
 * What the agent asks of the node (neutron-lbaas's device driver): the real one builds namespaces, ports,
 * haproxy and nftables (NamespaceDriver); the dry-run one only records (DryRunDriver, for control-plane
 * benchmarks). Chosen by the agent's `device_driver` option.
 */
export abstract class DeviceDriver {
  /** Load balancers this agent has state for. */
  abstract deployedIds(): Promise<string[]>;
  /** Makes the node serve the graph (idempotent). */
  abstract deploy(graph: LoadBalancerGraph): Promise<DeployOutcome>;
  /** Removes everything of the load balancer from the node; absent parts are fine. */
  abstract destroy(loadBalancerId: string): Promise<void>;
  /** Serving exactly this graph already. */
  abstract isServingGraph(graph: LoadBalancerGraph): Promise<boolean>;
  /** Something answers for the load balancer (haproxy runs). */
  abstract isServing(loadBalancerId: string): Promise<boolean>;
  /** haproxy's `show stat` rows. */
  abstract readStats(loadBalancerId: string): Promise<StatRow[]>;
  /** UDP listeners whose kernel rules are in place. */
  abstract udpListenersOpen(loadBalancerId: string): Set<string>;
  /** Traffic of the UDP listeners, from the kernel. */
  abstract udpListenerStats(loadBalancerId: string): Promise<({ listener_id: string } & TrafficStats)[]>;
  /** Load balancers with UDP listeners, for the member watch. */
  abstract udpLoadBalancerIds(): string[];
  /** Gives the kernel the UDP members haproxy's checks show serving now. */
  abstract refreshUdpMembers(loadBalancerId: string): Promise<void>;
  /** The topologies it can run (reported to the server, contract 1.12): ACTIVE_STANDBY needs keepalived. */
  abstract topologies(): Topology[];
  /**
   * Whether this node's copy of the load balancer is the one clients reach: always for SINGLE; for an
   * ACTIVE_STANDBY instance, while it holds the VIP. Counters and periodic statuses come from that one.
   */
  abstract isActiveInstance(loadBalancerId: string): Promise<boolean>;
}
