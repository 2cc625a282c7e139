import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { AgentsService } from '../agents/agents.service';
import { ServerConfig } from '../../platform/config/server.config';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { zonePlacement } from '../../lb-graph/zone-placement';
import { eligibleAgents, pickAgent } from './pick-agent';
import { ApiError } from '../../platform/api-errors/api-error';

const schedulingDecisions = new Counter({
  name: 'lbaas_scheduling_decisions_total',
  help: 'Load balancers bound to an agent by the scheduler (creates and failovers), by agent host.',
  labelNames: ['agent_host'] as const,
});

/** Picks the agent that will host a load balancer (multi-agent mode), within its availability zone. */
@Injectable()
export class SchedulerService {
  private readonly logger = new Logger(SchedulerService.name);

  constructor(
    private readonly agents: AgentsService,
    private readonly config: ServerConfig,
  ) {}

  /**
   * The chosen agent's id; 503 when no agent (of the load balancer's zone) is alive and enabled. A
   * failover avoids `avoidAgentId` when it can.
   */
  async schedule(
    manager: EntityManager,
    lb: Pick<LoadBalancerEntity, 'id' | 'availabilityZone'>,
    avoidAgentId?: string,
  ): Promise<string> {
    const computeZone = lb.availabilityZone
      ? (await zonePlacement(manager, lb.availabilityZone))?.computeZone
      : undefined;
    const eligible = eligibleAgents(await this.agents.list({}, manager), {
      computeZone,
      avoidAgentId,
      allowDryRun: this.config.allowDryRunAgents,
    });
    const loads = await manager
      .createQueryBuilder(LoadBalancerEntity, 'lb')
      .select('lb.agent_id', 'agent_id')
      .addSelect('count(*)', 'load')
      .where('lb.agent_id IS NOT NULL')
      .groupBy('lb.agent_id')
      .getRawMany<{ agent_id: string; load: string }>();
    const loadOf = new Map(loads.map((row) => [row.agent_id, Number(row.load)]));
    const candidates = eligible.map((agent) => ({ id: agent.id, load: loadOf.get(agent.id) ?? 0 }));
    const chosen = pickAgent(candidates, this.config.schedulerDriver);
    if (!chosen) {
      throw new ApiError(
        'NoEligibleLbaasAgent',
        computeZone === undefined
          ? 'No eligible lbaas-agent is alive to host a load balancer; start an agent and try again.'
          : `No eligible lbaas-agent of availability zone ${lb.availabilityZone} (agents reporting availability_zone ${computeZone}) is alive and enabled.`,
      );
    }
    const agent = eligible.find((a) => a.id === chosen)!;
    schedulingDecisions.inc({ agent_host: agent.host });
    this.logger.log(
      {
        loadbalancer_id: lb.id,
        agent_id: agent.id,
        agent_host: agent.host,
        availability_zone: lb.availabilityZone,
        driver: this.config.schedulerDriver,
      },
      'load balancer scheduled',
    );
    return agent.id;
  }
}
