import type { ListQuery } from '../../platform/listing/list-query';
import type { RowPage } from '../../platform/listing/read-list-page';
import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type HealthMonitorType, ProvisioningStatus } from '@lbaas/contracts';
import type { Caller } from '../../platform/auth/caller';
import { newObjectColumns, updatedObjectColumns } from '../../lb-graph/entities/provisioned-resource';
import { findOwned, findVisible, readVisiblePage } from '../../platform/rest/project-scope';
import type { PoolEntity } from '../../lb-graph/entities/pool.entity';
import { PoolsService } from '../pools/pools.service';
import { markForDeletion } from '../../lb-graph/cascade';
import { lockedChild } from '../../lb-graph/graph-lock';
import { GraphChangesService } from '../../lb-graph/graph-changes.service';
import { QuotasService } from '../quotas/quotas.service';
import { HealthMonitorEntity } from '../../lb-graph/entities/health-monitor.entity';
import {
  domainNameProblem,
  expectedCodesProblem,
  isHttpMonitor,
  monitorTypeProblem,
  urlPathProblem,
} from './health-monitor-rules';
import { healthMonitorView, type HealthMonitorView, HEALTH_MONITOR_COLUMNS } from './health-monitor.view';
import type {
  CreateHealthMonitorBody,
  HealthMonitorSpec,
  UpdateHealthMonitorBody,
} from './healthmonitors.dto';
import { ApiError } from '../../platform/api-errors/api-error';

function monitorNotFound(id: string): ApiError {
  return new ApiError('HealthMonitorNotFound', `Health Monitor ${id} could not be found.`);
}

type MonitorSettings = Pick<
  HealthMonitorEntity,
  | 'delay'
  | 'timeout'
  | 'maxRetries'
  | 'maxRetriesDown'
  | 'httpMethod'
  | 'urlPath'
  | 'expectedCodes'
  | 'httpVersion'
  | 'domainName'
>;

/** The settings after the body is applied to the current ones, with every rule checked (400 on a break). */
function checkedSettings(
  type: HealthMonitorType,
  body: UpdateHealthMonitorBody,
  current?: MonitorSettings,
): MonitorSettings {
  const delay = body.delay ?? current?.delay;
  const timeout = body.timeout ?? current?.timeout;
  const maxRetries = body.max_retries ?? current?.maxRetries;
  for (const [field, value] of [
    ['delay', delay],
    ['timeout', timeout],
    ['max_retries', maxRetries],
  ] as const) {
    if (value === undefined)
      throw new BadRequestException(`Invalid input for healthmonitor.${field}: ${field} is required`);
  }
  const http = isHttpMonitor(type);
  if (!http) {
    for (const field of [
      'http_method',
      'url_path',
      'expected_codes',
      'http_version',
      'domain_name',
    ] as const) {
      if (body[field] !== undefined) {
        throw new BadRequestException(
          `Invalid input for healthmonitor.${field}: ${field} applies to HTTP and HTTPS monitors only, not ${type}`,
        );
      }
    }
  }
  const urlPath = http ? (body.url_path ?? current?.urlPath ?? '/') : null;
  const expectedCodes = http ? (body.expected_codes ?? current?.expectedCodes ?? '200') : null;
  const pathProblem = urlPath === null ? undefined : urlPathProblem(urlPath);
  if (pathProblem) throw new BadRequestException(`Invalid input for healthmonitor.url_path: ${pathProblem}`);
  const codesProblem = expectedCodes === null ? undefined : expectedCodesProblem(expectedCodes);
  if (codesProblem)
    throw new BadRequestException(`Invalid input for healthmonitor.expected_codes: ${codesProblem}`);
  const httpVersion = http ? given(body.http_version, current?.httpVersion) : null;
  const domainName = http ? given(body.domain_name, current?.domainName) : null;
  const hostProblem = domainNameProblem(httpVersion, domainName);
  if (hostProblem)
    throw new BadRequestException(`Invalid input for healthmonitor.domain_name: ${hostProblem}`);
  return {
    delay: delay!,
    timeout: timeout!,
    maxRetries: maxRetries!,
    maxRetriesDown: body.max_retries_down ?? current?.maxRetriesDown ?? 3,
    httpMethod: http ? (body.http_method ?? current?.httpMethod ?? 'GET') : null,
    urlPath,
    expectedCodes: expectedCodes?.replace(/\s+/g, '') ?? null,
    httpVersion,
    domainName,
  };
}

