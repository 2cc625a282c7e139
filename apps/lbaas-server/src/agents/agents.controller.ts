import { Controller, ForbiddenException, Get, Param, Query } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { type Caller, CurrentCaller } from '../auth/caller';
import { ResourceIdPipe } from '../resources/resource-id.pipe';
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

/** Agents are the operator's business (neutron's policy: admin only). */
function assertAdmin(caller: Caller): void {
  if (!caller.isAdmin)
    throw new ForbiddenException('Policy does not allow this request: agents are admin only');
}

/** neutron's agent resource (the LBaaS agents only). */
@Controller('v2.0/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: ListAgentsQuery,
  ): Promise<{ agents: AgentView[] }> {
    assertAdmin(caller);
    return { agents: await this.agents.list(query) };
  }

  @Get(':id')
  async show(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
  ): Promise<{ agent: AgentView }> {
    assertAdmin(caller);
    return { agent: await this.agents.get(id) };
  }
}
