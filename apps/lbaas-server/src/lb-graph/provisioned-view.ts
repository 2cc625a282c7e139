import { apiTimestamp, ownerFields } from '../platform/rest/ownership';
import type { ProvisionedResource } from './entities/provisioned-resource';

/** The fields every load balancer object shows. */
export function provisionedFields(row: ProvisionedResource) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    ...ownerFields(row.projectId),
    admin_state_up: row.adminStateUp,
    provisioning_status: row.provisioningStatus,
    operating_status: row.operatingStatus,
    tags: row.tags,
    created_at: apiTimestamp(row.createdAt),
    updated_at: apiTimestamp(row.updatedAt),
  };
}
