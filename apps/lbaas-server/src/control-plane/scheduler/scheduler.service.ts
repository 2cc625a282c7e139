import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { EntityManager } from 'typeorm';
import { AgentsService } from '../agents/agents.service';
import { ServerConfig } from '../../platform/config/server.config';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { pickAgent } from './pick-agent';
import { ApiError } from '../../platform/api-errors/api-error';

const schedulingDecisions = new Counter({
  name: 'lbaas_scheduling_decisions_total',
  help: 'Load balancers bound to an agent by the scheduler (creates and failovers), by agent host.',
  labelNames: ['agent_host'] as const,
});

/** Picks the agent that will host a new load balancer (multi-agent mode). */
@Injectable()
export class SchedulerService {
  private readonly logger = new Logger(SchedulerService.name);

  constructor(
    private readonly agents: AgentsService,
    private readonly config: ServerConfig,
  ) {}

  /** The chosen agent's id; 503 when no agent is alive and enabled. */
  async schedule(manager: EntityManager, loadBalancerId: string, avoidAgentId?: string): Promise<string> {
    const eligible = (await this.agents.list({ alive: true }, manager)).filter(
      (agent) => agent.admin_state_up,
    );
    // Failover prefers any other agent, and falls back to the same one when it is the only one left.
    const others = eligible.filter((agent) => agent.id !== avoidAgentId);
    const alive = others.length > 0 ? others : eligible;
    const loads = await manager
      .createQueryBuilder(LoadBalancerEntity, 'lb')
      .select('lb.agent_id', 'agent_id')
      .addSelect('count(*)', 'load')
      .where('lb.agent_id IS NOT NULL')
      .groupBy('lb.agent_id')
      .getRawMany<{ agent_id: string; load: string }>();
    const loadOf = new Map(loads.map((row) => [row.agent_id, Number(row.load)]));
    const candidates = alive.map((agent) => ({ id: agent.id, load: loadOf.get(agent.id) ?? 0 }));
    const chosen = pickAgent(candidates, this.config.schedulerDriver);
    if (!chosen) {
      throw new ApiError(
        'NoEligibleLbaasAgent',
        'No eligible lbaas-agent is alive to host a load balancer; start an agent and try again.',
      );
    }
    const agent = alive.find((a) => a.id === chosen)!;
    schedulingDecisions.inc({ agent_host: agent.host });
    this.logger.log(
      {
        loadbalancer_id: loadBalancerId,
        agent_id: agent.id,
        agent_host: agent.host,
        driver: this.config.schedulerDriver,
      },
      'load balancer scheduled',
    );
    return agent.id;
  }
}
