import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { HealthMonitorEntity } from '../../lb-graph/entities/health-monitor.entity';
import { ListenerEntity } from '../../lb-graph/entities/listener.entity';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { MemberEntity } from '../../lb-graph/entities/member.entity';
import { PoolEntity } from '../../lb-graph/entities/pool.entity';
import { L7PolicyEntity } from '../../lb-graph/entities/l7-policy.entity';
import { L7RuleEntity } from '../../lb-graph/entities/l7-rule.entity';
import { QuotaEntity } from './quota.entity';
import { ApiError } from '../../platform/api-errors/api-error';

export const QUOTA_RESOURCES = [
  'loadbalancer',
  'listener',
  'pool',
  'member',
  'healthmonitor',
  'l7policy',
  'l7rule',
] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];
export type QuotaLimits = Record<QuotaResource, number>;

const ENTITY_OF = {
  loadbalancer: LoadBalancerEntity,
  listener: ListenerEntity,
  pool: PoolEntity,
  member: MemberEntity,
  healthmonitor: HealthMonitorEntity,
  l7policy: L7PolicyEntity,
  l7rule: L7RuleEntity,
} as const;

const LABEL_OF: Record<QuotaResource, string> = {
  loadbalancer: 'Load Balancer',
  listener: 'Listener',
  pool: 'Pool',
  member: 'Member',
  healthmonitor: 'Health Monitor',
  l7policy: 'L7 Policy',
  l7rule: 'L7 Rule',
};

/** Octavia's quota body: its own key names plus the neutron spellings of the same limits. */
export function quotaView(limits: QuotaLimits) {
  return {
    load_balancer: limits.loadbalancer,
    loadbalancer: limits.loadbalancer,
    listener: limits.listener,
    pool: limits.pool,
    member: limits.member,
    health_monitor: limits.healthmonitor,
    healthmonitor: limits.healthmonitor,
    l7policy: limits.l7policy,
    l7rule: limits.l7rule,
  };
}

@Injectable()
export class QuotasService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ServerConfig,
  ) {}

  defaults(): QuotaLimits {
    return {
      loadbalancer: this.config.defaultLoadBalancerQuota,
      listener: this.config.defaultListenerQuota,
      pool: this.config.defaultPoolQuota,
      member: this.config.defaultMemberQuota,
      healthmonitor: this.config.defaultHealthMonitorQuota,
      l7policy: this.config.defaultL7PolicyQuota,
      l7rule: this.config.defaultL7RuleQuota,
    };
  }

  async limitsOf(projectId: string, manager: EntityManager = this.dataSource.manager): Promise<QuotaLimits> {
    const row = await manager.findOneBy(QuotaEntity, { projectId });
    const defaults = this.defaults();
    return Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, row?.[r] ?? defaults[r]])) as QuotaLimits;
  }

  async list(
    caller: Caller,
  ): Promise<({ project_id: string; tenant_id: string } & ReturnType<typeof quotaView>)[]> {
    if (!caller.isQuotaAdmin && !caller.seesAllProjects)
      throw new ForbiddenException('Policy does not allow this request: only quota admins list every quota');
    const rows = await this.dataSource.getRepository(QuotaEntity).find({ order: { projectId: 'ASC' } });
    const result = [];
    for (const row of rows) {
      result.push({
        project_id: row.projectId,
        tenant_id: row.projectId,
        ...quotaView(await this.limitsOf(row.projectId)),
      });
    }
    return result;
  }

  async show(caller: Caller, projectId: string): Promise<QuotaLimits> {
    if (!caller.canAccess(projectId) && !caller.isQuotaAdmin)
      throw new ForbiddenException('Only an admin may see the quotas of another project');
    return this.limitsOf(projectId);
  }

  async set(caller: Caller, projectId: string, changes: Partial<QuotaLimits>): Promise<QuotaLimits> {
    this.assertQuotaAdmin(caller);
    const repository = this.dataSource.getRepository(QuotaEntity);
    const row = (await repository.findOneBy({ projectId })) ?? repository.create({ projectId });
    for (const resource of QUOTA_RESOURCES) {
      if (changes[resource] !== undefined) row[resource] = changes[resource];
      else row[resource] ??= null;
    }
    await repository.save(row);
    return this.limitsOf(projectId);
  }

  async reset(caller: Caller, projectId: string): Promise<void> {
    this.assertQuotaAdmin(caller);
    await this.dataSource.getRepository(QuotaEntity).delete({ projectId });
  }

  /** Refuses (403, as Octavia) a create that would take the project past its limit. */
  async assertBelowQuota(
    manager: EntityManager,
    projectId: string,
    resource: QuotaResource,
    adding = 1,
  ): Promise<void> {
    const limit = (await this.limitsOf(projectId, manager))[resource];
    if (limit < 0) return;
    const used = await manager.countBy(ENTITY_OF[resource], { projectId });
    if (used + adding > limit) {
      throw new ApiError(
        'QuotaException',
        `Quota has been met for resources: ${LABEL_OF[resource]} (limit ${limit} in project ${projectId})`,
      );
    }
  }

  private assertQuotaAdmin(caller: Caller): void {
    if (!caller.isQuotaAdmin)
      throw new ForbiddenException('Policy does not allow this request: quota admins only');
  }
}
