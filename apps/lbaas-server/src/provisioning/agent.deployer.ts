import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { AgentsService } from '../agents/agents.service';
import { LoadBalancerDeployer } from './deployer';

/**
 * The `haproxy` provider: load balancers are hosted by lbaas-agents (haproxy in a namespace). A new one
 * is accepted only while an agent is alive and enabled to take it. Dispatching the change to the chosen
 * agent over RabbitMQ comes with the scheduler; until then changes stay PENDING.
 */
@Injectable()
export class AgentDeployer extends LoadBalancerDeployer {
  private readonly logger = new Logger(AgentDeployer.name);
  readonly provider = 'haproxy';
  readonly description = 'haproxy in a network namespace on an lbaas-agent node';

  constructor(private readonly agents: AgentsService) {
    super();
  }

  async assertCanHost(): Promise<void> {
    const candidates = (await this.agents.list({ alive: true })).filter((agent) => agent.admin_state_up);
    if (candidates.length === 0) {
      throw new ServiceUnavailableException({
        message: 'No eligible lbaas-agent is alive to host a load balancer; start an agent and try again.',
        type: 'NoEligibleLbaasAgent',
      });
    }
  }

  deploy(loadBalancerId: string): Promise<void> {
    this.logger.log({ loadbalancer_id: loadBalancerId }, 'change recorded; waiting for agent dispatch');
    return Promise.resolve();
  }
}
