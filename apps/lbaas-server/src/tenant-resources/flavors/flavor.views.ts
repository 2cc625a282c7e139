import type { FlavorEntity, FlavorProfileEntity } from '../../lb-graph/entities/flavor.entity';

export function flavorProfileView(profile: FlavorProfileEntity) {
  return {
    id: profile.id,
    name: profile.name,
    provider_name: profile.providerName,
    flavor_data: profile.flavorData,
  };
}
export type FlavorProfileView = ReturnType<typeof flavorProfileView>;

export function flavorView(flavor: FlavorEntity) {
  return {
    id: flavor.id,
    name: flavor.name,
    description: flavor.description,
    enabled: flavor.enabled,
    flavor_profile_id: flavor.flavorProfileId,
  };
}
export type FlavorView = ReturnType<typeof flavorView>;
