import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { pagedListResponse } from '../../platform/listing/list-response';
import { MEMBER_ATTRIBUTES } from './member.view';
import { BooleanQuery } from '../../platform/query-parameters/boolean-query.decorator';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';
import { lbaasPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import { CreateMemberRequest, ReplaceMembersRequest, UpdateMemberRequest } from './members.dto';
import { MembersService } from './members.service';

/** Members live under their pool: `/pools/{pool_id}/members`. */
@Controller(lbaasPaths('pools/:pool_id/members'))
export class MembersController {
  constructor(
    private readonly members: MembersService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(
    @CurrentCaller() caller: Caller,
    @Param('pool_id', ResourceIdPipe) poolId: string,
    @Req() request: Request,
  ) {
    return pagedListResponse('members', request, this.config.paginationMaxLimit, {
      attributes: MEMBER_ATTRIBUTES,
      page: (query) => this.members.page(caller, poolId, query),
      all: () => this.members.list(caller, poolId),
    });
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(
    @CurrentCaller() caller: Caller,
    @Param('pool_id', ResourceIdPipe) poolId: string,
    @Param('id', ResourceIdPipe) id: string,
  ) {
    return { member: await this.members.get(caller, poolId, id) };
  }

  @Post()
  async create(
    @CurrentCaller() caller: Caller,
    @Param('pool_id', ResourceIdPipe) poolId: string,
    @Body() body: CreateMemberRequest,
  ) {
    return { member: await this.members.create(caller, poolId, body.member) };
  }

  /**
   * Octavia's batch update, answered 202 like Octavia: the pool's whole member list, or with
   * `additive_only=true` (API 2.11) only members to add or update.
   */
  @Put()
  @HttpCode(202)
  @TakesQuery('additive_only')
  async replace(
    @CurrentCaller() caller: Caller,
    @Param('pool_id', ResourceIdPipe) poolId: string,
    @Body() body: ReplaceMembersRequest,
    @BooleanQuery('additive_only') additiveOnly: boolean,
  ): Promise<void> {
    await this.members.replace(caller, poolId, body.members, additiveOnly);
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('pool_id', ResourceIdPipe) poolId: string,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateMemberRequest,
  ) {
    return { member: await this.members.update(caller, poolId, id, body.member) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(
    @CurrentCaller() caller: Caller,
    @Param('pool_id', ResourceIdPipe) poolId: string,
    @Param('id', ResourceIdPipe) id: string,
  ): Promise<void> {
    await this.members.delete(caller, poolId, id);
  }
}
