import { Controller, Get, Param, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { listResponse } from '../../platform/listing/list-response';
import { networkingPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import { PortsService } from './ports.service';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';

/** Ports are read-only here: VIP ports are made by the server itself. */
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
}
