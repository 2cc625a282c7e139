/**
 * What a flavor may set on a load balancer (Octavia's flavor capabilities), and the check of a flavor
 * profile's `flavor_data`: pure, no I/O. Every key is a capability of the profile's provider, every value
 * within its bounds; anything else is refused naming the key, so nothing unchecked reaches haproxy.
 */
import { TUNING_BOUNDS, type TuningGraph } from '@lbaas/contracts';
import { CapabilityDataError, capabilityEntries, type ProviderCapability } from './capability-data';
import type { Topology } from './entities/load-balancer-instance.entity';

/** The capabilities of both providers (noop accepts what haproxy would, so API tests match). */
export const FLAVOR_CAPABILITIES: ProviderCapability[] = [
  {
    name: 'loadbalancer_topology',
    description:
      'The load balancer topology. One of: SINGLE - one instance per load balancer. ACTIVE_STANDBY - two instances on two agents, VRRP between them, the VIP on the master.',
  },
  {
    name: 'maxconn',
    description: `The most concurrent connections one load balancer's haproxy accepts in all (its global maxconn), ${TUNING_BOUNDS.maxconn.min} to ${TUNING_BOUNDS.maxconn.max}.`,
  },
  {
    name: 'nbthread',
    description: `haproxy threads of one load balancer, ${TUNING_BOUNDS.nbthread.min} to ${TUNING_BOUNDS.nbthread.max}.`,
  },
];

/** The checked settings of `flavorData` (a JSON object as text) for `provider`. */
export function parseFlavorData(
  provider: string,
  flavorData: string,
): { topology?: Topology; tuning: TuningGraph } {
  const tuning: TuningGraph = {};
  let topology: Topology | undefined;
  for (const [key, value] of capabilityEntries('flavor_data', flavorData, provider, FLAVOR_CAPABILITIES)) {
    if (key === 'loadbalancer_topology') {
      if (value !== 'SINGLE' && value !== 'ACTIVE_STANDBY')
        throw new CapabilityDataError(`flavor_data: loadbalancer_topology must be SINGLE or ACTIVE_STANDBY`);
      topology = value;
      continue;
    }
    const { min, max } = TUNING_BOUNDS[key as keyof typeof TUNING_BOUNDS];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      throw new CapabilityDataError(`flavor_data: ${key} must be an integer from ${min} to ${max}`);
    tuning[key as keyof TuningGraph] = value;
  }
  return { topology, tuning };
}
