import { apiTimestamp, ownerFields } from '../../platform/rest/ownership';
import type { AllocationPool } from './ipam';
import type { NetworkEntity } from './network.entity';
import type { PortEntity } from './port.entity';
import type { SubnetEntity } from './subnet.entity';

/** neutron's network resource, with the provider attributes the agent's VLAN tag comes from. */
export function networkView(network: NetworkEntity, subnetIds: string[]) {
  return {
    id: network.id,
    name: network.name,
    description: network.description,
    ...ownerFields(network.projectId),
    admin_state_up: network.adminStateUp,
    status: 'ACTIVE',
    shared: false,
    subnets: subnetIds,
    mtu: network.mtu,
    'provider:network_type': 'vlan',
    'provider:physical_network': null,
    'provider:segmentation_id': network.segmentationId,
    'router:external': false,
    availability_zones: [] as string[],
    tags: [] as string[],
    created_at: apiTimestamp(network.createdAt),
    updated_at: apiTimestamp(network.updatedAt),
  };
}
export type NetworkView = ReturnType<typeof networkView>;

export function subnetView(subnet: SubnetEntity) {
  return {
    id: subnet.id,
    name: subnet.name,
    description: subnet.description,
    ...ownerFields(subnet.projectId),
    network_id: subnet.networkId,
    ip_version: subnet.ipVersion,
    cidr: subnet.cidr,
    gateway_ip: subnet.gatewayIp,
    allocation_pools: subnet.allocationPools satisfies AllocationPool[],
    enable_dhcp: false,
    dns_nameservers: [] as string[],
    host_routes: [] as unknown[],
    ipv6_ra_mode: null,
    ipv6_address_mode: null,
    subnetpool_id: null,
    tags: [] as string[],
    created_at: apiTimestamp(subnet.createdAt),
    updated_at: apiTimestamp(subnet.updatedAt),
  };
}
export type SubnetView = ReturnType<typeof subnetView>;

export function portView(port: PortEntity) {
  return {
    id: port.id,
    name: port.name,
    description: port.description,
    ...ownerFields(port.projectId),
    network_id: port.networkId,
    mac_address: port.macAddress,
    admin_state_up: port.adminStateUp,
    status: port.status,
    device_owner: port.deviceOwner,
    device_id: port.deviceId,
    fixed_ips: port.fixedIps.map((ip) => ({ subnet_id: ip.subnetId, ip_address: ip.ipAddress })),
    security_groups: [] as string[],
    allowed_address_pairs: [] as unknown[],
    tags: [] as string[],
    created_at: apiTimestamp(port.createdAt),
    updated_at: apiTimestamp(port.updatedAt),
  };
}
export type PortView = ReturnType<typeof portView>;
