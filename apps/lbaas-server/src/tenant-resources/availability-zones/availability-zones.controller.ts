import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, CurrentCaller } from '../../platform/auth/caller';
import { ServerConfig } from '../../platform/config/server.config';
import { listResponse } from '../../platform/listing/list-response';
import { TakesListQuery, TakesQuery } from '../../platform/query-parameters/query-parameters.decorator';
import { lbaasPaths } from '../../platform/rest/api-paths';
import { ResourceIdPipe } from '../../platform/rest/resource-id.pipe';
import {
  CreateAvailabilityZoneProfileRequest,
  CreateAvailabilityZoneRequest,
  UpdateAvailabilityZoneProfileRequest,
  UpdateAvailabilityZoneRequest,
} from './availability-zones.dto';
import { AvailabilityZonesService } from './availability-zones.service';

@Controller(lbaasPaths('availabilityzoneprofiles'))
export class AvailabilityZoneProfilesController {
  constructor(
    private readonly zones: AvailabilityZonesService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@CurrentCaller() caller: Caller, @Req() request: Request) {
    const { availability_zone_profiles, availability_zone_profiles_links: links } = listResponse(
      'availability_zone_profiles',
      await this.zones.listProfiles(caller),
      request,
      this.config.paginationMaxLimit,
    );
    // Octavia's name of the links key.
    return { availability_zone_profiles, availability_zone_profile_links: links };
  }

  @Get(':id')
  @TakesQuery('fields')
  async show(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string) {
    return { availability_zone_profile: await this.zones.getProfile(caller, id) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateAvailabilityZoneProfileRequest) {
    return {
      availability_zone_profile: await this.zones.createProfile(caller, body.availability_zone_profile),
    };
  }

  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', ResourceIdPipe) id: string,
    @Body() body: UpdateAvailabilityZoneProfileRequest,
  ) {
    return {
      availability_zone_profile: await this.zones.updateProfile(caller, id, body.availability_zone_profile),
    };
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentCaller() caller: Caller, @Param('id', ResourceIdPipe) id: string): Promise<void> {
    await this.zones.deleteProfile(caller, id);
  }
}

/** Availability zones are named by their name, in paths too (Octavia's API). */
@Controller(lbaasPaths('availabilityzones'))
export class AvailabilityZonesController {
  constructor(
    private readonly zones: AvailabilityZonesService,
    private readonly config: ServerConfig,
  ) {}

  @Get()
  @TakesListQuery()
  async list(@Req() request: Request) {
    const { availability_zones, availability_zones_links: links } = listResponse(
      'availability_zones',
      await this.zones.listZones(),
      request,
      this.config.paginationMaxLimit,
      { idKey: 'name' },
    );
    return { availability_zones, availability_zone_links: links };
  }

  @Get(':name')
  @TakesQuery('fields')
  async show(@Param('name') name: string) {
    return { availability_zone: await this.zones.getZone(name) };
  }

  @Post()
  async create(@CurrentCaller() caller: Caller, @Body() body: CreateAvailabilityZoneRequest) {
    return { availability_zone: await this.zones.createZone(caller, body.availability_zone) };
  }

  @Put(':name')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('name') name: string,
    @Body() body: UpdateAvailabilityZoneRequest,
  ) {
    return { availability_zone: await this.zones.updateZone(caller, name, body.availability_zone) };
  }

  @Delete(':name')
  @HttpCode(204)
  async delete(@CurrentCaller() caller: Caller, @Param('name') name: string): Promise<void> {
    await this.zones.deleteZone(caller, name);
  }
}
