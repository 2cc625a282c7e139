import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../auth/caller';
import { ServerConfig } from '../config/server.config';
import { listResponse } from '../listing/list-response';
import { lbaasPaths } from '../resources/api-paths';
import { ResourceIdPipe } from '../resources/resource-id.pipe';
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
  async list(
    @CurrentCaller() caller: Caller,
    @Param('pool_id', ResourceIdPipe) poolId: string,
    @Req() request: Request,
  ) {
    return listResponse(
      'members',
      await this.members.list(caller, poolId),
      request,
      this.config.paginationMaxLimit,
    );
  }

  @Get(':id')
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

  /** Batch replace of the pool's members (Octavia), answered 202 like Octavia. */
  @Put()
  @HttpCode(202)
  async replace(
    @CurrentCaller() caller: Caller,
    @Param('pool_id', ResourceIdPipe) poolId: string,
    @Body() body: ReplaceMembersRequest,
  ): Promise<void> {
    await this.members.replace(caller, poolId, body.members);
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
