/** Names on the host, derived from ids only (Linux interface names are at most 15 characters). */

/**
 * `qlbaas-<load balancer id>`; an ACTIVE_STANDBY instance adds the start of its own id, so that both
 * instances of one load balancer can run on one machine (two agents there).
 */
export function namespaceName(loadBalancerId: string, instanceId?: string): string {
  return instanceId ? `qlbaas-${loadBalancerId}-${instanceId.slice(0, 8)}` : `qlbaas-${loadBalancerId}`;
}

/** neutron's rule: a prefix plus the first 11 characters of the port id. */
export function tapName(portId: string): string {
  return `tap${portId.slice(0, 11)}`;
}

/** The namespace end of a linuxbridge veth pair. */
export function namespaceDeviceName(portId: string): string {
  return `ns-${portId.slice(0, 11)}`;
}

/** neutron linuxbridge's bridge of a network. */
export function bridgeName(networkId: string): string {
  return `brq${networkId.slice(0, 11)}`;
}
