import type { PoolEntity } from '../../lb-graph/entities/pool.entity';
import type { LoadBalancerTree } from '../../lb-graph/load-balancer-tree';

interface StatusNode {
  id: string;
  name: string;
  provisioning_status: string;
  operating_status: string;
}

type MonitorStatus = StatusNode & { type: string };

export interface MemberStatus extends StatusNode {
  address: string;
  protocol_port: number;
}

/** Octavia's pool: `health_monitor` only when the pool has one. */
export interface PoolStatus extends StatusNode {
  health_monitor?: MonitorStatus;
  members: MemberStatus[];
}

export interface ListenerStatus extends StatusNode {
  pools: PoolStatus[];
}

/** Octavia's `GET loadbalancers/{id}/status`: exactly its keys at each level. */
export interface StatusTree {
  loadbalancer: StatusNode & { listeners: ListenerStatus[] };
}

/** neutron-lbaas's pool: the monitor as `healthmonitor` (`{}` without one). */
export interface NeutronPoolStatus extends StatusNode {
  healthmonitor: MonitorStatus | Record<string, never>;
  members: MemberStatus[];
}

export interface NeutronListenerStatus extends StatusNode {
  pools: NeutronPoolStatus[];
  l7policies: (StatusNode & { action: string; rules: (StatusNode & { type: string })[] })[];
}

/** neutron-lbaas's `GET loadbalancers/{id}/statuses`: listeners with L7 policies, and every pool. */
export interface NeutronStatusTree {
  loadbalancer: StatusNode & { listeners: NeutronListenerStatus[]; pools: NeutronPoolStatus[] };
}

function node(row: {
  id: string;
  name: string;
  provisioningStatus: string;
  operatingStatus: string;
}): StatusNode {
  return {
    id: row.id,
    name: row.name ?? '',
    provisioning_status: row.provisioningStatus,
    operating_status: row.operatingStatus,
  };
}

function monitorOf(graph: LoadBalancerTree, pool: PoolEntity): MonitorStatus | undefined {
  const monitor = graph.monitors.find((m) => m.poolId === pool.id);
  return monitor && { ...node(monitor), type: monitor.type };
}

function membersOf(graph: LoadBalancerTree, pool: PoolEntity): MemberStatus[] {
  return graph.members
    .filter((m) => m.poolId === pool.id)
    .map((m) => ({ ...node(m), address: m.address, protocol_port: m.protocolPort }));
}

/** A listener's pools: its default pool and every pool one of its L7 policies redirects to. */
function poolsOfListener(graph: LoadBalancerTree, listenerId: string, defaultPoolId: string | null) {
  return graph.pools.filter(
    (pool) =>
      pool.id === defaultPoolId ||
      graph.policies.some((policy) => policy.listenerId === listenerId && policy.redirectPoolId === pool.id),
  );
}

function poolStatus(graph: LoadBalancerTree, pool: PoolEntity): PoolStatus {
  const monitor = monitorOf(graph, pool);
  return { ...node(pool), ...(monitor ? { health_monitor: monitor } : {}), members: membersOf(graph, pool) };
}

function asNeutronPool({ health_monitor: monitor, ...pool }: PoolStatus): NeutronPoolStatus {
  return { ...pool, healthmonitor: monitor ?? {} };
}

/** The status tree Octavia's clients read (`…/status`). */
export function statusTree(graph: LoadBalancerTree): StatusTree {
  return {
    loadbalancer: {
      ...node(graph.lb),
      listeners: graph.listeners.map((listener) => ({
        ...node(listener),
        pools: poolsOfListener(graph, listener.id, listener.defaultPoolId).map((pool) =>
          poolStatus(graph, pool),
        ),
      })),
    },
  };
}

/** The status tree neutron's clients read (`…/statuses`): Octavia's, with neutron's names and additions. */
export function neutronStatusTree(graph: LoadBalancerTree): NeutronStatusTree {
  const { listeners, ...lb } = statusTree(graph).loadbalancer;
  return {
    loadbalancer: {
      ...lb,
      listeners: listeners.map((listener) => ({
        ...listener,
        pools: listener.pools.map(asNeutronPool),
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
      pools: graph.pools.map((pool) => asNeutronPool(poolStatus(graph, pool))),
    },
  };
}
