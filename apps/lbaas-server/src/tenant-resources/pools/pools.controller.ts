import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { pagedListResponse } from '../../platform/listing/list-response';
import { POOL_ATTRIBUTES } from './pool.view';
import { lbaasPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import { CreatePoolRequest, UpdatePoolRequest } from './pools.dto';
import { PoolsService } from './pools.service';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';

@Controller(lbaasPaths('pools'))
export class PoolsController {
  constructor(
    private readonly pools: PoolsService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    return pagedListResponse('pools', request, this.config.paginationMaxLimit, {
      attributes: POOL_ATTRIBUTES,
      page: (query) => this.pools.page(caller, query),
      all: () => this.pools.list(caller),
    });
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { pool: await this.pools.get(caller, id) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreatePoolRequest) {
    return { pool: await this.pools.create(caller, body.pool) };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdatePoolRequest,
  ) {
    return { pool: await this.pools.update(caller, id, body.pool) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.pools.delete(caller, id);
  }
}
