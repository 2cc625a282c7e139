import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ProvisioningStatus } from '@lbaas/contracts';
import type { Caller } from '../../platform/auth/caller';
import type { ListQuery } from '../../platform/listing/list-query';
import { readListPage, type RowPage } from '../../platform/listing/read-list-page';
import { ROW } from '../../platform/listing/sql-list';
import { newObjectColumns, updatedObjectColumns } from '../../lb-graph/entities/provisioned-resource';
import { ListenersService } from '../listeners/listeners.service';
import { QuotasService } from '../quotas/quotas.service';
import { markForDeletion } from '../../lb-graph/cascade';
import { GraphChangesService } from '../../lb-graph/graph-changes.service';
import { L7PoliciesService } from './l7-policies.service';
import type { L7PolicyEntity } from '../../lb-graph/entities/l7-policy.entity';
import { L7RuleEntity } from '../../lb-graph/entities/l7-rule.entity';
import { ruleProblem } from './l7-rules';
import { L7_RULE_COLUMNS, l7RuleView, type L7RuleView } from './l7.views';
import type { CreateL7RuleBody, UpdateL7RuleBody } from './l7.dto';
import { ApiError } from '../../platform/api-errors/api-error';

function ruleNotFound(id: string): ApiError {
  return new ApiError('L7RuleNotFound', `L7 Rule ${id} could not be found.`);
}

/** Rules live under their policy: `/l7policies/{id}/rules`. */
@Injectable()
export class L7RulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly graph: GraphChangesService,
    private readonly policies: L7PoliciesService,
    private readonly listeners: ListenersService,
    private readonly quotas: QuotasService,
  ) {}

  async list(caller: Caller, policyId: string): Promise<L7RuleView[]> {
    await this.policies.find(caller, policyId);
    const rules = await this.dataSource
      .getRepository(L7RuleEntity)
      .find({ where: { l7policyId: policyId }, order: { createdAt: 'ASC' } });
    return rules.map(l7RuleView);
  }

  /** One page of the policy's rules, read in SQL; undefined when the query needs more than columns. */
  async page(caller: Caller, policyId: string, query: ListQuery): Promise<RowPage<L7RuleView> | undefined> {
    await this.policies.find(caller, policyId);
    const page = await readListPage(this.dataSource.manager, L7RuleEntity, L7_RULE_COLUMNS, query, [
      { condition: `${ROW}.l7policy_id = :policy_id`, parameters: { policy_id: policyId } },
    ]);
    return page && { rows: page.rows.map(l7RuleView), more: page.more };
  }

  async get(caller: Caller, policyId: string, id: string): Promise<L7RuleView> {
    return l7RuleView(await this.find(caller, policyId, id));
  }

  async create(caller: Caller, policyId: string, body: CreateL7RuleBody): Promise<L7RuleView> {
    this.checkedNewRule(body);
    const policy = await this.policies.find(caller, policyId);
    let id = '';
    await this.change(caller, policy, async (manager) => {
      id = await this.insertRule(manager, policy, body);
    });
    return this.get(caller, policyId, id);
  }

  /** Adds a rule to `policy` inside the caller's transaction (also the single-call create's); its id. */
  async insertRule(
    manager: EntityManager,
    policy: Pick<L7PolicyEntity, 'id' | 'projectId'>,
    body: UpdateL7RuleBody,
  ): Promise<string> {
    const rule = this.checkedNewRule(body);
    await this.quotas.assertBelowQuota(manager, policy.projectId, 'l7rule');
    const id = randomUUID();
    await manager.insert(L7RuleEntity, {
      id,
      ...newObjectColumns(policy.projectId, body),
      l7policyId: policy.id,
      type: rule.type,
      compareType: rule.compare_type,
      key: rule.key,
      value: rule.value,
      invert: body.invert ?? false,
    });
    return id;
  }

  private checkedNewRule(body: UpdateL7RuleBody) {
    if (!body.type || !body.compare_type || body.value === undefined || body.value === null) {
      throw new BadRequestException('Invalid input for rule: type, compare_type and value are required');
    }
    const rule = {
      type: body.type,
      compare_type: body.compare_type,
      key: body.key ?? null,
      value: body.value,
    };
    this.check(rule);
    return rule;
  }

  async update(caller: Caller, policyId: string, id: string, body: UpdateL7RuleBody): Promise<L7RuleView> {
    const current = await this.find(caller, policyId, id);
    const rule = {
      type: body.type ?? current.type,
      compare_type: body.compare_type ?? current.compareType,
      key: body.key === undefined ? current.key : body.key,
      value: body.value ?? current.value,
    };
    this.check(rule);
    const policy = await this.policies.find(caller, policyId);
    await this.change(caller, policy, async (manager) => {
      await manager.update(
        L7RuleEntity,
        { id },
        {
          ...updatedObjectColumns(current, body),
          type: rule.type,
          compareType: rule.compare_type,
          key: rule.key,
          value: rule.value,
          invert: body.invert ?? current.invert,
          provisioningStatus: ProvisioningStatus.PendingUpdate,
        },
      );
    });
    return this.get(caller, policyId, id);
  }

  async delete(caller: Caller, policyId: string, id: string): Promise<void> {
    await this.find(caller, policyId, id);
    const policy = await this.policies.find(caller, policyId);
    await this.change(caller, policy, async (manager) => {
      await markForDeletion(manager, 'l7rule', id);
    });
  }

  private check(rule: Parameters<typeof ruleProblem>[0]): void {
    const problem = ruleProblem(rule);
    if (problem) throw new BadRequestException(`Invalid input for rule: ${problem}`);
  }

  private async change(
    caller: Caller,
    policy: L7PolicyEntity,
    write: Parameters<GraphChangesService['change']>[2],
  ): Promise<void> {
    const listener = await this.listeners.find(caller, policy.listenerId);
    await this.graph.change(caller, listener.loadbalancerId, write);
  }

  private async find(caller: Caller, policyId: string, id: string): Promise<L7RuleEntity> {
    await this.policies.find(caller, policyId);
    const rule = await this.dataSource.getRepository(L7RuleEntity).findOneBy({ id, l7policyId: policyId });
    if (!rule) throw ruleNotFound(id);
    return rule;
  }
}
