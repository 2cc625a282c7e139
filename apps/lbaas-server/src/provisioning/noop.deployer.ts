import { Injectable } from '@nestjs/common';
import { LoadBalancerDeployer } from './deployer';
import { DeploymentOutcomeService } from './deployment-outcome.service';

/**
 * Octavia's noop provider: accepts every change and settles it at once, with no data plane. Only for
 * fast API tests; it must be enabled explicitly (enabled_providers) and is never the default.
 */
@Injectable()
export class NoopDeployer extends LoadBalancerDeployer {
  readonly provider = 'noop';
  readonly description = 'No data plane: changes become ACTIVE at once (API tests only).';

  constructor(private readonly outcomes: DeploymentOutcomeService) {
    super();
  }

  placeLoadBalancer(): Promise<string | null> {
    return Promise.resolve(null);
  }

  async deploy(loadBalancerId: string): Promise<void> {
    await this.outcomes.settle(loadBalancerId, true);
  }
}
