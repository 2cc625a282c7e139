import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { agentRoutingKey, ProvisioningStatus } from '@lbaas/contracts';
import { AmqpConnection, LONGEST_RECONNECT_DELAY_MS } from '@lbaas/rpc';
import type { AgentView } from '../agents/agent-view';
import { AgentsService } from '../agents/agents.service';
import type { Caller } from '../../platform/auth/caller';
import { Clock } from '../../platform/clock/clock';
import { ServerConfig } from '../../platform/config/server.config';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { lockLoadBalancer } from '../../lb-graph/graph-lock';
import { ProvisioningService } from '../provisioning/provisioning.service';
import { failoverDecision } from './failover-breaker';
import { DutyLease } from '../duty-lease/duty-lease.service';
import { InstancesService } from '../instances/instances.service';
import { LoadBalancerInstanceEntity } from '../../lb-graph/entities/load-balancer-instance.entity';
import { ApiError } from '../../platform/api-errors/api-error';

const SWEEP_INTERVAL_MS = 2000;
/** A gone agent (no consumer on its queue) is confirmed by the next sweep: a bit under one interval. */
const GONE_CONFIRM_SECONDS = (0.75 * SWEEP_INTERVAL_MS) / 1000;

type FailoverTrigger = 'agent down' | 'agent gone' | 'admin';

const failovers = new Counter({
  name: 'lbaas_failovers_total',
  help: 'Load balancers moved to another agent, by trigger (agent down: no heartbeat for agent_down_time; agent gone: its queue lost its consumer, its process died; admin).',
  labelNames: ['trigger'] as const,
});

/**
 * How long an agent must look dead before its load balancers move: agents that lost the broker together
 * stop reporting up to one report_interval apart (each reports its own), plus one sweep.
 */
function confirmSeconds(agents: AgentView[]): number {
  const intervals = agents.map((agent) => Number(agent.configurations.report_interval) || 0);
  return Math.max(0, ...intervals) + SWEEP_INTERVAL_MS / 1000;
}

/**
 * Moves load balancers off dead agents (allow_automatic_failover) and on demand (PUT …/failover): the
 * load balancer is bound to another alive agent, which plugs the same VIP port (same MAC and address);
 * the old agent, when it comes back, removes what it had before plugging anything.
 */
