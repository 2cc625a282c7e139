import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { pagedListResponse } from '../../platform/listing/list-response';
import { LOAD_BALANCER_ATTRIBUTES } from './loadbalancer.view';
import { BooleanQuery } from '../../platform/query-parameters/boolean-query.decorator';
import { lbaasPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import { StatsService } from '../../control-plane/stats/stats.service';
import { CreateLoadBalancerRequest, UpdateLoadBalancerRequest } from './loadbalancers.dto';
import { LoadBalancersService } from './loadbalancers.service';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';

@Controller(lbaasPaths('loadbalancers'))
export class LoadBalancersController {
  constructor(
    private readonly loadBalancers: LoadBalancersService,
    private readonly config: ServerConfig,
    private readonly statistics: StatsService,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    return pagedListResponse('loadbalancers', request, this.config.paginationMaxLimit, {
      attributes: LOAD_BALANCER_ATTRIBUTES,
      page: (query) => this.loadBalancers.page(caller, query),
      all: () => this.loadBalancers.list(caller),
    });
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { loadbalancer: await this.loadBalancers.get(caller, id) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateLoadBalancerRequest) {
    return { loadbalancer: await this.loadBalancers.create(caller, body.loadbalancer) };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateLoadBalancerRequest,
  ) {
    return { loadbalancer: await this.loadBalancers.update(caller, id, body.loadbalancer) };
  }

  @Delete(':id')
  @HttpCode(204)
  @TakesQuery('cascade')
  async remove(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @BooleanQuery('cascade') cascade: boolean,
  ): Promise<void> {
    await this.loadBalancers.delete(caller, id, cascade);
  }

  /** Octavia's status tree, on every path family (octaviaclient asks at `/v2.0/lbaas/…/status`). */
  @Get(':id/status')
  async status(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { statuses: await this.loadBalancers.statuses(caller, id, 'octavia') };
  }

  /** neutron-lbaas's `statuses`: its own shape (L7 policies, `healthmonitor`, every pool). */
  @Get(':id/statuses')
  async neutronStatuses(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { statuses: await this.loadBalancers.statuses(caller, id, 'neutron') };
  }

  @Get(':id/stats')
  async stats(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    await this.loadBalancers.get(caller, id);
    return { stats: await this.statistics.forLoadBalancer(id) };
  }

  /** neutron's lbaas_agent_schedulerv2: which agent hosts the load balancer (`{"agent": null}` if none). */
  @Get(':id/loadbalancer-hosting-agent')
  async hostingAgent(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    if (!caller.isAdmin)
      throw new ForbiddenException('Policy does not allow this request: agents are admin only');
    return { agent: await this.loadBalancers.hostingAgent(caller, id) };
  }

  @Put(':id/failover')
  @HttpCode(202)
  async failover(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    if (!caller.isAdmin)
      throw new ForbiddenException('Policy does not allow this request: failover is admin only');
    await this.loadBalancers.failover(caller, id);
  }
}
