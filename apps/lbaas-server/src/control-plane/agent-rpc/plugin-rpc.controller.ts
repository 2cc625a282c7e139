import { Controller, Logger, UsePipes } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  GraphRequest,
  HostRef,
  type LoadBalancerGraph,
  type LoadBalancerRevision,
  OperatingStatus,
  PluginMethod,
  ProvisioningStatus,
  UpdateStatsPayload,
  UpdateStatusPayload,
} from '@lbaas/contracts';
import { RpcPayloadValidationPipe } from '@lbaas/rpc';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { AgentEntity } from '../agents/agent.entity';
import { AgentsService } from '../agents/agents.service';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { GraphOutcomesService } from '../../lb-graph/graph-outcomes.service';
import { StatsService } from '../stats/stats.service';
import { LoadBalancerGraphService } from './loadbalancer-graph.service';
import { InstancesService } from '../instances/instances.service';
import { NetworkDriver } from '../../cloud-apis/networking/network-driver';

const foreignReports = new Counter({
  name: 'lbaas_foreign_agent_reports_total',
  help: 'Agent reports (statuses, statistics) about a load balancer the reporting agent does not host: dropped.',
  labelNames: ['method'] as const,
});

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
    private readonly instances: InstancesService,
    private readonly network: NetworkDriver,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @MessagePattern(PluginMethod.GetReadyLoadbalancers)
  async getReadyLoadbalancers(@Payload() { host }: HostRef): Promise<string[]> {
    return this.graphs.hostedBy(await this.agentId(host));
  }

  @MessagePattern(PluginMethod.GetLoadbalancerRevisions)
  async getLoadbalancerRevisions(@Payload() { host }: HostRef): Promise<LoadBalancerRevision[]> {
    return this.graphs.revisionsHostedBy(await this.agentId(host));
  }

  @MessagePattern(PluginMethod.GetLoadbalancerGraph)
  async getLoadbalancerGraph(
    @Payload() { loadbalancer_id, host, broker_tls }: GraphRequest,
  ): Promise<LoadBalancerGraph | null> {
    return this.graphs.graphForAgent(loadbalancer_id, await this.agent(host), broker_tls);
  }

  @MessagePattern(PluginMethod.UpdateStatus)
  async updateStatus(@Payload() report: UpdateStatusPayload): Promise<{ recorded: boolean }> {
    const agentId = await this.agentId(report.host);
    const lb = await this.hosts(agentId, report.loadbalancer_id, report.host, PluginMethod.UpdateStatus);
    if (!lb) return { recorded: false };
    // An agent may fetch a pending graph on its own before the server prepared the port in Neutron: it
    // reports again once the server sends the change, and that report settles it.
    const waitsForNetwork =
      report.deployed === true &&
      this.network.name === 'neutron' &&
      lb.networkPending &&
      lb.provisioningStatus !== ProvisioningStatus.PendingDelete;
    // ACTIVE_STANDBY: a change is done when both instances applied it (a failure fails it at once).
    const waitsForPeer =
      report.deployed === true &&
      !waitsForNetwork &&
      lb.topology === 'ACTIVE_STANDBY' &&
      !(await this.instances.appliedBy(report.loadbalancer_id, agentId));
    if (report.deployed === undefined || waitsForNetwork || waitsForPeer) {
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
    const agentId = await this.agentId(report.host);
    if (!(await this.hosts(agentId, report.loadbalancer_id, report.host, PluginMethod.UpdateStats))) return;
    await this.stats.record(report.loadbalancer_id, report.listeners);
  }

  /**
   * The load balancer, when the reporting agent hosts it (or one of its ACTIVE_STANDBY instances). A
   * report about another agent's (a stale agent's after a failover, or a forged one) is dropped, logged
   * with both hosts and counted: it must not settle, or rewrite the statuses of, what another node serves.
   */
  private async hosts(
    agentId: string,
    loadBalancerId: string,
    host: string,
    method: string,
  ): Promise<
    | Pick<LoadBalancerEntity, 'id' | 'agentId' | 'topology' | 'networkPending' | 'provisioningStatus'>
    | undefined
  > {
    const lb = await this.dataSource.manager.findOne(LoadBalancerEntity, {
      where: { id: loadBalancerId },
      select: { id: true, agentId: true, topology: true, networkPending: true, provisioningStatus: true },
    });
    if (!lb) return undefined; // already gone: nothing to record
    if (lb.agentId === agentId) return lb;
    if (lb.topology === 'ACTIVE_STANDBY') {
      const instances = await this.instances.instancesOf(lb.id);
      if (instances.some((instance) => instance.agentId === agentId)) return lb;
    }
    const bound = lb.agentId
      ? await this.dataSource.manager.findOne(AgentEntity, {
          where: { id: lb.agentId },
          select: { host: true },
        })
      : null;
    foreignReports.inc({ method });
    this.logger.warn(
      { loadbalancer_id: loadBalancerId, agent_host: host, hosting_agent_host: bound?.host ?? null, method },
      'report about a load balancer this agent does not host; dropped',
    );
    return undefined;
  }

  private async agentId(host: string): Promise<string> {
    return (await this.agent(host)).id;
  }

  private async agent(host: string): Promise<AgentEntity> {
    const agent = await this.agents.findByHost(host);
    if (!agent) throw new UnknownAgentError(`no agent has reported from host ${host}`);
    return agent;
  }
}
