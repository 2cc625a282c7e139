import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { ProvisioningStatus } from '@lbaas/contracts';
import type { AgentView } from '../../control-plane/agents/agent-view';
import { AgentsService } from '../../control-plane/agents/agents.service';
import type { Caller } from '../../platform/auth/caller';
import { FailoverService } from '../../control-plane/failover/failover.service';
import { newObjectColumns, updatedObjectColumns } from '../../lb-graph/entities/provisioned-resource';
import { findOwned, findVisible } from '../../platform/rest/project-scope';
import { ServerConfig } from '../../platform/config/server.config';
import { L7PoliciesService } from '../l7/l7-policies.service';
import { L7RulesService } from '../l7/l7-rules.service';
import { ListenerEntity } from '../../lb-graph/entities/listener.entity';
import { ListenersService } from '../listeners/listeners.service';
import { HealthMonitorsService } from '../healthmonitors/healthmonitors.service';
import { MembersService } from '../members/members.service';
import { PoolsService } from '../pools/pools.service';
import { VipAllocatorService } from '../../cloud-apis/networking/vip-allocator.service';
import { PoolEntity } from '../../lb-graph/entities/pool.entity';
import { DeployerRegistry } from '../../control-plane/provisioning/deployer-registry';
import { markForDeletion } from '../../lb-graph/cascade';
import { GraphChangesService } from '../../lb-graph/graph-changes.service';
import { loadBalancerNotFound } from '../../lb-graph/graph-lock';
import { owningProject } from '../../platform/rest/ownership';
import { QuotasService } from '../quotas/quotas.service';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import type {
  CreateLoadBalancerBody,
  GraphL7PolicyBody,
  GraphPoolBody,
  UpdateLoadBalancerBody,
} from './loadbalancers.dto';
import { loadBalancerView, type LoadBalancerView } from './loadbalancer.view';
import { loadTree } from '../../lb-graph/load-balancer-tree';
import { neutronStatusTree, type NeutronStatusTree, statusTree, type StatusTree } from './status-tree';
import { ApiError } from '../../platform/api-errors/api-error';

function idsByParent<T extends { id: string }>(
  rows: T[],
  parentOf: (row: T) => string,
): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of rows) map.set(parentOf(row), [...(map.get(parentOf(row)) ?? []), row.id]);
  return map;
}

