import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { listResponse } from '../../platform/listing/list-response';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';
import { lbaasPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import {
  CreateFlavorProfileRequest,
  CreateFlavorRequest,
  UpdateFlavorProfileRequest,
  UpdateFlavorRequest,
} from './flavors.dto';
import { FlavorsService } from './flavors.service';

@Controller(lbaasPaths('flavorprofiles'))
export class FlavorProfilesController {
  constructor(
    private readonly flavors: FlavorsService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    const { flavorprofiles, flavorprofiles_links: links } = listResponse(
      'flavorprofiles',
      await this.flavors.listProfiles(caller),
      request,
      this.config.paginationMaxLimit,
    );
    // Octavia's name of the links key (sic).
    return { flavorprofiles, flavorprofile_links: links };
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { flavorprofile: await this.flavors.getProfile(caller, id) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateFlavorProfileRequest) {
    return { flavorprofile: await this.flavors.createProfile(caller, body.flavorprofile) };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateFlavorProfileRequest,
  ) {
    return { flavorprofile: await this.flavors.updateProfile(caller, id, body.flavorprofile) };
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.flavors.deleteProfile(caller, id);
  }
}

@Controller(lbaasPaths('flavors'))
export class FlavorsController {
  constructor(
    private readonly flavors: FlavorsService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@Req() request: Request) {
    return listResponse('flavors', await this.flavors.listFlavors(), request, this.config.paginationMaxLimit);
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@Param('id', ResourceIdPipe) id: string) {
    return { flavor: await this.flavors.getFlavor(id) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateFlavorRequest) {
    return { flavor: await this.flavors.createFlavor(caller, body.flavor) };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateFlavorRequest,
  ) {
    return { flavor: await this.flavors.updateFlavor(caller, id, body.flavor) };
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.flavors.deleteFlavor(caller, id);
  }
}
