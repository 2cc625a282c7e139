import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  Param,
  Put,
  Query,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { LoadBalancerInstanceEntity } from '../../lb-graph/entities/load-balancer-instance.entity';
import { envelope } from '../../platform/rest/envelope.dto';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDefined, IsOptional, IsString, MaxLength } from 'class-validator';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import type { AgentView } from './agent-view';
import { AgentsService } from './agents.service';

export class ListAgentsQuery {
  @IsOptional()
  @IsString()
  @MaxLength(255)
  host?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  agent_type?: string;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'alive must be true or false' })
  alive?: boolean;
}

export class UpdateAgentBody {
  @IsDefined({ message: 'admin_state_up must be given' })
  @IsBoolean()
  admin_state_up!: boolean;
}

export class UpdateAgentRequest extends envelope('agent', UpdateAgentBody) {}

/** Agents are the operator's business (neutron's policy: admin only). */
function assertAdmin(caller: Caller): void {
  if (!caller.isAdmin)
    throw new ForbiddenException('Policy does not allow this request: agents are admin only');
}

/** neutron's agent resource (the LBaaS agents only). */
@Controller('v2.0/agents')
export class AgentsController {
  constructor(
    private readonly agents: AgentsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @TakesQuery('host', 'agent_type', 'alive')
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: ListAgentsQuery,
  ): Promise<{ agents: AgentView[] }> {
    assertAdmin(caller);
    return { agents: await this.agents.list(query) };
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
  ): Promise<{ agent: AgentView }> {
    assertAdmin(caller);
    return { agent: await this.agents.get(id) };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateAgentRequest,
  ) {
    assertAdmin(caller);
    return { agent: await this.agents.setAdminState(id, body.agent.admin_state_up) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    assertAdmin(caller);
    await this.agents.delete(id);
  }

  /** The load balancers an agent hosts (neutron: agent-loadbalancers). */
  @Get([':id/loadbalancers', ':id/agent-loadbalancers'])
  async hosted(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    assertAdmin(caller);
    await this.agents.get(id);
    // SINGLE load balancers bound to it, and ACTIVE_STANDBY ones with an instance on it.
    const instanceOf = await this.dataSource
      .getRepository(LoadBalancerInstanceEntity)
      .find({ where: { agentId: id }, select: { loadbalancerId: true } });
    const lbs = await this.dataSource.getRepository(LoadBalancerEntity).find({
      where: [{ agentId: id }, { id: In(instanceOf.map((instance) => instance.loadbalancerId)) }],
      order: { createdAt: 'ASC' },
    });
    return {
      loadbalancers: lbs.map((lb) => ({
        id: lb.id,
        project_id: lb.projectId,
        tenant_id: lb.projectId,
        vip_address: lb.vipAddress,
        provisioning_status: lb.provisioningStatus,
        operating_status: lb.operatingStatus,
        admin_state_up: lb.adminStateUp,
        provider: lb.provider,
      })),
    };
  }
}
