import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { listResponse } from '../../platform/listing/list-response';
import { networkingPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import { CreateSubnetRequest, UpdateSubnetRequest } from './networking.dto';
import { SubnetsService } from './subnets.service';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';

@Controller(networkingPaths('subnets'))
export class SubnetsController {
  constructor(
    private readonly subnets: SubnetsService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    return listResponse(
      'subnets',
      await this.subnets.listSubnets(caller),
      request,
      this.config.paginationMaxLimit,
    );
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { subnet: await this.subnets.getSubnet(caller, id) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateSubnetRequest) {
    return { subnet: await this.subnets.createSubnet(caller, body.subnet) };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateSubnetRequest,
  ) {
    return { subnet: await this.subnets.updateSubnet(caller, id, body.subnet) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.subnets.deleteSubnet(caller, id);
  }
}
