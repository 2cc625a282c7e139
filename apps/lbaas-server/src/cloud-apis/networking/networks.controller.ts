import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { listResponse } from '../../platform/listing/list-response';
import { networkingPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import { CreateNetworkRequest, UpdateNetworkRequest } from './networking.dto';
import { NetworksService } from './networks.service';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';

@Controller(networkingPaths('networks'))
export class NetworksController {
  constructor(
    private readonly networks: NetworksService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    return listResponse(
      'networks',
      await this.networks.listNetworks(caller),
      request,
      this.config.paginationMaxLimit,
    );
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { network: await this.networks.getNetwork(caller, id) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateNetworkRequest) {
    return { network: await this.networks.createNetwork(caller, body.network) };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateNetworkRequest,
  ) {
    return { network: await this.networks.updateNetwork(caller, id, body.network) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.networks.deleteNetwork(caller, id);
  }
}
