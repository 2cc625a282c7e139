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
    const { candidates, computeZone } = await this.candidates(manager, lb, { avoidAgentId });
    const chosen = pickAgent(candidates, this.config.schedulerDriver);
    if (!chosen) {
      throw new ApiError(
        'NoEligibleLbaasAgent',
        computeZone === undefined
          ? 'No eligible lbaas-agent is alive to host a load balancer; start an agent and try again.'
          : `No eligible lbaas-agent of availability zone ${lb.availabilityZone} (agents reporting availability_zone ${computeZone}) is alive and enabled.`,
      );
    }
    this.chose(lb, chosen);
    return chosen.id;
  }

  /**
   * `count` different agents (anti-affinity) able to run ACTIVE_STANDBY instances, never those of
   * `excludeAgentIds`; as many as there are (fewer than asked: the caller says why).
   */
  async scheduleApart(
    manager: EntityManager,
    lb: Pick<LoadBalancerEntity, 'id' | 'availabilityZone'>,
    count: number,
    excludeAgentIds: string[] = [],
  ): Promise<string[]> {
    let { candidates } = await this.candidates(manager, lb, { activeStandby: true });
    candidates = candidates.filter((c) => !excludeAgentIds.includes(c.id));
    const chosen: string[] = [];
    while (chosen.length < count) {
      const pick = pickAgent(candidates, this.config.schedulerDriver);
      if (!pick) break;
      this.chose(lb, pick);
      chosen.push(pick.id);
      candidates = candidates.filter((c) => c.id !== pick.id);
    }
    return chosen;
  }

  private async candidates(
    manager: EntityManager,
    lb: Pick<LoadBalancerEntity, 'availabilityZone'>,
    options: { avoidAgentId?: string; activeStandby?: boolean },
  ) {
    const computeZone = lb.availabilityZone
      ? (await zonePlacement(manager, lb.availabilityZone))?.computeZone
      : undefined;
    const eligible = eligibleAgents(await this.agents.list({}, manager), {
      computeZone,
      avoidAgentId: options.avoidAgentId,
      allowDryRun: this.config.allowDryRunAgents,
      activeStandby: options.activeStandby,
    });
    // What each agent hosts: SINGLE load balancers and ACTIVE_STANDBY instances alike.
    const loads = await manager.query<{ agent_id: string; load: string }[]>(
      `SELECT agent_id, count(*) AS load FROM (
         SELECT agent_id FROM load_balancers WHERE agent_id IS NOT NULL
         UNION ALL SELECT agent_id FROM load_balancer_instances WHERE agent_id IS NOT NULL
       ) hosted GROUP BY agent_id`,
    );
    const loadOf = new Map(loads.map((row) => [row.agent_id, Number(row.load)]));
    const candidates = eligible.map((agent) => ({
      id: agent.id,
      host: agent.host,
      load: loadOf.get(agent.id) ?? 0,
    }));
    return { candidates, computeZone };
  }

  private chose(
    lb: Pick<LoadBalancerEntity, 'id' | 'availabilityZone'>,
    agent: { id: string; host: string },
  ) {
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
  }
}
