import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
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

/** neutron's agent resource (the LBaaS agents only). */
@Controller('v2.0/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  async list(@Query() query: ListAgentsQuery): Promise<{ agents: AgentView[] }> {
    return { agents: await this.agents.list(query) };
  }

  @Get(':id')
  async show(@Param('id', new ParseUUIDPipe()) id: string): Promise<{ agent: AgentView }> {
    return { agent: await this.agents.get(id) };
  }
}
