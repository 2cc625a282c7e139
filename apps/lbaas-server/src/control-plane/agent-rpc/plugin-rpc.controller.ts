import { Controller, Logger, UsePipes } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  GraphRequest,
  HostRef,
  type LoadBalancerGraph,
  OperatingStatus,
  PluginMethod,
  UpdateStatsPayload,
  UpdateStatusPayload,
} from '@lbaas/contracts';
import { RpcPayloadValidationPipe } from '@lbaas/rpc';
import { AgentsService } from '../agents/agents.service';
import { GraphOutcomesService } from '../../lb-graph/graph-outcomes.service';
import { StatsService } from '../stats/stats.service';
import { LoadBalancerGraphService } from './loadbalancer-graph.service';

/** Unknown agent: a host that never reported state. */
class UnknownAgentError extends Error {
  override name = 'UnknownAgent';
}

/** What agents ask of the server, and what they report (n-lbaasv2-plugin topic). */
@Controller()
@UsePipes(RpcPayloadValidationPipe)
export class PluginRpcController {
  private readonly logger = new Logger(PluginRpcController.name);

  constructor(
    private readonly agents: AgentsService,
    private readonly graphs: LoadBalancerGraphService,
    private readonly outcomes: GraphOutcomesService,
    private readonly stats: StatsService,
  ) {}

  @MessagePattern(PluginMethod.GetReadyLoadbalancers)
  async getReadyLoadbalancers(@Payload() { host }: HostRef): Promise<string[]> {
    return this.graphs.hostedBy(await this.agentId(host));
  }

  @MessagePattern(PluginMethod.GetLoadbalancerGraph)
  async getLoadbalancerGraph(
    @Payload() { loadbalancer_id, host }: GraphRequest,
  ): Promise<LoadBalancerGraph | null> {
    return this.graphs.graph(loadbalancer_id, await this.agentId(host));
  }

  @MessagePattern(PluginMethod.UpdateStatus)
  async updateStatus(@Payload() report: UpdateStatusPayload): Promise<{ recorded: true }> {
    await this.agentId(report.host);
    if (report.deployed === undefined) {
      await this.outcomes.recordOperatingStatuses(report.loadbalancer_id, report.statuses);
    } else {
      const operating = new Map<string, OperatingStatus>();
      for (const status of report.statuses)
        if (status.operating_status) operating.set(status.id, status.operating_status);
      await this.outcomes.settle(report.loadbalancer_id, report.deployed, report.reason, operating);
      if (!report.deployed) {
        this.logger.warn(
          { loadbalancer_id: report.loadbalancer_id, agent_host: report.host, reason: report.reason },
          'agent failed to deploy the load balancer',
        );
      }
    }
    return { recorded: true };
  }

  @EventPattern(PluginMethod.UpdateStats)
  async updateStats(@Payload() report: UpdateStatsPayload): Promise<void> {
    await this.stats.record(report.loadbalancer_id, report.listeners);
  }

  private async agentId(host: string): Promise<string> {
    const agent = await this.agents.findByHost(host);
    if (!agent) throw new UnknownAgentError(`no agent has reported from host ${host}`);
    return agent.id;
  }
}
