import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AgentMethod, agentRoutingKey } from '@lbaas/contracts';
import { RpcClient } from '@lbaas/rpc';
import { AgentEntity } from '../agents/agent.entity';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { SchedulerService } from '../scheduler/scheduler.service';
import { LoadBalancerDeployer } from './deployer';

/**
 * The `haproxy` provider: each load balancer is hosted by the lbaas-agent the scheduler chose (haproxy
 * in a namespace on that node). A change is a durable cast to that agent only; the agent fetches the
 * graph, converges, and reports back with update_status.
 */
@Injectable()
export class AgentDeployer extends LoadBalancerDeployer {
  private readonly logger = new Logger(AgentDeployer.name);
  readonly provider = 'haproxy';
  readonly description = 'haproxy in a network namespace on an lbaas-agent node';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerService,
    private readonly rpc: RpcClient,
  ) {
    super();
  }

  placeLoadBalancer(manager: EntityManager, loadBalancerId: string): Promise<string | null> {
    return this.scheduler.schedule(manager, loadBalancerId);
  }

  async deploy(loadBalancerId: string): Promise<void> {
    const lb = await this.dataSource.getRepository(LoadBalancerEntity).findOneBy({ id: loadBalancerId });
    const agent = lb?.agentId
      ? await this.dataSource.getRepository(AgentEntity).findOneBy({ id: lb.agentId })
      : null;
    if (!lb || !agent) {
      // Unbound (its agent was deleted): failover or the PENDING watchdog takes it from here.
      this.logger.warn(
        { loadbalancer_id: loadBalancerId },
        'no agent hosts this load balancer; change not sent',
      );
      return;
    }
    await this.rpc.cast(agentRoutingKey(agent.host), AgentMethod.DeployLoadbalancer, {
      loadbalancer_id: loadBalancerId,
    });
    this.logger.log({ loadbalancer_id: loadBalancerId, agent_host: agent.host }, 'change sent to its agent');
  }
}
