import { ProvisioningStatus } from '@lbaas/contracts';
import { type EntityManager, In } from 'typeorm';
import { HealthMonitorEntity } from './entities/health-monitor.entity';
import { L7PolicyEntity } from './entities/l7-policy.entity';
import { L7RuleEntity } from './entities/l7-rule.entity';
import { ListenerEntity } from './entities/listener.entity';
import { LoadBalancerEntity } from './entities/load-balancer.entity';
import { MemberEntity } from './entities/member.entity';
import { PoolEntity } from './entities/pool.entity';

/** An object of a load balancer's graph, by kind. */
export type GraphObjectKind =
  'loadbalancer' | 'listener' | 'pool' | 'member' | 'healthmonitor' | 'l7policy' | 'l7rule';

const PENDING_DELETE = { provisioningStatus: ProvisioningStatus.PendingDelete };

async function markPools(manager: EntityManager, poolIds: string[]): Promise<void> {
  if (poolIds.length === 0) return;
  await manager.update(HealthMonitorEntity, { poolId: In(poolIds) }, PENDING_DELETE);
  await manager.update(MemberEntity, { poolId: In(poolIds) }, PENDING_DELETE);
  await manager.update(PoolEntity, { id: In(poolIds) }, PENDING_DELETE);
}

async function markPolicies(manager: EntityManager, policyIds: string[]): Promise<void> {
  if (policyIds.length === 0) return;
  await manager.update(L7RuleEntity, { l7policyId: In(policyIds) }, PENDING_DELETE);
  await manager.update(L7PolicyEntity, { id: In(policyIds) }, PENDING_DELETE);
}

async function markListeners(manager: EntityManager, listenerIds: string[]): Promise<void> {
  if (listenerIds.length === 0) return;
  const policies = await manager.findBy(L7PolicyEntity, { listenerId: In(listenerIds) });
  await markPolicies(
    manager,
    policies.map((p) => p.id),
  );
  await manager.update(ListenerEntity, { id: In(listenerIds) }, PENDING_DELETE);
}

/**
 * Marks an object PENDING_DELETE with everything Octavia deletes with it, inside the caller's locked
 * transaction: a load balancer takes its listeners and pools; a listener its L7 policies; an L7 policy
 * its rules; a pool its members and health monitor. The one way a deletion cascades
 * (docs/ARCHITECTURE.md, "Rules of the graph"); the deployer's outcome then removes the rows.
 */
export async function markForDeletion(
  manager: EntityManager,
  kind: GraphObjectKind,
  id: string,
): Promise<void> {
  switch (kind) {
    case 'loadbalancer': {
      const listeners = await manager.findBy(ListenerEntity, { loadbalancerId: id });
      const pools = await manager.findBy(PoolEntity, { loadbalancerId: id });
      await markPools(
        manager,
        pools.map((p) => p.id),
      );
      await markListeners(
        manager,
        listeners.map((l) => l.id),
      );
      await manager.update(LoadBalancerEntity, { id }, PENDING_DELETE);
      return;
    }
    case 'listener':
      return markListeners(manager, [id]);
    case 'pool':
      return markPools(manager, [id]);
    case 'l7policy':
      return markPolicies(manager, [id]);
    case 'member':
      await manager.update(MemberEntity, { id }, PENDING_DELETE);
      return;
    case 'healthmonitor':
      await manager.update(HealthMonitorEntity, { id }, PENDING_DELETE);
      return;
    case 'l7rule':
      await manager.update(L7RuleEntity, { id }, PENDING_DELETE);
      return;
  }
}