/** A nullable field: the given value (null clears it), else the current one, else none. */
function given<T>(value: T | null | undefined, current: T | null | undefined): T | null {
  return value === undefined ? (current ?? null) : value;
}

@Injectable()
export class HealthMonitorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly graph: GraphChangesService,
    private readonly pools: PoolsService,
    private readonly quotas: QuotasService,
  ) {}

  /** One page of the list, read in SQL; undefined when the query needs more than columns. */
  async page(caller: Caller, query: ListQuery): Promise<RowPage<HealthMonitorView> | undefined> {
    const page = await readVisiblePage(
      this.dataSource.manager,
      caller,
      HealthMonitorEntity,
      HEALTH_MONITOR_COLUMNS,
      query,
    );
    return page && { rows: page.rows.map(healthMonitorView), more: page.more };
  }

  async list(caller: Caller): Promise<HealthMonitorView[]> {
    const rows = await findVisible(this.dataSource.manager, caller, HealthMonitorEntity);
    return rows.map(healthMonitorView);
  }

  async get(caller: Caller, id: string): Promise<HealthMonitorView> {
    return healthMonitorView(await this.find(caller, id));
  }

  async create(caller: Caller, body: CreateHealthMonitorBody): Promise<HealthMonitorView> {
    const pool = await this.pools.find(caller, body.pool_id);
    const id = await this.graph.change(caller, pool.loadbalancerId, (manager) =>
      this.insertMonitor(manager, pool, body),
    );
    return this.get(caller, id);
  }

  /** Adds the monitor of a pool whose load balancer the caller's transaction has locked; returns its id. */
  async insertMonitor(manager: EntityManager, pool: PoolEntity, body: HealthMonitorSpec): Promise<string> {
    const typeProblem = monitorTypeProblem(pool.protocol, body.type);
    if (typeProblem) throw new BadRequestException(`Invalid input for healthmonitor.type: ${typeProblem}`);
    const settings = checkedSettings(body.type, body);
    await this.quotas.assertBelowQuota(manager, pool.projectId, 'healthmonitor');
    const existing = await manager.findOneBy(HealthMonitorEntity, { poolId: pool.id });
    if (existing) {
      throw new ApiError(
        'OneHealthMonitorPerPool',
        `Pool ${pool.id} already has health monitor ${existing.id}; only one health monitor per pool is allowed.`,
      );
    }
    const id = randomUUID();
    await manager.insert(HealthMonitorEntity, {
      id,
      ...newObjectColumns(pool.projectId, body),
      poolId: pool.id,
      type: body.type,
      ...settings,
    });
    return id;
  }

  async update(caller: Caller, id: string, body: UpdateHealthMonitorBody): Promise<HealthMonitorView> {
    const found = await this.find(caller, id);
    checkedSettings(found.type, body, found); // a bad body is a 400 before any lock is taken
    const pool = await this.pools.find(caller, found.poolId);
    await this.graph.change(caller, pool.loadbalancerId, async (manager) => {
      const monitor = await lockedChild(manager, HealthMonitorEntity, id, monitorNotFound);
      const settings = checkedSettings(monitor.type, body, monitor);
      await manager.update(
        HealthMonitorEntity,
        { id },
        {
          ...updatedObjectColumns(monitor, body),
          provisioningStatus: ProvisioningStatus.PendingUpdate,
          ...settings,
        },
      );
    });
    return this.get(caller, id);
  }

  async delete(caller: Caller, id: string): Promise<void> {
    const monitor = await this.find(caller, id);
    const pool = await this.pools.find(caller, monitor.poolId);
    await this.graph.change(caller, pool.loadbalancerId, async (manager) => {
      await markForDeletion(manager, 'healthmonitor', id);
    });
  }

  private async find(caller: Caller, id: string): Promise<HealthMonitorEntity> {
    return findOwned(this.dataSource.manager, caller, HealthMonitorEntity, id, monitorNotFound);
  }
}