@Injectable()
export class LoadBalancersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly vipAllocator: VipAllocatorService,
    private readonly graph: GraphChangesService,
    private readonly deployers: DeployerRegistry,
    private readonly quotas: QuotasService,
    private readonly config: ServerConfig,
    private readonly listeners: ListenersService,
    private readonly pools: PoolsService,
    private readonly members: MembersService,
    private readonly monitors: HealthMonitorsService,
    private readonly l7policies: L7PoliciesService,
    private readonly l7rules: L7RulesService,
    private readonly agents: AgentsService,
    private readonly failovers: FailoverService,
  ) {}

  async list(caller: Caller): Promise<LoadBalancerView[]> {
    const lbs = await findVisible(this.dataSource.manager, caller, LoadBalancerEntity);
    return this.views(this.dataSource.manager, lbs);
  }

  async get(caller: Caller, id: string): Promise<LoadBalancerView> {
    return (await this.views(this.dataSource.manager, [await this.find(caller, id)]))[0];
  }

  async create(caller: Caller, body: CreateLoadBalancerBody): Promise<LoadBalancerView> {
    if (!body.vip_subnet_id && !body.vip_network_id) {
      throw new BadRequestException(
        'Invalid input for loadbalancer: one of vip_subnet_id or vip_network_id is required',
      );
    }
    const projectId = owningProject(caller, body);
    const provider = body.provider ?? this.config.defaultProvider;
    const deployer = this.deployers.forProvider(provider);
    const id = randomUUID();
    const lb = await this.graph.create(async (manager) => {
      await this.quotas.assertBelowQuota(manager, projectId, 'loadbalancer');
      const { port, subnet } = await this.vipAllocator.allocateVipPort(
        manager,
        caller,
        projectId,
        { subnetId: body.vip_subnet_id, networkId: body.vip_network_id, address: body.vip_address },
        id,
      );
      const created = await manager.save(
        manager.create(LoadBalancerEntity, {
          id,
          ...newObjectColumns(projectId, body),
          vipSubnetId: subnet.id,
          vipNetworkId: subnet.networkId,
          vipAddress: port.fixedIps[0].ipAddress,
          vipPortId: port.id,
          provider,
          flavorId: null,
          agentId: await deployer.placeLoadBalancer(manager, id),
        }),
      );
      // Octavia's single-call create: the whole tree under the same lock and transaction.
      for (const pool of body.pools ?? []) await this.insertPoolGraph(manager, created, pool);
      for (const listener of body.listeners ?? []) {
        const listenerId = await this.listeners.insertListener(manager, created, listener);
        if (listener.default_pool)
          await this.insertPoolGraph(manager, created, listener.default_pool, listenerId);
        if (listener.l7policies?.length) {
          const inserted = await manager.findOneByOrFail(ListenerEntity, { id: listenerId });
          for (const policy of listener.l7policies)
            await this.insertPolicyGraph(manager, created, inserted, policy);
        }
      }
      return created;
    });
    const view = (await this.views(this.dataSource.manager, [lb]))[0];
    return body.listeners || body.pools ? this.fullTree(caller, view) : view;
  }

  /** The answer to a single-call create: every object of the tree in full, as Octavia gives it. */
  private async fullTree(caller: Caller, view: LoadBalancerView): Promise<LoadBalancerView> {
    const listeners = [];
    for (const { id } of view.listeners) listeners.push(await this.listeners.get(caller, id));
    const pools = [];
    for (const { id } of view.pools) {
      const pool = await this.pools.get(caller, id);
      pools.push({
        ...pool,
        members: await this.members.list(caller, id),
        healthmonitor: pool.healthmonitor_id ? await this.monitors.get(caller, pool.healthmonitor_id) : null,
      });
    }
    return { ...view, listeners, pools };
  }

  private async insertPoolGraph(
    manager: EntityManager,
    lb: LoadBalancerEntity,
    spec: GraphPoolBody,
    listenerId?: string,
  ): Promise<string> {
    const pool = await this.pools.insertPool(manager, lb, spec, listenerId);
    for (const member of spec.members ?? []) await this.members.insertMember(manager, pool, member);
    if (spec.healthmonitor) await this.monitors.insertMonitor(manager, pool, spec.healthmonitor);
    return pool.id;
  }

  /** An L7 policy of the single-call create: its redirect pool (created here when given whole), then its rules. */
  private async insertPolicyGraph(
    manager: EntityManager,
    lb: LoadBalancerEntity,
    listener: ListenerEntity,
    { redirect_pool: redirectPool, rules, ...policy }: GraphL7PolicyBody,
  ): Promise<void> {
    if (redirectPool && policy.redirect_pool_id) {
      throw new BadRequestException(
        'Invalid input for l7policy: give redirect_pool or redirect_pool_id, not both',
      );
    }
    const redirectPoolId = redirectPool
      ? await this.insertPoolGraph(manager, lb, redirectPool)
      : policy.redirect_pool_id;
    const policyId = await this.l7policies.insertPolicy(manager, listener, {
      ...policy,
      redirect_pool_id: redirectPoolId,
    });
    for (const rule of rules ?? [])
      await this.l7rules.insertRule(manager, { id: policyId, projectId: listener.projectId }, rule);
  }

  async update(caller: Caller, id: string, body: UpdateLoadBalancerBody): Promise<LoadBalancerView> {
    await this.graph.change(caller, id, async (manager, lb) => {
      await manager.update(
        LoadBalancerEntity,
        { id: lb.id },
        {
          ...updatedObjectColumns(lb, body),
        },
      );
    });
    return this.get(caller, id);
  }

  /** Without cascade a load balancer that still has listeners or pools is refused (409). */
  async delete(caller: Caller, id: string, cascade: boolean): Promise<void> {
    await this.graph.change(
      caller,
      id,
      async (manager, lb) => {
        const listeners = await manager.findBy(ListenerEntity, { loadbalancerId: lb.id });
        const pools = await manager.findBy(PoolEntity, { loadbalancerId: lb.id });
        if (!cascade && (listeners.length > 0 || pools.length > 0)) {
          throw new ApiError(
            'EntityInUse',
            `Load Balancer ${lb.id} still has ${listeners.length} listener(s) and ${pools.length} pool(s); delete them first or use cascade=true.`,
          );
        }
        await markForDeletion(manager, 'loadbalancer', lb.id);
      },
      ProvisioningStatus.PendingDelete,
    );
  }

  /** Admin action: rebuild the load balancer's data plane, on another agent when one is alive (202). */
  async failover(caller: Caller, id: string): Promise<void> {
    await this.failovers.failoverOnRequest(caller, id);
  }

  async hostingAgent(caller: Caller, id: string): Promise<AgentView | null> {
    const lb = await this.find(caller, id);
    return lb.agentId ? this.agents.get(lb.agentId) : null;
  }

  /** Octavia's status tree, or with `neutron` neutron-lbaas's. */
  async statuses(caller: Caller, id: string, shape: 'octavia'): Promise<StatusTree>;
  async statuses(caller: Caller, id: string, shape: 'neutron'): Promise<NeutronStatusTree>;
  async statuses(
    caller: Caller,
    id: string,
    shape: 'octavia' | 'neutron',
  ): Promise<StatusTree | NeutronStatusTree> {
    const tree = await loadTree(this.dataSource.manager, await this.find(caller, id));
    return shape === 'octavia' ? statusTree(tree) : neutronStatusTree(tree);
  }

  private async find(caller: Caller, id: string): Promise<LoadBalancerEntity> {
    return findOwned(this.dataSource.manager, caller, LoadBalancerEntity, id, loadBalancerNotFound);
  }

  private async views(manager: EntityManager, lbs: LoadBalancerEntity[]): Promise<LoadBalancerView[]> {
    const ids = lbs.map((lb) => lb.id);
    if (ids.length === 0) return [];
    const select = { id: true, loadbalancerId: true, createdAt: true } as const;
    const listeners = await manager.find(ListenerEntity, {
      where: { loadbalancerId: In(ids) },
      select,
      order: { createdAt: 'ASC' },
    });
    const pools = await manager.find(PoolEntity, {
      where: { loadbalancerId: In(ids) },
      select,
      order: { createdAt: 'ASC' },
    });
    const listenersOf = idsByParent(listeners, (l) => l.loadbalancerId);
    const poolsOf = idsByParent(pools, (p) => p.loadbalancerId);
    return lbs.map((lb) => loadBalancerView(lb, listenersOf.get(lb.id) ?? [], poolsOf.get(lb.id) ?? []));
  }
}
