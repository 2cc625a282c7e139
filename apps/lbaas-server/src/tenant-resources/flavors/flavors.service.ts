import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../../platform/auth/caller';
import { ApiError } from '../../platform/api-errors/api-error';
import { DeployerRegistry } from '../../control-plane/provisioning/deployer-registry';
import { FlavorEntity, FlavorProfileEntity } from '../../lb-graph/entities/flavor.entity';
import { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { parseFlavorData } from '../../lb-graph/flavor-data';
import type { Topology } from '../../lb-graph/entities/load-balancer-instance.entity';
import { assertAdmin, ProviderProfiles } from '../provider-profiles/provider-profiles';
import type {
  CreateFlavorBody,
  CreateFlavorProfileBody,
  UpdateFlavorBody,
  UpdateFlavorProfileBody,
} from './flavors.dto';
import { flavorProfileView, type FlavorProfileView, flavorView, type FlavorView } from './flavor.views';

const flavorNotFound = (id: string) => new ApiError('FlavorNotFound', `Flavor ${id} could not be found.`);

/**
 * Flavors (Octavia 2.6): a flavor profile names a provider and settings from its capabilities; a flavor
 * points at a profile, and a load balancer created with it gets those settings. Profiles and flavors in
 * use stay (409).
 */
@Injectable()
export class FlavorsService {
  private readonly profiles: ProviderProfiles<FlavorProfileEntity>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    deployers: DeployerRegistry,
  ) {
    this.profiles = new ProviderProfiles(dataSource, deployers, {
      entity: FlavorProfileEntity,
      plural: 'flavor profiles',
      notFound: { kind: 'FlavorProfileNotFound', label: 'Flavor profile' },
      dataOf: (profile) => profile.flavorData,
      withData: (flavorData) => ({ flavorData }),
      check: (provider, data) => parseFlavorData(provider, data),
      userOf: async (manager, id) => {
        const user = await manager.findOneBy(FlavorEntity, { flavorProfileId: id });
        return user ? `flavor ${user.id}` : undefined;
      },
    });
  }

  async listProfiles(caller: Caller): Promise<FlavorProfileView[]> {
    return (await this.profiles.list(caller)).map(flavorProfileView);
  }

  async getProfile(caller: Caller, id: string): Promise<FlavorProfileView> {
    return flavorProfileView(await this.profiles.get(caller, id));
  }

  async createProfile(caller: Caller, body: CreateFlavorProfileBody): Promise<FlavorProfileView> {
    return flavorProfileView(await this.profiles.create(caller, { ...body, data: body.flavor_data }));
  }

  async updateProfile(caller: Caller, id: string, body: UpdateFlavorProfileBody): Promise<FlavorProfileView> {
    return flavorProfileView(await this.profiles.update(caller, id, { ...body, data: body.flavor_data }));
  }

  async deleteProfile(caller: Caller, id: string): Promise<void> {
    await this.profiles.delete(caller, id);
  }

  async listFlavors(): Promise<FlavorView[]> {
    const rows = await this.dataSource.manager.find(FlavorEntity, { order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(flavorView);
  }

  async getFlavor(id: string): Promise<FlavorView> {
    return flavorView(await this.flavor(this.dataSource.manager, id));
  }

  async createFlavor(caller: Caller, body: CreateFlavorBody): Promise<FlavorView> {
    assertAdmin(caller, 'flavor writes');
    return this.dataSource.transaction(async (manager) => {
      const profile = await manager.findOne(FlavorProfileEntity, {
        where: { id: body.flavor_profile_id },
        lock: { mode: 'pessimistic_read' },
      });
      if (!profile)
        throw new BadRequestException(
          `Invalid input for flavor_profile_id: no flavor profile ${body.flavor_profile_id}`,
        );
      const flavor = manager.create(FlavorEntity, {
        id: randomUUID(),
        name: body.name,
        description: body.description ?? '',
        enabled: body.enabled ?? true,
        flavorProfileId: profile.id,
      });
      return flavorView(await manager.save(flavor));
    });
  }

  async updateFlavor(caller: Caller, id: string, body: UpdateFlavorBody): Promise<FlavorView> {
    assertAdmin(caller, 'flavor writes');
    const flavor = await this.flavor(this.dataSource.manager, id);
    await this.dataSource.manager.update(
      FlavorEntity,
      { id },
      {
        name: body.name ?? flavor.name,
        description: body.description ?? flavor.description,
        enabled: body.enabled ?? flavor.enabled,
      },
    );
    return this.getFlavor(id);
  }

  async deleteFlavor(caller: Caller, id: string): Promise<void> {
    assertAdmin(caller, 'flavor writes');
    await this.dataSource.transaction(async (manager) => {
      await this.flavor(manager, id, true);
      const user = await manager.findOneBy(LoadBalancerEntity, { flavorId: id });
      if (user) throw new ApiError('EntityInUse', `Flavor ${id} is in use by load balancer ${user.id}.`);
      await manager.delete(FlavorEntity, { id });
    });
  }

  /**
   * The provider a load balancer created with flavor `flavorId` uses, checked: the flavor exists and is
   * enabled, and its provider is the one asked for (if any). Called in the load balancer's transaction:
   * the flavor stays locked (shared) until it commits.
   */
  async providerForFlavor(
    manager: EntityManager,
    flavorId: string,
    provider: string | undefined,
  ): Promise<{ provider: string; topology?: Topology }> {
    const flavor = await manager.findOne(FlavorEntity, {
      where: { id: flavorId },
      lock: { mode: 'pessimistic_read' },
    });
    if (!flavor) throw new BadRequestException(`Invalid input for flavor_id: no flavor ${flavorId}`);
    if (!flavor.enabled)
      throw new BadRequestException(`Invalid input for flavor_id: flavor ${flavorId} is disabled`);
    const profile = await manager.findOneByOrFail(FlavorProfileEntity, { id: flavor.flavorProfileId });
    if (provider && provider !== profile.providerName)
      throw new BadRequestException(
        `Invalid input for flavor_id: flavor ${flavorId} is of provider ${profile.providerName}, not ${provider}`,
      );
    const { topology } = parseFlavorData(profile.providerName, profile.flavorData);
    return { provider: profile.providerName, topology };
  }

  private async flavor(manager: EntityManager, id: string, lock = false): Promise<FlavorEntity> {
    const flavor = await manager.findOne(FlavorEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!flavor) throw flavorNotFound(id);
    return flavor;
  }
}
