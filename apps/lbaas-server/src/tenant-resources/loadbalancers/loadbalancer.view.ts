import { apiTimestamp } from '../../platform/rest/ownership';
import { column, type ListColumns } from '../../platform/listing/sql-list';
import { PROVISIONED_RESOURCE_COLUMNS } from '../../lb-graph/entities/provisioned-resource';
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
    // Written out rather than spread: a spread in the literal makes every view several times slower to build.
    project_id: lb.projectId,
    tenant_id: lb.projectId,
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

/** Every attribute of the view (what lists filter, sort and select on), read off the view itself. */
export const LOAD_BALANCER_ATTRIBUTES: ReadonlySet<string> = new Set(
  Object.keys(
    loadBalancerView({ createdAt: new Date(0), updatedAt: new Date(0) } as LoadBalancerEntity, [], []),
  ),
);

/** The attributes stored as columns of `load_balancers`: lists on these are filtered and paged in SQL. */
export const LOAD_BALANCER_COLUMNS: ListColumns = {
  ...PROVISIONED_RESOURCE_COLUMNS,
  vip_address: column('text', 'vip_address'),
  vip_port_id: column('uuid', 'vip_port_id'),
  vip_subnet_id: column('uuid', 'vip_subnet_id'),
  vip_network_id: column('uuid', 'vip_network_id'),
  provider: column('text', 'provider'),
  flavor_id: column('uuid', 'flavor_id'),
  availability_zone: column('text', 'availability_zone'),
};
