import type { EntityManager } from 'typeorm';
import { parseAvailabilityZoneData, type AvailabilityZonePlacement } from './availability-zone-data';
import { AvailabilityZoneEntity, AvailabilityZoneProfileEntity } from './entities/availability-zone.entity';

export interface ZonePlacement extends AvailabilityZonePlacement {
  zone: AvailabilityZoneEntity;
  provider: string;
}

/**
 * Where load balancers of availability zone `name` go, from its profile; undefined when there is no such
 * zone. With `lock`, the zone stays (shared lock) until the transaction ends, so it cannot be deleted
 * under a load balancer being created in it.
 */
export async function zonePlacement(
  manager: EntityManager,
  name: string,
  lock = false,
): Promise<ZonePlacement | undefined> {
  const zone = await manager.findOne(AvailabilityZoneEntity, {
    where: { name },
    ...(lock ? { lock: { mode: 'pessimistic_read' as const } } : {}),
  });
  if (!zone) return undefined;
  const profile = await manager.findOneByOrFail(AvailabilityZoneProfileEntity, {
    id: zone.availabilityZoneProfileId,
  });
  return {
    zone,
    provider: profile.providerName,
    ...parseAvailabilityZoneData(profile.providerName, profile.availabilityZoneData),
  };
}
