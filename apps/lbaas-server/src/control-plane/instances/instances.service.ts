import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { VrrpInstanceGraph } from '@lbaas/contracts';
import type { Caller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { NetworkDriver } from '../../cloud-apis/networking/network-driver';
import { PortEntity } from '../../cloud-apis/networking/port.entity';
import {
  type InstanceRole,
  LoadBalancerInstanceEntity,
  ROLE_PRIORITY,
} from '../../lb-graph/entities/load-balancer-instance.entity';
import type { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { SchedulerService } from '../scheduler/scheduler.service';

const ROLES: InstanceRole[] = ['MASTER', 'BACKUP'];

/** Why an ACTIVE_STANDBY load balancer cannot be deployed while an instance has no agent. */
export const UNPLACED_INSTANCE_REASON =
  'ACTIVE_STANDBY needs two alive, enabled lbaas-agents that run keepalived (one per instance); an admin failover places the missing instance once there are';

/**
 * The two instances of ACTIVE_STANDBY load balancers (Octavia's amphorae): where they run, their vrrp
 * ports, and which of them still has a change to apply (the load balancer settles when both applied it).
 */
@Injectable()
export class InstancesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerService,
    private readonly network: NetworkDriver,
    private readonly config: ServerConfig,
  ) {}

  /**
   * Inside the load balancer's create: a MASTER and a BACKUP, each with its own port on the VIP subnet,
   * on two different agents. With fewer than two such agents alive, the missing instance is recorded
   * without one and the deployment fails naming why.
   */
  async createPair(
    manager: EntityManager,
    caller: Caller,
    lb: Pick<LoadBalancerEntity, 'id' | 'projectId' | 'availabilityZone' | 'vipSubnetId' | 'vipAddress'>,
  ): Promise<void> {
    const agentIds = await this.scheduler.scheduleApart(manager, lb, ROLES.length);
    for (const [index, role] of ROLES.entries()) {
      const id = randomUUID();
      const port = await this.network.createInstancePort(manager, caller, lb, id);
      await manager.insert(LoadBalancerInstanceEntity, {
        id,
        loadbalancerId: lb.id,
        role,
        priority: ROLE_PRIORITY[role],
        agentId: agentIds[index] ?? null,
        vrrpPortId: port.id,
        vrrpAddress: port.fixedIps[0].ipAddress,
      });
    }
  }

  instancesOf(
    loadBalancerId: string,
    manager = this.dataSource.manager,
  ): Promise<LoadBalancerInstanceEntity[]> {
    return manager.find(LoadBalancerInstanceEntity, {
      where: { loadbalancerId: loadBalancerId },
      order: { role: 'DESC' },
    });
  }

  /** Load balancers with an instance on this agent. */
  async hostedBy(agentId: string): Promise<string[]> {
    const rows = await this.dataSource.manager.find(LoadBalancerInstanceEntity, {
      where: { agentId },
      select: { loadbalancerId: true },
    });
    return rows.map((row) => row.loadbalancerId);
  }

  /** Both placed instances now have a change to apply. */
  async markPending(loadBalancerId: string): Promise<void> {
    await this.dataSource.manager
      .createQueryBuilder()
      .update(LoadBalancerInstanceEntity)
      .set({ deployPending: true })
      .where('loadbalancer_id = :id AND agent_id IS NOT NULL', { id: loadBalancerId })
      .execute();
  }

  /**
   * The instance on `agentId` applied the change: whether the load balancer may settle now (no other
   * instance still applying it). The load balancer's row is locked first, so two reports arriving
   * together are counted one after the other.
   */
  async appliedBy(loadBalancerId: string, agentId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .select('1')
        .from('load_balancers', 'lb')
        .where('lb.id = :id', { id: loadBalancerId })
        .setLock('pessimistic_write')
        .execute();
      await manager.update(
        LoadBalancerInstanceEntity,
        { loadbalancerId: loadBalancerId, agentId },
        { deployPending: false },
      );
      const instances = await this.instancesOf(loadBalancerId, manager);
      return instances.every((instance) => !instance.deployPending);
    });
  }

  /**
   * Moves `instance` to another alive agent that hosts none of the load balancer's instances (inside the
   * caller's transaction, the load balancer locked): its port, and so its vrrp_ip and MAC, go with it,
   * so its peer keeps its configuration and the VIP throughout. The new agent, or undefined when none can
   * take it (it then stays where it is).
   */
  async replace(
    manager: EntityManager,
    lb: Pick<LoadBalancerEntity, 'id' | 'availabilityZone'>,
    instance: LoadBalancerInstanceEntity,
  ): Promise<string | undefined> {
    const instances = await this.instancesOf(lb.id, manager);
    const taken = instances.flatMap((other) => (other.agentId ? [other.agentId] : []));
    const [agentId] = await this.scheduler.scheduleApart(manager, lb, 1, taken);
    if (!agentId) return undefined;
    await manager.update(LoadBalancerInstanceEntity, { id: instance.id }, { agentId, deployPending: false });
    return agentId;
  }

  /** Instances placed on any of these agents (the failover sweep's dead ones). */
  onAgents(agentIds: string[]): Promise<LoadBalancerInstanceEntity[]> {
    if (agentIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(LoadBalancerInstanceEntity, { where: { agentId: In(agentIds) } });
  }

  /** What the agent needs to run its instance: its port, its peer's address and the VRRP timers. */
  async vrrpGraph(loadBalancerId: string, agentId: string): Promise<VrrpInstanceGraph | null> {
    const instances = await this.instancesOf(loadBalancerId);
    const own = instances.find((instance) => instance.agentId === agentId);
    const peer = instances.find((instance) => instance !== own);
    if (!own || !peer) return null;
    const port = await this.dataSource.manager.findOneByOrFail(PortEntity, { id: own.vrrpPortId });
    return {
      instance_id: own.id,
      role: own.role,
      priority: own.priority,
      port_id: port.id,
      mac_address: port.macAddress,
      address: own.vrrpAddress,
      peer_address: peer.vrrpAddress,
      advert_interval_s: this.config.vrrpAdvertInt,
      check_interval_s: this.config.vrrpCheckInterval,
      check_fall: this.config.vrrpFailCount,
    };
  }
}
