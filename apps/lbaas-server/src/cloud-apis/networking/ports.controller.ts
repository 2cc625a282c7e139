import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { listResponse } from '../../platform/listing/list-response';
import { networkingPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import { PortsService } from './ports.service';
import { CreatePortRequest } from './networking.dto';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';

/** Ports: VIP ports made by the server, and tenants' own (for vip_port_id). */
@Controller(networkingPaths('ports'))
export class PortsController {
  constructor(
    private readonly ports: PortsService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    return listResponse('ports', await this.ports.listPorts(caller), request, this.config.paginationMaxLimit);
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { port: await this.ports.getPort(caller, id) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreatePortRequest) {
    return { port: await this.ports.createPort(caller, body.port) };
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.ports.deletePort(caller, id);
  }
}
