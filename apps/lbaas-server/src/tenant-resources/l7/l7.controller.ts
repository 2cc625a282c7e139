import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { pagedListResponse } from '../../platform/listing/list-response';
import { lbaasPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import { L7PoliciesService } from './l7-policies.service';
import { L7RulesService } from './l7-rules.service';
import { L7_POLICY_ATTRIBUTES, L7_RULE_ATTRIBUTES } from './l7.views';
import {
  CreateL7PolicyRequest,
  CreateL7RuleRequest,
  UpdateL7PolicyRequest,
  UpdateL7RuleRequest,
} from './l7.dto';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';

@Controller(lbaasPaths('l7policies'))
export class L7PoliciesController {
  constructor(
    private readonly policies: L7PoliciesService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    return pagedListResponse('l7policies', request, this.config.paginationMaxLimit, {
      attributes: L7_POLICY_ATTRIBUTES,
      page: (query) => this.policies.page(caller, query),
      all: () => this.policies.list(caller),
    });
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { l7policy: await this.policies.get(caller, id) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateL7PolicyRequest) {
    return { l7policy: await this.policies.create(caller, body.l7policy) };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateL7PolicyRequest,
  ) {
    return { l7policy: await this.policies.update(caller, id, body.l7policy) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.policies.delete(caller, id);
  }
}

@Controller(lbaasPaths('l7policies/:policy_id/rules'))
export class L7RulesController {
  constructor(
    private readonly rules: L7RulesService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(
    @CurrentCaller() caller: Caller,
    @Param('policy_id', ResourceIdPipe) policyId: string,
    @Req() request: Request,
  ) {
    return pagedListResponse('rules', request, this.config.paginationMaxLimit, {
      attributes: L7_RULE_ATTRIBUTES,
      page: (query) => this.rules.page(caller, policyId, query),
      all: () => this.rules.list(caller, policyId),
    });
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(
    @CurrentCaller() caller: Caller,
    @Param('policy_id', ResourceIdPipe) policyId: string,
    @Param('id', ResourceIdPipe) id: string,
  ) {
    return { rule: await this.rules.get(caller, policyId, id) };
  }

  @Post()
  async create(
    @CurrentCaller() caller: Caller,
    @Param('policy_id', ResourceIdPipe) policyId: string,
    @Body() body: CreateL7RuleRequest,
  ) {
    return { rule: await this.rules.create(caller, policyId, body.rule) };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('policy_id', ResourceIdPipe) policyId: string,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateL7RuleRequest,
  ) {
    return { rule: await this.rules.update(caller, policyId, id, body.rule) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(
    @CurrentCaller() caller: Caller,
    @Param('policy_id', ResourceIdPipe) policyId: string,
    @Param('id', ResourceIdPipe) id: string,
  ): Promise<void> {
    await this.rules.delete(caller, policyId, id);
  }
}
