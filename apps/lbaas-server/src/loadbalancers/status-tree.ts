import type { PoolEntity } from '../pools/pool.entity';
import type { LoadBalancerTree } from './load-balancer-tree';

interface StatusNode {
  id: string;
  name: string;
  provisioning_status: string;
  operating_status: string;
}

export interface MemberStatus extends StatusNode {
  address: string;
  protocol_port: number;
}

export interface PoolStatus extends StatusNode {
  members: MemberStatus[];
  /** Octavia's key; neutron's tree calls it healthmonitor. Both are given, `{}` without a monitor. */
  health_monitor: (StatusNode & { type: string }) | Record<string, never>;
  healthmonitor: (StatusNode & { type: string }) | Record<string, never>;
}

export interface L7PolicyStatus extends StatusNode {
  action: string;
  rules: (StatusNode & { type: string })[];
}

export interface ListenerStatus extends StatusNode {
  pools: PoolStatus[];
  l7policies: L7PolicyStatus[];
}

export interface StatusTree {
  loadbalancer: StatusNode & { listeners: ListenerStatus[]; pools: PoolStatus[] };
}

function node(row: {
  id: string;
  name: string;
  provisioningStatus: string;
  operatingStatus: string;
}): StatusNode {
  return {
    id: row.id,
    name: row.name,
    provisioning_status: row.provisioningStatus,
    operating_status: row.operatingStatus,
  };
}

/**
 * The status tree both clients read: Octavia's `{id}/status` and neutron's `{id}/statuses`. Listeners
 * carry their default pool; the load balancer also lists every pool (neutron's shape).
 */
export function statusTree(graph: LoadBalancerTree): StatusTree {
  const poolStatus = (pool: PoolEntity): PoolStatus => {
    const monitor = graph.monitors.find((m) => m.poolId === pool.id);
    const monitorNode = monitor ? { ...node(monitor), type: monitor.type } : {};
    return {
      ...node(pool),
      members: graph.members
        .filter((m) => m.poolId === pool.id)
        .map((m) => ({ ...node(m), address: m.address, protocol_port: m.protocolPort })),
      health_monitor: monitorNode,
      healthmonitor: monitorNode,
    };
  };
  const pools = graph.pools.map(poolStatus);
  return {
    loadbalancer: {
      ...node(graph.lb),
      listeners: graph.listeners.map((listener) => ({
        ...node(listener),
        // The default pool and every pool an L7 policy of the listener redirects to.
        pools: pools.filter(
          (p) =>
            p.id === listener.defaultPoolId ||
            graph.policies.some(
              (policy) => policy.listenerId === listener.id && policy.redirectPoolId === p.id,
            ),
        ),
        l7policies: graph.policies
          .filter((policy) => policy.listenerId === listener.id)
          .map((policy) => ({
            ...node(policy),
            action: policy.action,
            rules: graph.rules
              .filter((r) => r.l7policyId === policy.id)
              .map((r) => ({ ...node(r), type: r.type })),
          })),
      })),
      pools,
    },
  };
}
