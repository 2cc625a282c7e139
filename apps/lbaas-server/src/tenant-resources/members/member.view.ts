import { provisionedFields } from '../../lb-graph/provisioned-view';
import type { MemberEntity } from '../../lb-graph/entities/member.entity';
import { PROVISIONED_RESOURCE_COLUMNS } from '../../lb-graph/entities/provisioned-resource';
import { column, type ListColumns } from '../../platform/listing/sql-list';

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

/** Every attribute of the view (what lists filter, sort and select on), read off the view itself. */
export const MEMBER_ATTRIBUTES: ReadonlySet<string> = new Set(
  Object.keys(memberView({ createdAt: new Date(0), updatedAt: new Date(0) } as MemberEntity)),
);

/** The attributes stored as columns of `members`: lists on these are filtered and paged in SQL. */
export const MEMBER_COLUMNS: ListColumns = {
  ...PROVISIONED_RESOURCE_COLUMNS,
  pool_id: column('uuid', 'pool_id'),
  address: column('text', 'address'),
  protocol_port: column('integer', 'protocol_port'),
  weight: column('integer', 'weight'),
  backup: column('boolean', 'backup'),
  subnet_id: column('uuid', 'subnet_id'),
  monitor_address: column('text', 'monitor_address'),
  monitor_port: column('integer', 'monitor_port'),
};
