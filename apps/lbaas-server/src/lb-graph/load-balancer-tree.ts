import { type EntityManager, In } from 'typeorm';
import { HealthMonitorEntity } from './entities/health-monitor.entity';
import { L7PolicyEntity } from './entities/l7-policy.entity';
import { L7RuleEntity } from './entities/l7-rule.entity';
import { ListenerEntity } from './entities/listener.entity';
import { MemberEntity } from './entities/member.entity';
import { PoolEntity } from './entities/pool.entity';
import type { LoadBalancerEntity } from './entities/load-balancer.entity';

/** Every object of one load balancer, in a stable order: what status trees and agent graphs are made of. */
export interface LoadBalancerTree {
  lb: LoadBalancerEntity;
  listeners: ListenerEntity[];
  pools: PoolEntity[];
  members: MemberEntity[];
  monitors: HealthMonitorEntity[];
  policies: L7PolicyEntity[];
  rules: L7RuleEntity[];
}

export async function loadTree(manager: EntityManager, lb: LoadBalancerEntity): Promise<LoadBalancerTree> {
  const listeners = await manager.find(ListenerEntity, {
    where: { loadbalancerId: lb.id },
    order: { protocolPort: 'ASC' },
  });
  const pools = await manager.find(PoolEntity, {
    where: { loadbalancerId: lb.id },
    order: { createdAt: 'ASC' },
  });
  const poolIds = pools.map((p) => p.id);
  const listenerIds = listeners.map((l) => l.id);
  const members = poolIds.length
    ? await manager.find(MemberEntity, { where: { poolId: In(poolIds) }, order: { createdAt: 'ASC' } })
    : [];
  const monitors = poolIds.length ? await manager.findBy(HealthMonitorEntity, { poolId: In(poolIds) }) : [];
  const policies = listenerIds.length
    ? await manager.find(L7PolicyEntity, {
        where: { listenerId: In(listenerIds) },
        order: { position: 'ASC' },
      })
    : [];
  const policyIds = policies.map((p) => p.id);
  const rules = policyIds.length
    ? await manager.find(L7RuleEntity, { where: { l7policyId: In(policyIds) }, order: { createdAt: 'ASC' } })
    : [];
  return { lb, listeners, pools, members, monitors, policies, rules };
}

/** The ids of every child object of a load balancer, by kind. */
export interface GraphIds {
  listeners: string[];
  pools: string[];
  members: string[];
  monitors: string[];
  policies: string[];
  rules: string[];
}

/** Reads only the ids of a load balancer's children (settling and status reports need no more). */
export async function graphIds(manager: EntityManager, loadBalancerId: string): Promise<GraphIds> {
  const ids = async <T extends { id: string }>(rows: Promise<T[]>) => (await rows).map((row) => row.id);
  const select = { id: true } as const;
  const listeners = await ids(
    manager.find(ListenerEntity, { where: { loadbalancerId: loadBalancerId }, select }),
  );
  const pools = await ids(manager.find(PoolEntity, { where: { loadbalancerId: loadBalancerId }, select }));
  const policies = await ids(manager.find(L7PolicyEntity, { where: { listenerId: In(listeners) }, select }));
  return {
    listeners,
    pools,
    members: await ids(manager.find(MemberEntity, { where: { poolId: In(pools) }, select })),
    monitors: await ids(manager.find(HealthMonitorEntity, { where: { poolId: In(pools) }, select })),
    policies,
    rules: await ids(manager.find(L7RuleEntity, { where: { l7policyId: In(policies) }, select })),
  };
}

export function allGraphIds(ids: GraphIds): string[] {
  return [...ids.listeners, ...ids.pools, ...ids.members, ...ids.monitors, ...ids.policies, ...ids.rules];
}
