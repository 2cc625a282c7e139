import type { EntityManager } from 'typeorm';

/**
 * The deployment port: how a recorded change reaches a data plane. The API commits the change (objects
 * PENDING_*), then hands the load balancer to the deployer of its provider, which later reports the
 * outcome through GraphOutcomesService.
 */
export abstract class LoadBalancerDeployer {
  abstract readonly provider: string;
  abstract readonly description: string;

  /**
   * Chooses where a new load balancer lives, inside its create transaction: the hosting agent's id, or
   * null for a provider without agents. Refuses (503) when nothing can host it now.
   */
  abstract placeLoadBalancer(manager: EntityManager, loadBalancerId: string): Promise<string | null>;

  /** Converge the data plane to the load balancer's recorded state (including its deletion). */
  abstract deploy(loadBalancerId: string): Promise<void>;
}
