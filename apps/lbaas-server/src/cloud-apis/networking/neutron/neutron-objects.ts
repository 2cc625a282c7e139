/** The parts of Neutron's v2.0 objects this server reads. */

export interface NeutronNetwork {
  id: string;
  project_id: string;
  name: string;
  shared: boolean;
  mtu?: number;
}

export interface NeutronSubnet {
  id: string;
  project_id: string;
  name: string;
  network_id: string;
  ip_version: 4 | 6;
  cidr: string;
  gateway_ip: string | null;
  allocation_pools: { start: string; end: string }[];
  created_at?: string;
}

export interface NeutronPort {
  id: string;
  project_id: string;
  name: string;
  network_id: string;
  mac_address: string;
  status?: string;
  fixed_ips: { subnet_id: string; ip_address: string }[];
  device_owner: string;
  device_id: string;
  security_groups: string[];
  'binding:host_id'?: string;
  created_at?: string;
}

export interface NeutronSecurityGroup {
  id: string;
  name: string;
  created_at?: string;
}

/** Octavia's name of a VIP port's security group; its orphans are found by it. */
export function securityGroupName(loadBalancerId: string): string {
  return `lb-${loadBalancerId}`;
}

/** neutron-lbaas' name of a VIP port made for a load balancer (a tenant's port keeps its own name). */
export function ownedPortName(loadBalancerId: string): string {
  return `loadbalancer-${loadBalancerId}`;
}

/**
 * An ACTIVE_STANDBY instance's port (Octavia's VRRP port), made for its load balancer (device_id) and
 * deleted with it. Not Octavia's device_owner `Octavia`: the orphan sweep must never take an Octavia's.
 */
export function instancePortName(instanceId: string): string {
  return `lbaas-vrrp-${instanceId}`;
}

export function isInstancePortName(name: string): boolean {
  return name.startsWith('lbaas-vrrp-');
}

const GROUP_NAME = /^lb-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The load balancer a group of ours belongs to, from its name; undefined for anyone else's group. */
export function loadBalancerOfGroup(name: string): string | undefined {
  return GROUP_NAME.exec(name)?.[1];
}
