import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ProvisioningStatus } from '@lbaas/contracts';
import type { Caller } from '../platform/auth/caller';
import { LoadBalancerEntity } from './entities/load-balancer.entity';
import { lockLoadBalancer } from './graph-lock';

/**
 * Where a committed change of a load balancer goes: its provider's deployer. Provided by the control
 * plane (ProvisioningService), so that the graph's rules need not know how a change is deployed.
 */
export abstract class CommittedChanges {
  abstract deploy(provider: string, loadBalancerId: string): void;
}

/**
 * The immutability rule (docs/ARCHITECTURE.md, "Rules of the graph"): every write to a load balancer or
 * its children runs in one transaction with the load balancer's row locked; a load balancer already
 * PENDING_* refuses with 409; the change leaves it PENDING_* and, once committed, goes to its deployer.
 */
@Injectable()
export class GraphChangesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly committed: CommittedChanges,
  ) {}

  /** Creates a load balancer (with any tree under it) in one transaction, then hands it to its deployer. */
  async create(write: (manager: EntityManager) => Promise<LoadBalancerEntity>): Promise<LoadBalancerEntity> {
    const lb = await this.dataSource.transaction(write);
    this.committed.deploy(lb.provider, lb.id);
    return lb;
  }

  /**
   * Runs `write` with the locked load balancer. A child the write changes must be read again inside it
   * (through `manager`): a row read before the lock may be stale by now.
   */
  async change<T>(
    caller: Caller,
    loadBalancerId: string,
    write: (manager: EntityManager, lb: LoadBalancerEntity) => Promise<T>,
    loadBalancerStatus: ProvisioningStatus = ProvisioningStatus.PendingUpdate,
  ): Promise<T> {
    const { result, provider } = await this.dataSource.transaction(async (manager) => {
      const lb = await lockLoadBalancer(manager, caller, loadBalancerId);
      const outcome = await write(manager, lb);
      await manager.update(
        LoadBalancerEntity,
        { id: lb.id },
        { provisioningStatus: loadBalancerStatus, networkPending: true },
      );
      return { result: outcome, provider: lb.provider };
    });
    this.committed.deploy(provider, loadBalancerId);
    return result;
  }
}
