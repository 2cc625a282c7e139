/**
 * The deployment port: how a recorded change reaches a data plane. The API commits the change (objects
 * PENDING_*), then hands the load balancer to the deployer of its provider, which later reports the
 * outcome through DeploymentOutcomeService.
 */
export abstract class LoadBalancerDeployer {
  abstract readonly provider: string;
  abstract readonly description: string;

  /** Refuses (e.g. 503) when no data plane can take a new load balancer right now. */
  abstract assertCanHost(): Promise<void>;

  /** Converge the data plane to the load balancer's recorded state (including its deletion). */
  abstract deploy(loadBalancerId: string): Promise<void>;
}