@Injectable()
export class FailoverService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FailoverService.name);
  private timer?: NodeJS.Timeout;
  private quietSince: Date;
  private lastPause?: string;
  private sweeping = false;
  /** When each currently dead agent was first seen dead. */
  private readonly deadSince = new Map<string, Date>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ServerConfig,
    private readonly clock: Clock,
    private readonly agents: AgentsService,
    private readonly provisioning: ProvisioningService,
    private readonly connection: AmqpConnection,
    private readonly lease: DutyLease,
    private readonly instances: InstancesService,
  ) {
    this.quietSince = clock.now();
  }

  onApplicationBootstrap(): void {
    // Heartbeats could not reach a server that was away from the broker: give agents one down time.
    this.connection.manager.on('connect', () => (this.quietSince = this.clock.now()));
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
  }

  /** Stops the loop first on shutdown, while RPC and the database still work. */
  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One pass: move every load balancer of a confirmed dead agent, unless the circuit breaker says not now. */
  async sweep(): Promise<void> {
    if (!this.config.allowAutomaticFailover || this.sweeping) return;
    if (!this.lease.holds) {
      // Another replica sweeps; what this one saw would be stale when it takes over.
      this.deadSince.clear();
      return;
    }
    this.sweeping = true;
    try {
      const now = this.clock.now();
      const agents = await this.agents.list({});
      const hosting = new Map<string, string[]>();
      const host = (agentId: string, lbId: string) =>
        hosting.set(agentId, [...(hosting.get(agentId) ?? []), lbId]);
      for (const lb of await this.dataSource
        .getRepository(LoadBalancerEntity)
        .find({ select: { id: true, agentId: true } })) {
        if (lb.agentId) host(lb.agentId, lb.id);
      }
      for (const instance of await this.instances.onAgents(agents.map((agent) => agent.id)))
        host(instance.agentId!, instance.loadbalancerId);
      const considered = agents.filter((agent) => agent.alive || hosting.has(agent.id));
      const gone = await this.goneAgents(considered.filter((agent) => agent.alive && hosting.has(agent.id)));
      // Asking the broker took time: the duties may have passed to another replica meanwhile.
      if (!this.lease.holds) return;
      const dead = considered.filter((agent) => !agent.alive || gone.has(agent.id));
      this.trackDeadSince(
        dead.map((agent) => agent.id),
        now,
      );
      const decision = failoverDecision({
        now,
        quietSeconds: this.config.agentDownTime + LONGEST_RECONNECT_DELAY_MS / 1000,
        brokerConnected: this.connection.isConnected(),
        quietSince: this.quietSince,
        consideredAgents: considered.length,
        deadAgents: dead.map((agent) => ({
          id: agent.id,
          deadSince: this.deadSince.get(agent.id)!,
          ...(gone.has(agent.id) ? { confirmSeconds: GONE_CONFIRM_SECONDS } : {}),
        })),
        confirmSeconds: confirmSeconds(considered),
        thresholdPercent: this.config.failoverThreshold,
      });
      if (!decision.move) {
        // After a mass outage agents come back one by one: the last ones must not look like failed nodes.
        if (decision.state === 'mass-outage' || !this.connection.isConnected()) this.quietSince = now;
        // A death only counts from when the breaker would let it: a pause restarts the confirmation.
        if (decision.state !== 'confirming') this.deadSince.clear();
        if (dead.length > 0 && decision.reason !== this.lastPause) {
          this.logger.warn(
            { dead_agents: dead.map((a) => a.host), reason: decision.reason },
            'automatic failover paused',
          );
        }
        this.lastPause = dead.length > 0 ? decision.reason : undefined;
        return;
      }
      this.lastPause = undefined;
      for (const agentId of decision.agentIds) {
        const trigger = gone.has(agentId) ? 'agent gone' : 'agent down';
        for (const loadBalancerId of hosting.get(agentId) ?? []) {
          await this.moveOff(loadBalancerId, agentId, trigger).catch((error: Error) =>
            this.logger.error({ loadbalancer_id: loadBalancerId, err: error.message }, 'failover failed'),
          );
        }
      }
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'failover sweep failed');
    } finally {
      this.sweeping = false;
    }
  }

  /**
   * Agents alive by their heartbeats whose queue has no consumer and that did not say they were stopping:
   * their process died (the broker saw its connection close), known without waiting for agent_down_time.
   * None when the broker cannot be asked.
   */
  private async goneAgents(alive: AgentView[]): Promise<Set<string>> {
    // Only agents that announce a stop (contract 1.11) and have not: a stopping one may be restarting.
    const agents = alive.filter((agent) => agent.configurations.stopping === false);
    if (agents.length === 0) return new Set();
    const consumers = await this.connection.consumerCounts(
      agents.map((agent) => agentRoutingKey(agent.host)),
    );
    const gone = agents.filter((agent) => consumers?.get(agentRoutingKey(agent.host)) === 0);
    // One process dies alone; several agents losing their consumers together is the broker's doing (a
    // cluster node restarting drops its clients): those wait for agent_down_time like any outage.
    return new Set(gone.length === 1 ? [gone[0].id] : []);
  }

  private trackDeadSince(deadIds: string[], now: Date): void {
    for (const id of [...this.deadSince.keys()]) if (!deadIds.includes(id)) this.deadSince.delete(id);
    for (const id of deadIds) if (!this.deadSince.has(id)) this.deadSince.set(id, now);
  }

  /** Admin `PUT loadbalancers/{id}/failover`: rebuilt on another agent when one is alive (immutability applies). */
  async failoverOnRequest(caller: Caller, loadBalancerId: string, instanceId?: string): Promise<void> {
    const moved = await this.dataSource.transaction(async (manager) => {
      const lb = await lockLoadBalancer(manager, caller, loadBalancerId);
      if (lb.topology === 'ACTIVE_STANDBY') return this.replaceOnRequest(manager, lb, instanceId);
      return this.rebind(manager, lb, lb.agentId ?? undefined);
    });
    this.provisioning.deploy(moved.provider, loadBalancerId);
    const trigger: FailoverTrigger = 'admin';
    failovers.inc({ trigger });
    this.logger.log(
      { loadbalancer_id: loadBalancerId, agent_id: moved.agentId, trigger },
      'load balancer failed over',
    );
  }

  private async moveOff(
    loadBalancerId: string,
    deadAgentId: string,
    trigger: FailoverTrigger,
  ): Promise<void> {
    const moved = await this.dataSource.transaction(async (manager) => {
      const lb = await manager.findOne(LoadBalancerEntity, {
        where: { id: loadBalancerId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!lb) return undefined;
      if (lb.topology === 'ACTIVE_STANDBY') {
        // The survivor holds the VIP already; a replacement for the lost instance is built elsewhere.
        const lost = (await this.instances.instancesOf(lb.id, manager)).find(
          (instance) => instance.agentId === deadAgentId,
        );
        return lost ? this.replaceInstance(manager, lb, lost) : undefined;
      }
      // Whatever its status: a change sent to the dead agent would otherwise never be done.
      if (lb.agentId !== deadAgentId) return undefined;
      return this.rebind(manager, lb, deadAgentId);
    });
    if (!moved) return;
    this.provisioning.deploy(moved.provider, loadBalancerId);
    failovers.inc({ trigger });
    this.logger.log(
      { loadbalancer_id: loadBalancerId, from_agent_id: deadAgentId, agent_id: moved.agentId, trigger },
      'load balancer failed over',
    );
  }

  /**
   * Admin failover of an ACTIVE_STANDBY load balancer: the instance asked for (amphora failover), else
   * its instances without a working agent; when both have one, the BACKUP-role instance moves (Octavia
   * replaces amphorae one at a time).
   */
  private async replaceOnRequest(
    manager: EntityManager,
    lb: LoadBalancerEntity,
    instanceId?: string,
  ): Promise<{ provider: string; agentId: string | null }> {
    const working = new Set(
      (await this.agents.list({}, manager)).filter((a) => a.alive && a.admin_state_up).map((a) => a.id),
    );
    const instances = await this.instances.instancesOf(lb.id, manager);
    const lost = instances.filter((instance) => !instance.agentId || !working.has(instance.agentId));
    const chosen = instanceId
      ? instances.filter((instance) => instance.id === instanceId)
      : lost.length > 0
        ? lost
        : instances.filter((instance) => instance.role === 'BACKUP');
    let moved: { provider: string; agentId: string | null } | undefined;
    for (const instance of chosen) moved = (await this.replaceInstance(manager, lb, instance)) ?? moved;
    if (!moved)
      throw new ApiError(
        'NoEligibleLbaasAgent',
        `No other alive lbaas-agent that runs keepalived can take an instance of load balancer ${lb.id}.`,
      );
    return moved;
  }

  private async replaceInstance(
    manager: EntityManager,
    lb: LoadBalancerEntity,
    instance: LoadBalancerInstanceEntity,
  ): Promise<{ provider: string; agentId: string | null } | undefined> {
    const agentId = await this.instances.replace(manager, lb, instance);
    if (!agentId) {
      this.logger.warn(
        { loadbalancer_id: lb.id, instance_id: instance.id, agent_id: instance.agentId },
        'no other agent can take the instance; it stays where it is',
      );
      return undefined;
    }
    if (lb.provisioningStatus !== ProvisioningStatus.PendingDelete)
      await manager.update(
        LoadBalancerEntity,
        { id: lb.id },
        { provisioningStatus: ProvisioningStatus.PendingUpdate, networkPending: true },
      );
    this.logger.log(
      {
        loadbalancer_id: lb.id,
        instance_id: instance.id,
        from_agent_id: instance.agentId,
        agent_id: agentId,
      },
      'instance replaced',
    );
    return { provider: lb.provider, agentId };
  }

  private async rebind(
    manager: EntityManager,
    lb: LoadBalancerEntity,
    avoidAgentId: string | undefined,
  ): Promise<{ provider: string; agentId: string | null }> {
    const agentId = await this.provisioning.deployerFor(lb.provider).rehome(manager, lb, avoidAgentId);
    const pendingDelete = lb.provisioningStatus === ProvisioningStatus.PendingDelete;
    await manager.update(
      LoadBalancerEntity,
      { id: lb.id },
      {
        agentId,
        ...(pendingDelete
          ? {}
          : { provisioningStatus: ProvisioningStatus.PendingUpdate, networkPending: true }),
      },
    );
    return { provider: lb.provider, agentId };
  }
}
