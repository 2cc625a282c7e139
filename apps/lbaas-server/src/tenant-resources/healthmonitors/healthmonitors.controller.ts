import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { pagedListResponse } from '../../platform/listing/list-response';
import { HEALTH_MONITOR_ATTRIBUTES } from './health-monitor.view';
import { lbaasPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import { CreateHealthMonitorRequest, UpdateHealthMonitorRequest } from './healthmonitors.dto';
import { HealthMonitorsService } from './healthmonitors.service';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';

@Controller(lbaasPaths('healthmonitors'))
export class HealthMonitorsController {
  constructor(
    private readonly monitors: HealthMonitorsService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    return pagedListResponse('healthmonitors', request, this.config.paginationMaxLimit, {
      attributes: HEALTH_MONITOR_ATTRIBUTES,
      page: (query) => this.monitors.page(caller, query),
      all: () => this.monitors.list(caller),
    });
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { healthmonitor: await this.monitors.get(caller, id) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateHealthMonitorRequest) {
    return { healthmonitor: await this.monitors.create(caller, body.healthmonitor) };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateHealthMonitorRequest,
  ) {
    return { healthmonitor: await this.monitors.update(caller, id, body.healthmonitor) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.monitors.delete(caller, id);
  }
}
