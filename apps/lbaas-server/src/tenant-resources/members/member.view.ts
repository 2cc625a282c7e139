import { provisionedFields } from '../../lb-graph/provisioned-view';
import type { MemberEntity } from '../../lb-graph/entities/member.entity';

/** The union of neutron-lbaas and Octavia member fields. */
export function memberView(member: MemberEntity) {
  return {
    ...provisionedFields(member),
    pool_id: member.poolId,
    address: member.address,
    protocol_port: member.protocolPort,
    weight: member.weight,
    backup: member.backup,
    subnet_id: member.subnetId,
    monitor_address: member.monitorAddress,
    monitor_port: member.monitorPort,
    vnic_type: 'normal',
  };
}
export type MemberView = ReturnType<typeof memberView>;
