import { Controller, ForbiddenException, Get, HttpCode, Param, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { listResponse } from '../../platform/listing/list-response';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import { AmphoraeService } from './amphorae.service';

/** Octavia's policy: the amphora API is the operator's. */
function assertAdmin(caller: Caller): void {
  if (!caller.isAdmin)
    throw new ForbiddenException('Policy does not allow this request: amphorae are admin only');
}

/** Octavia's amphora API, where octaviaclient (`/v2.0`) and openstacksdk (`/v2`) look for it. */
@Controller(['v2.0/octavia/amphorae', 'v2/octavia/amphorae'])
export class AmphoraeController {
  constructor(
    private readonly amphorae: AmphoraeService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    assertAdmin(caller);
    return listResponse('amphorae', await this.amphorae.list(), request, this.config.paginationMaxLimit);
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    assertAdmin(caller);
    return { amphora: await this.amphorae.get(id) };
  }

  @Get(':id/stats')
  async stats(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    assertAdmin(caller);
    return { amphora_stats: await this.amphorae.statistics(id) };
  }

  @Put(':id/failover')
  @HttpCode(202)
  async failover(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    assertAdmin(caller);
    await this.amphorae.failover(caller, id);
  }

  @Put(':id/config')
  @HttpCode(202)
  async configure(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    assertAdmin(caller);
    await this.amphorae.configure(caller, id);
  }
}
