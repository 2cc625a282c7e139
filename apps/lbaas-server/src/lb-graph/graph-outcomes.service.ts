import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { type ObjectStatus, OperatingStatus, ProvisioningStatus } from '@lbaas/contracts';
import { HealthMonitorEntity } from '../../lb-graph/entities/health-monitor.entity';
import { L7PolicyEntity } from '../../lb-graph/entities/l7-policy.entity';
import { L7RuleEntity } from '../../lb-graph/entities/l7-rule.entity';
import { ListenerEntity } from '../../lb-graph/entities/listener.entity';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { MemberEntity } from '../../lb-graph/entities/member.entity';
import { PortEntity } from '../../cloud-apis/networking/port.entity';
import { PoolEntity } from '../../lb-graph/entities/pool.entity';
import type { ProvisionedResource } from '../../lb-graph/entities/provisioned-resource';

const PENDING: ReadonlySet<ProvisioningStatus> = new Set([
  ProvisioningStatus.PendingCreate,
  ProvisioningStatus.PendingUpdate,
  ProvisioningStatus.PendingDelete,
]);

export function isPending(status: ProvisioningStatus): boolean {
  return PENDING.has(status);
}

type ChildClass =
  | typeof L7RuleEntity
  | typeof L7PolicyEntity
  | typeof HealthMonitorEntity
  | typeof MemberEntity
  | typeof ListenerEntity
  | typeof PoolEntity;

/**
 * Settles a load balancer once its deployer is done: pending objects become ACTIVE (or ERROR), objects
 * pending deletion disappear (their GET then answers 404), and a deleted load balancer releases its VIP port.
 */
@Injectable()
export class DeploymentOutcomeService {
  private readonly logger = new Logger(DeploymentOutcomeService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * `operating` holds the statuses the data plane reported (by object id); without them, settled objects
   * are ONLINE (admin up) or OFFLINE.
   */
  async settle(
    loadBalancerId: string,
    succeeded: boolean,
    reason?: string,
    operating: ReadonlyMap<string, OperatingStatus> = new Map(),
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const lb = await manager.findOne(LoadBalancerEntity, {
        where: { id: loadBalancerId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!lb) return; // already gone: settling twice is harmless
      const poolIds = (
        await manager.find(PoolEntity, { where: { loadbalancerId: lb.id }, select: { id: true } })
      ).map((p) => p.id);
      const listenerIds = (
        await manager.find(ListenerEntity, { where: { loadbalancerId: lb.id }, select: { id: true } })
      ).map((l) => l.id);
      const policyIds = (
        await manager.find(L7PolicyEntity, { where: { listenerId: In(listenerIds) }, select: { id: true } })
      ).map((p) => p.id);
      // Children before parents, and L7 policies before the pools they may redirect to.
      const children: [ChildClass, object][] = [
        [L7RuleEntity, { l7policyId: In(policyIds) }],
        [L7PolicyEntity, { id: In(policyIds) }],
        [HealthMonitorEntity, { poolId: In(poolIds) }],
        [MemberEntity, { poolId: In(poolIds) }],
        [ListenerEntity, { loadbalancerId: lb.id }],
        [PoolEntity, { loadbalancerId: lb.id }],
      ];
      for (const [entity, where] of children)
        await this.settleRows(manager, entity, where, succeeded, operating);
      if (lb.provisioningStatus === ProvisioningStatus.PendingDelete && succeeded) {
        await manager.delete(LoadBalancerEntity, { id: lb.id });
        await manager.delete(PortEntity, { id: lb.vipPortId });
        return;
      }
      if (isPending(lb.provisioningStatus)) {
        await manager.update(
          LoadBalancerEntity,
          { id: lb.id },
          this.settledColumns(lb, succeeded, operating),
        );
      }
    });
    const log = { loadbalancer_id: loadBalancerId, succeeded, reason };
    if (succeeded) this.logger.log(log, 'deployment settled');
    else this.logger.warn(log, 'deployment failed');
  }

  private async settleRows(
    manager: EntityManager,
    entity: ChildClass,
    where: object,
    succeeded: boolean,
    operating: ReadonlyMap<string, OperatingStatus>,
  ): Promise<void> {
    const rows = (await manager.find(entity, { where })) as ProvisionedResource[];
    // A successful deployment serves the whole graph, so objects left in ERROR by an earlier failure are
    // in service again too (a later update is how a user repairs a failed one).
    const settling = rows.filter(
      (r) =>
        isPending(r.provisioningStatus) || (succeeded && r.provisioningStatus === ProvisioningStatus.Error),
    );
    for (const row of settling) {
      if (row.provisioningStatus === ProvisioningStatus.PendingDelete && succeeded) {
        await manager.delete(entity, { id: row.id });
      } else {
        await manager.update(entity, { id: row.id }, this.settledColumns(row, succeeded, operating));
      }
    }
  }

  private settledColumns(
    row: ProvisionedResource,
    succeeded: boolean,
    operating: ReadonlyMap<string, OperatingStatus>,
  ): Partial<ProvisionedResource> {
    if (!succeeded)
      return { provisioningStatus: ProvisioningStatus.Error, operatingStatus: OperatingStatus.Error };
    return {
      provisioningStatus: ProvisioningStatus.Active,
      operatingStatus:
        operating.get(row.id) ?? (row.adminStateUp ? OperatingStatus.Online : OperatingStatus.Offline),
    };
  }

  /** The periodic report: operating statuses only, for objects of this load balancer. */
  async recordOperatingStatuses(loadBalancerId: string, statuses: ObjectStatus[]): Promise<void> {
    const entityOf: Partial<Record<ObjectStatus['type'], ChildClass | typeof LoadBalancerEntity>> = {
      loadbalancer: LoadBalancerEntity,
      listener: ListenerEntity,
      pool: PoolEntity,
      member: MemberEntity,
      healthmonitor: HealthMonitorEntity,
    };
    await this.dataSource.transaction(async (manager) => {
      // The load balancer row first, as every change does: updating a member before it while a change
      // holds the load balancer and updates that member would deadlock (seen as a 500 on the change).
      const lb = await manager.findOne(LoadBalancerEntity, {
        where: { id: loadBalancerId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!lb) return;
      const owned = await this.objectIds(manager, lb.id);
      for (const status of statuses) {
        const entity = entityOf[status.type];
        if (!entity || !status.operating_status || !owned.has(status.id)) continue;
        await manager.update(entity, { id: status.id }, { operatingStatus: status.operating_status });
      }
    });
  }

  /** Ids of the load balancer and all its objects. */
  private async objectIds(manager: EntityManager, loadBalancerId: string): Promise<Set<string>> {
    const ids = new Set([loadBalancerId]);
    const listeners = await manager.find(ListenerEntity, {
      where: { loadbalancerId: loadBalancerId },
      select: { id: true },
    });
    const pools = await manager.find(PoolEntity, {
      where: { loadbalancerId: loadBalancerId },
      select: { id: true },
    });
    const poolIds = pools.map((p) => p.id);
    const members = poolIds.length
      ? await manager.find(MemberEntity, { where: { poolId: In(poolIds) }, select: { id: true } })
      : [];
    const monitors = poolIds.length
      ? await manager.find(HealthMonitorEntity, { where: { poolId: In(poolIds) }, select: { id: true } })
      : [];
    for (const row of [...listeners, ...pools, ...members, ...monitors]) ids.add(row.id);
    return ids;
  }
}
