import type {
  AvailabilityZoneEntity,
  AvailabilityZoneProfileEntity,
} from '../../lb-graph/entities/availability-zone.entity';

export function availabilityZoneProfileView(profile: AvailabilityZoneProfileEntity) {
  return {
    id: profile.id,
    name: profile.name,
    provider_name: profile.providerName,
    availability_zone_data: profile.availabilityZoneData,
  };
}
export type AvailabilityZoneProfileView = ReturnType<typeof availabilityZoneProfileView>;

export function availabilityZoneView(zone: AvailabilityZoneEntity) {
  return {
    name: zone.name,
    description: zone.description,
    enabled: zone.enabled,
    availability_zone_profile_id: zone.availabilityZoneProfileId,
  };
}
export type AvailabilityZoneView = ReturnType<typeof availabilityZoneView>;
