import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { listResponse } from '../../platform/listing/list-response';
import { networkingPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import {
  CreateNetworkRequest,
  CreateSubnetRequest,
  UpdateNetworkRequest,
  UpdateSubnetRequest,
} from './networking.dto';
import { NetworkingService } from './networking.service';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';

@Controller(networkingPaths('networks'))
export class NetworksController {
  constructor(
    private readonly networking: NetworkingService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    return listResponse(
      'networks',
      await this.networking.listNetworks(caller),
      request,
      this.config.paginationMaxLimit,
    );
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { network: await this.networking.getNetwork(caller, id) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateNetworkRequest) {
    return { network: await this.networking.createNetwork(caller, body.network) };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateNetworkRequest,
  ) {
    return { network: await this.networking.updateNetwork(caller, id, body.network) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.networking.deleteNetwork(caller, id);
  }
}

@Controller(networkingPaths('subnets'))
export class SubnetsController {
  constructor(
    private readonly networking: NetworkingService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    return listResponse(
      'subnets',
      await this.networking.listSubnets(caller),
      request,
      this.config.paginationMaxLimit,
    );
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { subnet: await this.networking.getSubnet(caller, id) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateSubnetRequest) {
    return { subnet: await this.networking.createSubnet(caller, body.subnet) };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateSubnetRequest,
  ) {
    return { subnet: await this.networking.updateSubnet(caller, id, body.subnet) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.networking.deleteSubnet(caller, id);
  }
}

/** Ports are read-only here: VIP ports are made by the server itself. */
@Controller(networkingPaths('ports'))
export class PortsController {
  constructor(
    private readonly networking: NetworkingService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    return listResponse(
      'ports',
      await this.networking.listPorts(caller),
      request,
      this.config.paginationMaxLimit,
    );
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { port: await this.networking.getPort(caller, id) };
  }
}
