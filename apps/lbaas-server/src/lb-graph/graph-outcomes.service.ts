import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { type ObjectStatus, OperatingStatus, ProvisioningStatus } from '@lbaas/contracts';
import { HealthMonitorEntity } from './entities/health-monitor.entity';
import { L7PolicyEntity } from './entities/l7-policy.entity';
import { L7RuleEntity } from './entities/l7-rule.entity';
import { ListenerEntity } from './entities/listener.entity';
import { LoadBalancerEntity } from './entities/load-balancer.entity';
import { MemberEntity } from './entities/member.entity';
import { NetworkDriver, type VipPortUse } from '../cloud-apis/networking/network-driver';
import { PortEntity } from '../cloud-apis/networking/port.entity';
import { LoadBalancerInstanceEntity } from './entities/load-balancer-instance.entity';
import { PoolEntity } from './entities/pool.entity';
import { allGraphIds, graphIds } from './load-balancer-tree';
import { isPending } from './provisioning-states';
import type { ProvisionedResource } from './entities/provisioned-resource';

type ChildClass =
  | typeof L7RuleEntity
  | typeof L7PolicyEntity
  | typeof HealthMonitorEntity
  | typeof MemberEntity
  | typeof ListenerEntity
  | typeof PoolEntity;

/**
 * What a deployer's outcome does to the graph (docs/ARCHITECTURE.md, "Statuses"): pending objects become
 * ACTIVE (or ERROR), objects pending deletion disappear (their GET then answers 404), a deleted load
 * balancer releases its VIP port; and the data plane's operating statuses are recorded.
 */
@Injectable()
export class GraphOutcomesService {
  private readonly logger = new Logger(GraphOutcomesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly network: NetworkDriver,
  ) {}

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
    let released: VipPortUse | undefined;
    await this.dataSource.transaction(async (manager) => {
      const lb = await manager.findOne(LoadBalancerEntity, {
        where: { id: loadBalancerId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!lb) return; // already gone: settling twice is harmless
      const ids = await graphIds(manager, lb.id);
      // Children before parents, and L7 policies before the pools they may redirect to.
      const children: [ChildClass, string[]][] = [
        [L7RuleEntity, ids.rules],
        [L7PolicyEntity, ids.policies],
        [HealthMonitorEntity, ids.monitors],
        [MemberEntity, ids.members],
        [ListenerEntity, ids.listeners],
        [PoolEntity, ids.pools],
      ];
      for (const [entity, rowIds] of children)
        await this.settleRows(manager, entity, rowIds, succeeded, operating);
      if (lb.provisioningStatus === ProvisioningStatus.PendingDelete && succeeded) {
        const instancePorts = (
          await manager.find(LoadBalancerInstanceEntity, {
            where: { loadbalancerId: lb.id },
            select: { vrrpPortId: true },
          })
        ).map((instance) => instance.vrrpPortId);
        // Its instances go with it (cascade), then their vrrp ports and the VIP port.
        await manager.delete(LoadBalancerEntity, { id: lb.id });
        if (instancePorts.length > 0) await manager.delete(PortEntity, { id: In(instancePorts) });
        await this.network.releaseVip(manager, lb);
        released = lb;
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
    // What lives outside the database (a Neutron port) goes once the load balancer's row is gone for good.
    if (released) await this.network.afterRelease(released);
    const log = { loadbalancer_id: loadBalancerId, succeeded, reason };
    if (succeeded) this.logger.log(log, 'deployment settled');
    else this.logger.warn(log, 'deployment failed');
  }

  private async settleRows(
    manager: EntityManager,
    entity: ChildClass,
    ids: string[],
    succeeded: boolean,
    operating: ReadonlyMap<string, OperatingStatus>,
  ): Promise<void> {
    if (ids.length === 0) return;
    const rows = (await manager.find(entity, { where: { id: In(ids) } })) as ProvisionedResource[];
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
      const owned = new Set([lb.id, ...allGraphIds(await graphIds(manager, lb.id))]);
      for (const status of statuses) {
        const entity = entityOf[status.type];
        if (!entity || !status.operating_status || !owned.has(status.id)) continue;
        await manager.update(entity, { id: status.id }, { operatingStatus: status.operating_status });
      }
    });
  }
}
