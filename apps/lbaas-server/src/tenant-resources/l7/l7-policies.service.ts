import { idsByParent } from '../../platform/listing/group-by';
import type { ListQuery } from '../../platform/listing/list-query';
import type { RowPage } from '../../platform/listing/read-list-page';
import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Not } from 'typeorm';
import { isHttpListener, ProvisioningStatus } from '@lbaas/contracts';
import type { Caller } from '../../platform/auth/caller';
import { newObjectColumns, updatedObjectColumns } from '../../lb-graph/entities/provisioned-resource';
import type { ListenerEntity } from '../../lb-graph/entities/listener.entity';
import { protocolsCompatible } from '../listeners/listener-rules';
import { ListenersService } from '../listeners/listeners.service';
import { QuotasService } from '../quotas/quotas.service';
import { PoolEntity } from '../../lb-graph/entities/pool.entity';
import { markForDeletion } from '../../lb-graph/cascade';
import { GraphChangesService } from '../../lb-graph/graph-changes.service';
import { findOwned, findVisible, readVisiblePage } from '../../platform/rest/project-scope';
import { L7PolicyEntity } from '../../lb-graph/entities/l7-policy.entity';
import { L7RuleEntity } from '../../lb-graph/entities/l7-rule.entity';
import { orderWithPolicyAt, policyProblem } from './l7-rules';
import { L7_POLICY_COLUMNS, l7PolicyView, type L7PolicyView } from './l7.views';
import type { CreateL7PolicyBody, UpdateL7PolicyBody } from './l7.dto';
import { ApiError } from '../../platform/api-errors/api-error';

export function l7PolicyNotFound(id: string): ApiError {
  return new ApiError('L7PolicyNotFound', `L7 Policy ${id} could not be found.`);
}

type PolicySettings = Pick<
  L7PolicyEntity,
  'action' | 'redirectPoolId' | 'redirectUrl' | 'redirectPrefix' | 'redirectHttpCode'
>;

