import {
  type BeforeApplicationShutdown,
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ProvisioningStatus } from '@lbaas/contracts';
import { waitAtMost } from '@lbaas/rpc';
import type { Caller } from '../../platform/auth/caller';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { DeployerRegistry } from './deployer-registry';
import { isPending } from './deployment-outcome.service';

/** How long a stopping process waits for committed changes to reach the broker. */
const HAND_OFF_GRACE_MS = 5000;

export function loadBalancerNotFound(id: string): NotFoundException {
  return new NotFoundException({
    message: `Load Balancer ${id} could not be found.`,
    type: 'LoadBalancerNotFound',
  });
}

/**
 * The immutability rule of DESIGN §3: every write to a load balancer or its children runs in one
 * transaction with the load balancer row locked; a load balancer already PENDING_* refuses with 409;
 * the change leaves it PENDING_* and, once committed, goes to its provider's deployer.
 */
@Injectable()
export class ProvisioningService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ProvisioningService.name);
  /** Changes committed but not yet handed to their provider (sent to the agent). */
  private readonly handOffs = new Set<Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deployers: DeployerRegistry,
  ) {}

  async changeLoadBalancer<T>(
    caller: Caller,
    loadBalancerId: string,
    change: (manager: EntityManager, lb: LoadBalancerEntity) => Promise<T>,
    loadBalancerStatus: ProvisioningStatus = ProvisioningStatus.PendingUpdate,
  ): Promise<T> {
    const { result, provider } = await this.dataSource.transaction(async (manager) => {
      const lb = await this.lockLoadBalancer(manager, caller, loadBalancerId);
      const outcome = await change(manager, lb);
      await manager.update(LoadBalancerEntity, { id: lb.id }, { provisioningStatus: loadBalancerStatus });
      return { result: outcome, provider: lb.provider };
    });
    this.deploy(provider, loadBalancerId);
    return result;
  }

  /** Locks the row for the rest of the transaction; 404 when absent or not the caller's, 409 when pending. */
  async lockLoadBalancer(manager: EntityManager, caller: Caller, id: string): Promise<LoadBalancerEntity> {
    const lb = await manager.findOne(LoadBalancerEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!lb || !caller.canAccess(lb.projectId)) throw loadBalancerNotFound(id);
    if (isPending(lb.provisioningStatus)) {
      throw new ConflictException({
        message: `Load Balancer ${id} is immutable and cannot be updated while it is ${lb.provisioningStatus}.`,
        type: 'LoadBalancerImmutable',
      });
    }
    return lb;
  }

  /** Hands a committed change to the provider; a failure here is logged, the objects stay PENDING. */
  deploy(provider: string, loadBalancerId: string): void {
    const handOff = this.deployers
      .forProvider(provider)
      .deploy(loadBalancerId)
      .catch((error: unknown) =>
        this.logger.error(
          { loadbalancer_id: loadBalancerId, err: error },
          'handing the change to its provider failed',
        ),
      );
    this.handOffs.add(handOff);
    void handOff.finally(() => this.handOffs.delete(handOff));
  }

  /**
   * A stopping process (the server, or `lbaas-manage reschedule` right after its change) first lets the
   * hand-offs under way reach the broker, which closes after this hook; else a committed change would
   * wait for the PENDING watchdog.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await waitAtMost(Promise.allSettled([...this.handOffs]), HAND_OFF_GRACE_MS);
  }
}
