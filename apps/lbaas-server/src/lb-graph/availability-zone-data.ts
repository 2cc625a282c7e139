/**
 * What an availability zone profile may say (Octavia's availability zone capabilities) and the check of
 * its `availability_zone_data`: pure, no I/O. A zone is a group of agents: `compute_zone` names the
 * `availability_zone` its agents report.
 */
import { AVAILABILITY_ZONE_PATTERN } from '@lbaas/contracts';
import { CapabilityDataError, capabilityEntries, type ProviderCapability } from './capability-data';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const AVAILABILITY_ZONE_CAPABILITIES: ProviderCapability[] = [
  {
    name: 'compute_zone',
    description:
      "The agents' availability zone: load balancers of this zone are placed only on lbaas-agents whose availability_zone option is this name.",
  },
  {
    name: 'valid_vip_networks',
    description: 'The networks (a list of IDs) a VIP of this zone may be on; any network when absent.',
  },
];

export interface AvailabilityZonePlacement {
  /** Where its load balancers run; anywhere when absent. */
  computeZone?: string;
  /** Networks its VIPs may be on; any when absent. */
  validVipNetworks?: string[];
}

/** The checked settings of `availabilityZoneData` (a JSON object as text) for `provider`. */
export function parseAvailabilityZoneData(
  provider: string,
  availabilityZoneData: string,
): AvailabilityZonePlacement {
  const placement: AvailabilityZonePlacement = {};
  const entries = capabilityEntries(
    'availability_zone_data',
    availabilityZoneData,
    provider,
    AVAILABILITY_ZONE_CAPABILITIES,
  );
  for (const [key, value] of entries) {
    if (key === 'compute_zone') {
      if (typeof value !== 'string' || !AVAILABILITY_ZONE_PATTERN.test(value))
        throw new CapabilityDataError(
          'availability_zone_data: compute_zone must be a zone name (letters, digits, ".", ":", "-", "_"; at most 255)',
        );
      placement.computeZone = value;
    } else {
      if (
        !Array.isArray(value) ||
        value.length === 0 ||
        !value.every((id) => typeof id === 'string' && UUID.test(id))
      )
        throw new CapabilityDataError(
          'availability_zone_data: valid_vip_networks must be a non-empty list of network IDs',
        );
      placement.validVipNetworks = value.map((id: string) => id.toLowerCase());
    }
  }
  return placement;
}
