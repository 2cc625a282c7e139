import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { ApiError } from '../../platform/api-errors/api-error';
import { DeployerRegistry } from '../../control-plane/provisioning/deployer-registry';
import {
  AvailabilityZoneEntity,
  AvailabilityZoneProfileEntity,
} from '../../lb-graph/entities/availability-zone.entity';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { parseAvailabilityZoneData } from '../../lb-graph/availability-zone-data';
import { type ZonePlacement, zonePlacement } from '../../lb-graph/zone-placement';
import { assertAdmin, ProviderProfiles } from '../provider-profiles/provider-profiles';
import type {
  CreateAvailabilityZoneBody,
  CreateAvailabilityZoneProfileBody,
  UpdateAvailabilityZoneBody,
  UpdateAvailabilityZoneProfileBody,
} from './availability-zones.dto';
import {
  availabilityZoneProfileView,
  type AvailabilityZoneProfileView,
  availabilityZoneView,
  type AvailabilityZoneView,
} from './availability-zone.views';

const zoneNotFound = (name: string) =>
  new ApiError('AvailabilityZoneNotFound', `Availability zone ${name} could not be found.`);

/**
 * Availability zones (Octavia 2.14): a zone profile names a provider and where it places load balancers
 * (for the haproxy provider, the agents reporting its `compute_zone`); a zone, named by its name, points
 * at a profile. Profiles and zones in use stay (409).
 */
@Injectable()
export class AvailabilityZonesService {
  private readonly profiles: ProviderProfiles<AvailabilityZoneProfileEntity>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    deployers: DeployerRegistry,
  ) {
    this.profiles = new ProviderProfiles(dataSource, deployers, {
      entity: AvailabilityZoneProfileEntity,
      plural: 'availability zone profiles',
      notFound: { kind: 'AvailabilityZoneProfileNotFound', label: 'Availability zone profile' },
      dataOf: (profile) => profile.availabilityZoneData,
      withData: (availabilityZoneData) => ({ availabilityZoneData }),
      check: (provider, data) => parseAvailabilityZoneData(provider, data),
      userOf: async (manager, id) => {
        const user = await manager.findOneBy(AvailabilityZoneEntity, { availabilityZoneProfileId: id });
        return user ? `availability zone ${user.name}` : undefined;
      },
    });
  }

  async listProfiles(caller: Caller): Promise<AvailabilityZoneProfileView[]> {
    return (await this.profiles.list(caller)).map(availabilityZoneProfileView);
  }

  async getProfile(caller: Caller, id: string): Promise<AvailabilityZoneProfileView> {
    return availabilityZoneProfileView(await this.profiles.get(caller, id));
  }

  async createProfile(
    caller: Caller,
    body: CreateAvailabilityZoneProfileBody,
  ): Promise<AvailabilityZoneProfileView> {
    const profile = await this.profiles.create(caller, { ...body, data: body.availability_zone_data });
    return availabilityZoneProfileView(profile);
  }

  async updateProfile(
    caller: Caller,
    id: string,
    body: UpdateAvailabilityZoneProfileBody,
  ): Promise<AvailabilityZoneProfileView> {
    const profile = await this.profiles.update(caller, id, { ...body, data: body.availability_zone_data });
    return availabilityZoneProfileView(profile);
  }

  async deleteProfile(caller: Caller, id: string): Promise<void> {
    await this.profiles.delete(caller, id);
  }

  async listZones(): Promise<AvailabilityZoneView[]> {
    const rows = await this.dataSource.manager.find(AvailabilityZoneEntity, {
      order: { createdAt: 'ASC', name: 'ASC' },
    });
    return rows.map(availabilityZoneView);
  }

  async getZone(name: string): Promise<AvailabilityZoneView> {
    return availabilityZoneView(await this.zone(this.dataSource.manager, name));
  }

  async createZone(caller: Caller, body: CreateAvailabilityZoneBody): Promise<AvailabilityZoneView> {
    assertAdmin(caller, 'availability zone writes');
    return this.dataSource.transaction(async (manager) => {
      const profile = await manager.findOne(AvailabilityZoneProfileEntity, {
        where: { id: body.availability_zone_profile_id },
        lock: { mode: 'pessimistic_read' },
      });
      if (!profile)
        throw new BadRequestException(
          `Invalid input for availability_zone_profile_id: no availability zone profile ${body.availability_zone_profile_id}`,
        );
      // The name is the key: a second zone of the same name waits for the first, then is refused.
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(AvailabilityZoneEntity)
        .values({
          name: body.name,
          description: body.description ?? '',
          enabled: body.enabled ?? true,
          availabilityZoneProfileId: profile.id,
        })
        .orIgnore()
        .returning(['name'])
        .execute();
      if ((inserted.raw as unknown[]).length === 0)
        throw new ApiError('RecordAlreadyExists', `An availability zone named ${body.name} already exists.`);
      return availabilityZoneView(await this.zone(manager, body.name));
    });
  }

  async updateZone(
    caller: Caller,
    name: string,
    body: UpdateAvailabilityZoneBody,
  ): Promise<AvailabilityZoneView> {
    assertAdmin(caller, 'availability zone writes');
    const zone = await this.zone(this.dataSource.manager, name);
    await this.dataSource.manager.update(
      AvailabilityZoneEntity,
      { name },
      { description: body.description ?? zone.description, enabled: body.enabled ?? zone.enabled },
    );
    return this.getZone(name);
  }

  async deleteZone(caller: Caller, name: string): Promise<void> {
    assertAdmin(caller, 'availability zone writes');
    await this.dataSource.transaction(async (manager) => {
      await this.zone(manager, name, true);
      const user = await manager.findOneBy(LoadBalancerEntity, { availabilityZone: name });
      if (user)
        throw new ApiError('EntityInUse', `Availability zone ${name} is in use by load balancer ${user.id}.`);
      await manager.delete(AvailabilityZoneEntity, { name });
    });
  }

  /**
   * Where a load balancer created in zone `name` goes, checked: the zone exists and is enabled, and is of
   * `provider`. Called in the load balancer's transaction: the zone stays (shared lock) until it commits.
   */
  async placementForCreate(manager: EntityManager, name: string, provider: string): Promise<ZonePlacement> {
    const placement = await zonePlacement(manager, name, true);
    if (!placement)
      throw new BadRequestException(`Invalid input for availability_zone: no availability zone ${name}`);
    if (!placement.zone.enabled)
      throw new BadRequestException(
        `Invalid input for availability_zone: availability zone ${name} is disabled`,
      );
    if (placement.provider !== provider)
      throw new BadRequestException(
        `Invalid input for availability_zone: availability zone ${name} is of provider ${placement.provider}, not ${provider}`,
      );
    return placement;
  }

  /** The provider of zone `name`'s profile, when it exists (a create that names no provider takes it). */
  async providerOf(manager: EntityManager, name: string): Promise<string | undefined> {
    return (await zonePlacement(manager, name))?.provider;
  }

  private async zone(manager: EntityManager, name: string, lock = false): Promise<AvailabilityZoneEntity> {
    const zone = await manager.findOne(AvailabilityZoneEntity, {
      where: { name },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!zone) throw zoneNotFound(name);
    return zone;
  }
}