@Injectable()
export class L7PoliciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly graph: GraphChangesService,
    private readonly listeners: ListenersService,
    private readonly quotas: QuotasService,
  ) {}

  /** One page of the list, read in SQL; undefined when the query needs more than columns. */
  async page(caller: Caller, query: ListQuery): Promise<RowPage<L7PolicyView> | undefined> {
    const page = await readVisiblePage(
      this.dataSource.manager,
      caller,
      L7PolicyEntity,
      L7_POLICY_COLUMNS,
      query,
    );
    return page && { rows: await this.views(page.rows), more: page.more };
  }

  async list(caller: Caller): Promise<L7PolicyView[]> {
    return this.views(await findVisible(this.dataSource.manager, caller, L7PolicyEntity));
  }

  async get(caller: Caller, id: string): Promise<L7PolicyView> {
    return (await this.views([await this.find(caller, id)]))[0];
  }

  async create(caller: Caller, body: CreateL7PolicyBody): Promise<L7PolicyView> {
    const listener = await this.listeners.find(caller, body.listener_id);
    let id = '';
    await this.graph.change(caller, listener.loadbalancerId, async (manager) => {
      id = await this.insertPolicy(manager, listener, body);
    });
    return this.get(caller, id);
  }

  /** Adds a policy to `listener` inside the caller's transaction (also the single-call create's); its id. */
  async insertPolicy(
    manager: EntityManager,
    listener: ListenerEntity,
    body: UpdateL7PolicyBody,
  ): Promise<string> {
    if (!body.action) throw new BadRequestException('Invalid input for l7policy.action: action is required');
    const settings = await this.checkedSettings(manager, listener, { ...body, action: body.action });
    await this.quotas.assertBelowQuota(manager, listener.projectId, 'l7policy');
    const id = randomUUID();
    await manager.insert(L7PolicyEntity, {
      id,
      ...newObjectColumns(listener.projectId, body),
      listenerId: listener.id,
      // Last for now; renumber() puts it where it was asked to go.
      position: 2147483647,
      ...settings,
    });
    await this.renumber(manager, listener.id, id, body.position);
    return id;
  }

  async update(caller: Caller, id: string, body: UpdateL7PolicyBody): Promise<L7PolicyView> {
    const policy = await this.find(caller, id);
    const listener = await this.listeners.find(caller, policy.listenerId);
    await this.graph.change(caller, listener.loadbalancerId, async (manager) => {
      const action = body.action ?? policy.action;
      const keep = <T>(given: T | undefined, current: T): T | null => {
        if (given !== undefined) return given;
        // Changing the action drops the redirect target that belonged to the old one.
        return body.action !== undefined && body.action !== policy.action ? null : current;
      };
      const settings = await this.checkedSettings(manager, listener, {
        action,
        redirect_pool_id: keep(body.redirect_pool_id, policy.redirectPoolId),
        redirect_url: keep(body.redirect_url, policy.redirectUrl),
        redirect_prefix: keep(body.redirect_prefix, policy.redirectPrefix),
        redirect_http_code: keep(body.redirect_http_code, policy.redirectHttpCode),
      });
      await manager.update(
        L7PolicyEntity,
        { id },
        {
          ...updatedObjectColumns(policy, body),
          provisioningStatus: ProvisioningStatus.PendingUpdate,
          ...settings,
        },
      );
      if (body.position !== undefined) await this.renumber(manager, listener.id, id, body.position);
    });
    return this.get(caller, id);
  }

  async delete(caller: Caller, id: string): Promise<void> {
    const policy = await this.find(caller, id);
    const listener = await this.listeners.find(caller, policy.listenerId);
    await this.graph.change(caller, listener.loadbalancerId, async (manager) => {
      await markForDeletion(manager, 'l7policy', id);
      await this.renumber(manager, listener.id);
    });
  }

  find(caller: Caller, id: string): Promise<L7PolicyEntity> {
    return findOwned(this.dataSource.manager, caller, L7PolicyEntity, id, l7PolicyNotFound);
  }

  /** Gives the listener's live policies positions 1..n, with `movedId` (if any) at `position`. */
  private async renumber(
    manager: EntityManager,
    listenerId: string,
    movedId?: string,
    position?: number,
  ): Promise<void> {
    const policies = await manager.find(L7PolicyEntity, {
      where: { listenerId, provisioningStatus: Not(ProvisioningStatus.PendingDelete) },
      order: { position: 'ASC', createdAt: 'ASC' },
    });
    let ids = policies.map((p) => p.id);
    if (movedId) ids = orderWithPolicyAt(ids, movedId, position);
    for (const [index, policyId] of ids.entries()) {
      const current = policies.find((p) => p.id === policyId);
      if (current && current.position !== index + 1)
        await manager.update(L7PolicyEntity, { id: policyId }, { position: index + 1 });
    }
  }

  private async checkedSettings(
    manager: EntityManager,
    listener: ListenerEntity,
    body: Pick<
      UpdateL7PolicyBody,
      'redirect_pool_id' | 'redirect_url' | 'redirect_prefix' | 'redirect_http_code'
    > & {
      action: NonNullable<UpdateL7PolicyBody['action']>;
    },
  ): Promise<PolicySettings> {
    if (!isHttpListener(listener.protocol)) {
      throw new BadRequestException(
        `Invalid input for l7policy.listener_id: L7 policies need an HTTP or TERMINATED_HTTPS listener, not ${listener.protocol}`,
      );
    }
    const problem = policyProblem(body);
    if (problem) throw new BadRequestException(`Invalid input for l7policy: ${problem}`);
    const redirects = body.action === 'REDIRECT_TO_URL' || body.action === 'REDIRECT_PREFIX';
    if (!redirects && body.redirect_http_code) {
      throw new BadRequestException(
        `Invalid input for l7policy.redirect_http_code: not allowed with action ${body.action}`,
      );
    }
    if (body.redirect_pool_id) {
      const pool = await manager.findOneBy(PoolEntity, { id: body.redirect_pool_id });
      if (!pool || pool.projectId !== listener.projectId) {
        throw new ApiError('PoolNotFound', `Pool ${body.redirect_pool_id} could not be found.`);
      }
      if (pool.loadbalancerId !== listener.loadbalancerId) {
        throw new BadRequestException(
          `Invalid input for l7policy.redirect_pool_id: pool ${pool.id} is not on the listener's load balancer`,
        );
      }
      if (!protocolsCompatible(listener.protocol, pool.protocol)) {
        throw new BadRequestException(
          `Invalid input for l7policy.redirect_pool_id: a ${pool.protocol} pool cannot serve a ${listener.protocol} listener`,
        );
      }
    }
    return {
      action: body.action,
      redirectPoolId: body.redirect_pool_id ?? null,
      redirectUrl: body.redirect_url ?? null,
      redirectPrefix: body.redirect_prefix ?? null,
      redirectHttpCode: redirects ? (body.redirect_http_code ?? 302) : null,
    };
  }

  private async views(policies: L7PolicyEntity[]): Promise<L7PolicyView[]> {
    const ids = policies.map((p) => p.id);
    const rules = ids.length
      ? await this.dataSource.manager.find(L7RuleEntity, {
          where: { l7policyId: In(ids) },
          select: { id: true, l7policyId: true, createdAt: true },
          order: { createdAt: 'ASC' },
        })
      : [];
    const rulesOf = idsByParent(rules, (r) => r.l7policyId);
    return policies.map((p) => l7PolicyView(p, rulesOf.get(p.id) ?? []));
  }
}
