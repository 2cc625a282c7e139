import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import { AgentMethod, agentRoutingKey, ProvisioningStatus } from '@lbaas/contracts';
import { RpcClient } from '@lbaas/rpc';
import { AgentEntity } from '../agents/agent.entity';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { ListenerEntity } from '../../lb-graph/entities/listener.entity';
import { NetworkDriver } from '../../cloud-apis/networking/network-driver';
import { SchedulerService } from '../scheduler/scheduler.service';
import { LoadBalancerDeployer, type PlacedLoadBalancer } from './deployer';
import { GraphOutcomesService } from '../../lb-graph/graph-outcomes.service';
import { ApiError } from '../../platform/api-errors/api-error';
import { InstancesService, UNPLACED_INSTANCE_REASON } from '../instances/instances.service';

/**
 * The `haproxy` provider: each load balancer is hosted by the lbaas-agent the scheduler chose (haproxy
 * in a namespace on that node). A change is a durable cast to that agent only; the agent fetches the
 * graph, converges, and reports back with update_status.
 */
@Injectable()
export class AgentDeployer extends LoadBalancerDeployer {
  private readonly logger = new Logger(AgentDeployer.name);
  readonly provider = 'haproxy';
  readonly description = 'haproxy in a network namespace on an lbaas-agent node';
  readonly runsInstances = true;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerService,
    private readonly rpc: RpcClient,
    private readonly outcomes: GraphOutcomesService,
    private readonly instances: InstancesService,
    private readonly network: NetworkDriver,
  ) {
    super();
  }

  /**
   * Without agents at all a create is refused (503: try again). In an availability zone without an
   * alive agent it is recorded unplaced, and its deployment fails at once naming the zone: the tenant's
   * choice of zone is kept, never silently swapped for another.
   */
  async placeLoadBalancer(manager: EntityManager, lb: PlacedLoadBalancer): Promise<string | null> {
    try {
      return await this.scheduler.schedule(manager, lb);
    } catch (error) {
      if (lb.availabilityZone && error instanceof ApiError && error.kind === 'NoEligibleLbaasAgent')
        return null;
      throw error;
    }
  }

  rehome(manager: EntityManager, lb: PlacedLoadBalancer, avoidAgentId?: string): Promise<string | null> {
    return this.scheduler.schedule(manager, lb, avoidAgentId);
  }

  async deploy(loadBalancerId: string): Promise<void> {
    const lb = await this.dataSource.getRepository(LoadBalancerEntity).findOneBy({ id: loadBalancerId });
    if (!lb) return;
    if (lb.topology === 'ACTIVE_STANDBY') return this.deployInstances(lb);
    const agent = lb.agentId
      ? await this.dataSource.getRepository(AgentEntity).findOneBy({ id: lb.agentId })
      : null;
    if (!agent) {
      // Unplaced: nothing of it runs anywhere, so a deletion is done, and any other change cannot be.
      await this.outcomes.settle(
        loadBalancerId,
        lb.provisioningStatus === ProvisioningStatus.PendingDelete,
        lb.availabilityZone
          ? `no lbaas-agent of availability zone ${lb.availabilityZone} is alive and enabled; an admin failover places it once one is`
          : 'no lbaas-agent hosts it; an admin failover places it on an alive one',
      );
      return;
    }
    if (lb.provisioningStatus !== ProvisioningStatus.PendingDelete) {
      const failure = await this.prepareNetwork(lb, lb.vipPortId, agent.host, false);
      if (failure) {
        await this.outcomes.settle(loadBalancerId, false, failure);
        return;
      }
      await this.networkPrepared(lb.id);
    }
    await this.rpc.cast(agentRoutingKey(agent.host), AgentMethod.DeployLoadbalancer, {
      loadbalancer_id: loadBalancerId,
    });
    this.logger.log({ loadbalancer_id: loadBalancerId, agent_host: agent.host }, 'change sent to its agent');
  }

  /** From now on an agent's report may settle the change (network_driver = neutron). */
  private async networkPrepared(loadBalancerId: string): Promise<void> {
    if (this.network.name === 'builtin') return;
    await this.dataSource
      .getRepository(LoadBalancerEntity)
      .update({ id: loadBalancerId }, { networkPending: false });
  }

  /**
   * The VIP port bound to the agent's host and open to the listeners (with Neutron); why it could not be,
   * so that the change fails (ERROR with the reason) instead of being deployed unreachable.
   */
  private async prepareNetwork(
    lb: LoadBalancerEntity,
    portId: string,
    host: string,
    vrrp: boolean,
  ): Promise<string | undefined> {
    const listeners = await this.dataSource.getRepository(ListenerEntity).findBy({
      loadbalancerId: lb.id,
      provisioningStatus: Not(ProvisioningStatus.PendingDelete),
    });
    try {
      await this.network.prepareDeploy(
        lb,
        portId,
        host,
        listeners.map((listener) => ({
          protocol: listener.protocol,
          protocolPort: listener.protocolPort,
          allowedCidrs: listener.allowedCidrs ?? [],
        })),
        vrrp,
      );
      return undefined;
    } catch (error) {
      const reason = `the VIP port could not be prepared in the networking service: ${(error as Error).message}`;
      this.logger.warn({ loadbalancer_id: lb.id, agent_host: host, reason }, 'change not sent');
      return reason;
    }
  }

  /**
   * ACTIVE_STANDBY: the change goes to both instances' agents; it is done when both report it applied
   * (InstancesService.appliedBy). An instance without an agent fails a change at once, naming why; a
   * deletion waits only for the placed ones.
   */
  private async deployInstances(lb: LoadBalancerEntity): Promise<void> {
    const instances = await this.instances.instancesOf(lb.id);
    const placed = instances.filter((instance) => instance.agentId !== null);
    const deleting = lb.provisioningStatus === ProvisioningStatus.PendingDelete;
    if (deleting && placed.length === 0) {
      await this.outcomes.settle(lb.id, true);
      return;
    }
    if (!deleting && placed.length < instances.length) {
      await this.outcomes.settle(lb.id, false, UNPLACED_INSTANCE_REASON);
      return;
    }
    const agents = await this.dataSource
      .getRepository(AgentEntity)
      .findBy({ id: In(placed.map((instance) => instance.agentId!)) });
    if (!deleting)
      for (const instance of placed) {
        const host = agents.find((agent) => agent.id === instance.agentId)?.host;
        const failure = host && (await this.prepareNetwork(lb, instance.vrrpPortId, host, true));
        if (failure) {
          await this.outcomes.settle(lb.id, false, failure);
          return;
        }
      }
    if (!deleting) await this.networkPrepared(lb.id);
    await this.instances.markPending(lb.id);
    for (const agent of agents) {
      await this.rpc.cast(agentRoutingKey(agent.host), AgentMethod.DeployLoadbalancer, {
        loadbalancer_id: lb.id,
      });
    }
    this.logger.log(
      { loadbalancer_id: lb.id, agent_hosts: agents.map((agent) => agent.host) },
      'change sent to the agents of its instances',
    );
  }
}
