import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, type FindOptionsWhere, Repository } from 'typeorm';
import { AGENT_TYPE, AgentMethod, agentRoutingKey, type AgentStateReport } from '@lbaas/contracts';
import { RpcClient } from '@lbaas/rpc';
import { Clock } from '../../platform/clock/clock';
import { ServerConfig } from '../../platform/config/server.config';
import { AgentEntity } from './agent.entity';
import { type AgentView, isAgentAlive, toAgentView } from './agent-view';
import { ApiError } from '../../platform/api-errors/api-error';

export interface AgentFilters {
  host?: string;
  agent_type?: string;
  alive?: boolean;
}

function agentNotFound(id: string): ApiError {
  return new ApiError('AgentNotFound', `Agent ${id} could not be found.`);
}

@Injectable()
export class AgentsService {
  private readonly logger = new Logger(AgentsService.name);

  constructor(
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    private readonly clock: Clock,
    private readonly config: ServerConfig,
    private readonly rpc: RpcClient,
  ) {}

  /** Records a heartbeat: registers a new agent, or refreshes a known one (neutron's create_or_update_agent). */
  async recordStateReport(report: AgentStateReport): Promise<AgentEntity> {
    const now = this.clock.now();
    const known = await this.agents.findOneBy({ agentType: report.agent_type, host: report.host });
    // One statement, so two reports racing for a new host cannot create it twice.
    await this.agents
      .createQueryBuilder()
      .insert()
      .values({
        id: known?.id ?? randomUUID(),
        agentType: report.agent_type,
        binary: report.binary,
        topic: report.topic,
        host: report.host,
        configurations: { ...report.configurations },
        availabilityZone: report.availability_zone ?? null,
        createdAt: now,
        startedAt: now,
        heartbeatTimestamp: now,
      })
      .orUpdate(
        [
          'binary',
          'topic',
          'configurations',
          'availability_zone',
          'heartbeat_timestamp',
          ...(report.start_flag ? ['started_at'] : []),
        ],
        ['agent_type', 'host'],
      )
      .execute();
    const agent = await this.agents.findOneByOrFail({ agentType: report.agent_type, host: report.host });
    if (!known) {
      this.logger.log({ agent_id: agent.id, agent_host: agent.host }, 'new agent registered');
    } else if (!isAgentAlive(known.heartbeatTimestamp, now, this.config.agentDownTime)) {
      this.logger.log({ agent_id: agent.id, agent_host: agent.host }, 'agent is alive again');
    }
    return agent;
  }

  /** With `manager`, inside that transaction (a second pooled connection per request could starve the pool). */
  async list(filters: AgentFilters, manager?: EntityManager): Promise<AgentView[]> {
    const where: FindOptionsWhere<AgentEntity> = {};
    if (filters.host !== undefined) where.host = filters.host;
    if (filters.agent_type !== undefined) where.agentType = filters.agent_type;
    const repository = manager ? manager.getRepository(AgentEntity) : this.agents;
    const agents = await repository.find({ where, order: { host: 'ASC' } });
    const views = agents.map((agent) => this.view(agent));
    return filters.alive === undefined ? views : views.filter((agent) => agent.alive === filters.alive);
  }

  /** Admin: an agent with admin_state_up false gets no new load balancers; it is told so at once. */
  async setAdminState(id: string, adminStateUp: boolean): Promise<AgentView> {
    const agent = await this.agents.findOneBy({ id });
    if (!agent) throw agentNotFound(id);
    await this.agents.update({ id }, { adminStateUp });
    await this.rpc
      .cast(agentRoutingKey(agent.host), AgentMethod.AgentUpdated, { admin_state_up: adminStateUp })
      .catch((error: Error) =>
        this.logger.warn({ agent_id: id, err: error.message }, 'could not tell the agent'),
      );
    return this.get(id);
  }

  /** Admin: forget a dead agent (an alive one would only register again). */
  async delete(id: string): Promise<void> {
    const agent = await this.agents.findOneBy({ id });
    if (!agent) throw agentNotFound(id);
    if (isAgentAlive(agent.heartbeatTimestamp, this.clock.now(), this.config.agentDownTime)) {
      throw new ApiError('AgentInUse', `Agent ${id} is alive; stop it before deleting it.`);
    }
    await this.agents.delete({ id });
  }

  async findByHost(host: string): Promise<AgentEntity | null> {
    return this.agents.findOneBy({ agentType: AGENT_TYPE, host });
  }

  async get(id: string): Promise<AgentView> {
    const agent = await this.agents.findOneBy({ id });
    if (!agent) throw new ApiError('AgentNotFound', `Agent ${id} could not be found.`);
    return this.view(agent);
  }

  private view(agent: AgentEntity): AgentView {
    return toAgentView(agent, this.clock.now(), this.config.agentDownTime);
  }
}
