import type { EntityManager } from 'typeorm';
import type { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';

/** What placement needs to know of a load balancer. */
export type PlacedLoadBalancer = Pick<LoadBalancerEntity, 'id' | 'availabilityZone'>;

/**
 * The deployment port: how a recorded change reaches a data plane. The API commits the change (objects
 * PENDING_*), then hands the load balancer to the deployer of its provider, which later reports the
 * outcome through GraphOutcomesService.
 */
export abstract class LoadBalancerDeployer {
  abstract readonly provider: string;
  abstract readonly description: string;
  /** Whether it runs ACTIVE_STANDBY load balancers as two instances (load_balancer_instances). */
  abstract readonly runsInstances: boolean;

  /**
   * Chooses where a new load balancer lives, inside its create transaction: the hosting agent's id, or
   * null for a provider without agents, or when its availability zone has no agent (its deployment then
   * fails, naming why). Refuses (503) when nothing can host it now.
   */
  abstract placeLoadBalancer(manager: EntityManager, lb: PlacedLoadBalancer): Promise<string | null>;

  /**
   * Chooses where a load balancer moves in a failover, inside its transaction: another agent of its zone
   * when one is alive (else the same one), or null for a provider without agents. Refuses (503) when
   * nothing can host it.
   */
  abstract rehome(
    manager: EntityManager,
    lb: PlacedLoadBalancer,
    avoidAgentId?: string,
  ): Promise<string | null>;

  /** Converge the data plane to the load balancer's recorded state (including its deletion). */
  abstract deploy(loadBalancerId: string): Promise<void>;
}
