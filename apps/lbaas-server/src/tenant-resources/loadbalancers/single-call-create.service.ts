import { BadRequestException, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { ListenerEntity } from '../../lb-graph/entities/listener.entity';
import type { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { HealthMonitorsService } from '../healthmonitors/healthmonitors.service';
import { L7PoliciesService } from '../l7/l7-policies.service';
import { L7RulesService } from '../l7/l7-rules.service';
import { ListenersService } from '../listeners/listeners.service';
import { MembersService } from '../members/members.service';
import { PoolsService } from '../pools/pools.service';
import type { CreateLoadBalancerBody, GraphL7PolicyBody, GraphPoolBody } from './loadbalancers.dto';
import type { LoadBalancerView } from './loadbalancer.view';

/**
 * Octavia's single-call create: the tree under a new load balancer (listeners with their default pools
 * and L7 policies, pools with members and monitor), written in the caller's transaction so that any
 * refused part leaves nothing; and the answer with every object in full.
 */
@Injectable()
export class SingleCallCreateService {
  constructor(
    private readonly listeners: ListenersService,
    private readonly pools: PoolsService,
    private readonly members: MembersService,
    private readonly monitors: HealthMonitorsService,
    private readonly l7policies: L7PoliciesService,
    private readonly l7rules: L7RulesService,
  ) {}

  async insertTree(
    manager: EntityManager,
    lb: LoadBalancerEntity,
    body: CreateLoadBalancerBody,
  ): Promise<void> {
    for (const pool of body.pools ?? []) await this.insertPoolGraph(manager, lb, pool);
    for (const listener of body.listeners ?? []) {
      const listenerId = await this.listeners.insertListener(manager, lb, listener);
      if (listener.default_pool) await this.insertPoolGraph(manager, lb, listener.default_pool, listenerId);
      if (listener.l7policies?.length) {
        const inserted = await manager.findOneByOrFail(ListenerEntity, { id: listenerId });
        for (const policy of listener.l7policies) await this.insertPolicyGraph(manager, lb, inserted, policy);
      }
    }
  }

  /** The answer to a single-call create: every object of the tree in full, as Octavia gives it. */
  async fullTree(caller: Caller, view: LoadBalancerView): Promise<LoadBalancerView> {
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
}

/** The subnet_id of every member of a single-call create, wherever in the tree it is. */
export function memberSubnetIds(body: CreateLoadBalancerBody): string[] {
  const pools: GraphPoolBody[] = [
    ...(body.pools ?? []),
    ...(body.listeners ?? []).flatMap((listener) => [
      ...(listener.default_pool ? [listener.default_pool] : []),
      ...(listener.l7policies ?? []).flatMap((policy) =>
        policy.redirect_pool ? [policy.redirect_pool] : [],
      ),
    ]),
  ];
  const ids = pools.flatMap((pool) => (pool.members ?? []).map((member) => member.subnet_id));
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}
