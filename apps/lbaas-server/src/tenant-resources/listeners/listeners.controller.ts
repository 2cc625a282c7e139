import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { pagedListResponse } from '../../platform/listing/list-response';
import { LISTENER_ATTRIBUTES } from './listener.view';
import { lbaasPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import { StatsService } from '../../control-plane/stats/stats.service';
import { CreateListenerRequest, UpdateListenerRequest } from './listeners.dto';
import { ListenersService } from './listeners.service';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';

@Controller(lbaasPaths('listeners'))
export class ListenersController {
  constructor(
    private readonly listeners: ListenersService,
    private readonly config: ServerConfig,
    private readonly statistics: StatsService,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    return pagedListResponse('listeners', request, this.config.paginationMaxLimit, {
      attributes: LISTENER_ATTRIBUTES,
      page: (query) => this.listeners.page(caller, query),
      all: () => this.listeners.list(caller),
    });
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { listener: await this.listeners.get(caller, id) };
  }

  @Get(':id/stats')
  async stats(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    await this.listeners.find(caller, id);
    return { stats: await this.statistics.forListener(id) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateListenerRequest) {
    return { listener: await this.listeners.create(caller, body.listener) };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateListenerRequest,
  ) {
    return { listener: await this.listeners.update(caller, id, body.listener) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.listeners.delete(caller, id);
  }
}
