import { Injectable } from '@nestjs/common';
import { ServerConfig } from '../../platform/config/server.config';
import { AgentDeployer } from './agent.deployer';
import type { LoadBalancerDeployer } from './deployer';
import { NoopDeployer } from './noop.deployer';
import { ApiError } from '../../platform/api-errors/api-error';

/** The providers an operator enabled, by name (the `provider` attribute of a load balancer). */
@Injectable()
export class DeployerRegistry {
  private readonly enabled: Map<string, LoadBalancerDeployer>;

  constructor(config: ServerConfig, agentDeployer: AgentDeployer, noopDeployer: NoopDeployer) {
    const all = new Map<string, LoadBalancerDeployer>([
      [agentDeployer.provider, agentDeployer],
      [noopDeployer.provider, noopDeployer],
    ]);
    this.enabled = new Map(config.enabledProviderNames.map((name) => [name, all.get(name)!]));
    if (!this.enabled.has(config.defaultProvider)) {
      throw new Error(`default_provider ${config.defaultProvider} is not in enabled_providers`);
    }
  }

  list(): LoadBalancerDeployer[] {
    return [...this.enabled.values()];
  }

  /** The deployer of an enabled provider; an unknown or disabled name is the caller's mistake (400). */
  forProvider(name: string): LoadBalancerDeployer {
    const deployer = this.enabled.get(name);
    if (!deployer) {
      throw new ApiError(
        'ProviderNotEnabled',
        `Provider '${name}' is not enabled. Enabled providers: ${[...this.enabled.keys()].join(', ')}`,
      );
    }
    return deployer;
  }
}
