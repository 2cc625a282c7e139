import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Put,
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { PROJECT_ID_PATTERN } from '../../platform/auth/noauth.middleware';
import { QuotaAdminWrites } from '../../platform/auth/role-policy.guard';
import { ServerConfig } from '../../platform/config/server.config';
import { listResponse } from '../../platform/listing/list-response';
import { TakesListQuery } from '../../platform/query-parameters/query-parameters.decorator';
import { lbaasPaths } from '../../platform/rest/api-paths';
import { UpdateQuotaRequest } from './quotas.dto';
import { quotaView, QuotasService } from './quotas.service';

function projectParam(projectId: string): string {
  if (!PROJECT_ID_PATTERN.test(projectId))
    throw new BadRequestException('project_id must be 1 to 64 letters, digits, "-" or "_"');
  return projectId;
}

/** What a quota list may be filtered and sorted on (also when it is empty). */
const QUOTA_LIST_ATTRIBUTES = new Set([
  'project_id',
  'tenant_id',
  ...Object.keys(
    quotaView({ loadbalancer: 0, listener: 0, pool: 0, member: 0, healthmonitor: 0, l7policy: 0, l7rule: 0 }),
  ),
]);

@Controller(lbaasPaths('quotas'))
@QuotaAdminWrites()
export class QuotasController {
  constructor(
    private readonly quotas: QuotasService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    return listResponse('quotas', await this.quotas.list(caller), request, this.config.paginationMaxLimit, {
      attributes: QUOTA_LIST_ATTRIBUTES,
      idKey: 'project_id',
    });
  }

  @Get('defaults')
  defaults() {
    return { quota: quotaView(this.quotas.defaults()) };
  }

  @Get(':project_id')
  async show(@CurrentCaller() caller: Caller, @Param('project_id') projectId: string) {
    return { quota: quotaView(await this.quotas.show(caller, projectParam(projectId))) };
  }

  @Put(':project_id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('project_id') projectId: string,
    @Body() body: UpdateQuotaRequest,
  ) {
    const q = body.quota;
    const limits = await this.quotas.set(caller, projectParam(projectId), {
      loadbalancer: q.load_balancer ?? q.loadbalancer,
      listener: q.listener,
      pool: q.pool,
      member: q.member,
      healthmonitor: q.health_monitor ?? q.healthmonitor,
      l7policy: q.l7policy,
      l7rule: q.l7rule,
    });
    return { quota: quotaView(limits) };
  }

  @Delete(':project_id')
  @HttpCode(204)
  async reset(@CurrentCaller() caller: Caller, @Param('project_id') projectId: string): Promise<void> {
    await this.quotas.reset(caller, projectParam(projectId));
  }
}
