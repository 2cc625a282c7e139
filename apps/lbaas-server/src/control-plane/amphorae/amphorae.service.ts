import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { ApiError } from '../../platform/api-errors/api-error';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { ListenerEntity } from '../../lb-graph/entities/listener.entity';
import { GraphChangesService } from '../../lb-graph/graph-changes.service';
import { AgentEntity } from '../agents/agent.entity';
import { LoadBalancerInstanceEntity } from '../../lb-graph/entities/load-balancer-instance.entity';
import { FailoverService } from '../failover/failover.service';
import { StatsService, type TrafficStatsView } from '../stats/stats.service';
import { amphoraView, type AmphoraView } from './amphora.view';

const amphoraNotFound = (id: string) => new ApiError('AmphoraNotFound', `Amphora ${id} could not be found.`);

/** One listener's traffic on one instance, as Octavia's amphora statistics show it. */
export type AmphoraStatsView = TrafficStatsView & {
  id: string;
  loadbalancer_id: string;
  listener_id: string;
};

/**
 * The running instances of load balancers (Octavia's amphora API, for operators): one per load
 * balancer bound to an agent. Failover moves it to another agent; configure sends its configuration
 * again to the same one.
 */
@Injectable()
export class AmphoraeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly failovers: FailoverService,
    private readonly graph: GraphChangesService,
    private readonly stats: StatsService,
  ) {}

  async list(): Promise<AmphoraView[]> {
    const manager = this.dataSource.manager;
    const lbs = await manager.find(LoadBalancerEntity, {
      where: [{ agentId: Not(IsNull()) }, { topology: 'ACTIVE_STANDBY' }],
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const instances = await manager.find(LoadBalancerInstanceEntity, {
      where: { loadbalancerId: In(lbs.map((lb) => lb.id)) },
      order: { role: 'DESC' },
    });
    const agentIds = [
      ...new Set([...lbs, ...instances].flatMap((row) => (row.agentId ? [row.agentId] : []))),
    ];
    const agents = agentIds.length
      ? await manager.find(AgentEntity, { select: { id: true, host: true }, where: { id: In(agentIds) } })
      : [];
    const hostOf = (agentId: string | null) =>
      (agentId && agents.find((agent) => agent.id === agentId)?.host) || '';
    return lbs.flatMap((lb) =>
      lb.topology === 'ACTIVE_STANDBY'
        ? instances
            .filter((instance) => instance.loadbalancerId === lb.id)
            .map((instance) => amphoraView(lb, hostOf(instance.agentId), instance))
        : [amphoraView(lb, hostOf(lb.agentId))],
    );
  }

  async get(id: string): Promise<AmphoraView> {
    const amphora = (await this.list()).find((candidate) => candidate.id === id);
    if (!amphora) throw amphoraNotFound(id);
    return amphora;
  }

  /**
   * Moves the instance to another alive agent, as Octavia replaces an amphora: a SINGLE load balancer's
   * whole data plane (a new instance there), or this one of an ACTIVE_STANDBY pair (its peer keeps the VIP).
   */
  async failover(caller: Caller, id: string): Promise<void> {
    const amphora = await this.get(id);
    const instanceId = amphora.role === 'STANDALONE' ? undefined : amphora.id;
    await this.failovers.failoverOnRequest(caller, amphora.loadbalancer_id, instanceId);
  }

  /** Sends the instance its configuration again (Octavia: amphora configure). */
  async configure(caller: Caller, id: string): Promise<void> {
    await this.graph.change(caller, (await this.get(id)).loadbalancer_id, () => Promise.resolve());
  }

  /** The traffic of each listener of the instance's load balancer, as its agent last reported it. */
  async statistics(id: string): Promise<AmphoraStatsView[]> {
    const amphora = await this.get(id);
    const listeners = await this.dataSource.manager.find(ListenerEntity, {
      select: { id: true },
      where: { loadbalancerId: amphora.loadbalancer_id },
      order: { protocolPort: 'ASC' },
    });
    const traffic = await this.stats.forListeners(
      amphora.loadbalancer_id,
      listeners.map((listener) => listener.id),
    );
    return listeners.map((listener) => ({
      id: amphora.id,
      loadbalancer_id: amphora.loadbalancer_id,
      listener_id: listener.id,
      ...traffic.get(listener.id)!,
    }));
  }
}
