import { apiTimestamp, ownerFields } from '../../platform/rest/ownership';
import type { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';

/** The union of neutron-lbaas and Octavia load balancer fields. */
export function loadBalancerView(
  lb: LoadBalancerEntity,
  listenerIds: string[],
  poolIds: string[],
  additionalVips: { subnet_id: string; ip_address: string }[] = [],
) {
  return {
    id: lb.id,
    name: lb.name,
    description: lb.description,
    ...ownerFields(lb.projectId),
    admin_state_up: lb.adminStateUp,
    provisioning_status: lb.provisioningStatus,
    operating_status: lb.operatingStatus,
    vip_address: lb.vipAddress,
    vip_port_id: lb.vipPortId,
    vip_subnet_id: lb.vipSubnetId,
    vip_network_id: lb.vipNetworkId,
    vip_qos_policy_id: null,
    vip_vnic_type: 'normal',
    vip_sg_ids: [] as string[],
    additional_vips: additionalVips,
    listeners: listenerIds.map((id) => ({ id })),
    pools: poolIds.map((id) => ({ id })),
    provider: lb.provider,
    flavor_id: lb.flavorId,
    availability_zone: lb.availabilityZone,
    tags: lb.tags,
    created_at: apiTimestamp(lb.createdAt),
    updated_at: apiTimestamp(lb.updatedAt),
  };
}
export type LoadBalancerView = ReturnType<typeof loadBalancerView>;
