import { Controller, UsePipes } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AgentStateReport, PluginMethod } from '@lbaas/contracts';
import { RpcPayloadValidationPipe } from '@lbaas/rpc';
import { AgentsService } from './agents.service';

/** Agent -> server messages about the agents themselves. */
@Controller()
@UsePipes(RpcPayloadValidationPipe)
export class AgentsRpcController {
  constructor(private readonly agents: AgentsService) {}

  @EventPattern(PluginMethod.ReportState)
  async reportState(@Payload() report: AgentStateReport): Promise<void> {
    await this.agents.recordStateReport(report);
  }
}
