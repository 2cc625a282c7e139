import { Column } from 'typeorm';
import { OperatingStatus, ProvisioningStatus } from '@lbaas/contracts';
import { column, type ListColumns } from '../../platform/listing/sql-list';
import { ResourceColumns } from '../../platform/rest/resource-columns';

/** Columns of every load balancer object: the admin state and both statuses, plus Octavia's tags. */
export abstract class ProvisionedResource extends ResourceColumns {
  @Column({ name: 'admin_state_up', type: 'boolean', default: true })
  adminStateUp!: boolean;

  @Column({ name: 'provisioning_status', type: 'varchar', length: 16 })
  provisioningStatus!: ProvisioningStatus;

  @Column({ name: 'operating_status', type: 'varchar', length: 16 })
  operatingStatus!: OperatingStatus;

  @Column({ type: 'jsonb', default: [] })
  tags!: string[];
}

/** The columns every new load balancer object starts with: its free text, admin state and tags, PENDING_CREATE. */
export function newObjectColumns(
  projectId: string,
  body: { name?: string; description?: string; admin_state_up?: boolean; tags?: string[] },
): Pick<
  ProvisionedResource,
  'projectId' | 'name' | 'description' | 'adminStateUp' | 'provisioningStatus' | 'operatingStatus' | 'tags'
> {
  return {
    projectId,
    name: body.name ?? '',
    description: body.description ?? '',
    adminStateUp: body.admin_state_up ?? true,
    provisioningStatus: ProvisioningStatus.PendingCreate,
    operatingStatus: OperatingStatus.Offline,
    tags: body.tags ?? [],
  };
}

/** The columns every update may change: the given free text, admin state and tags, else the current ones. */
export function updatedObjectColumns(
  current: Pick<ProvisionedResource, 'name' | 'description' | 'adminStateUp' | 'tags'>,
  body: { name?: string; description?: string; admin_state_up?: boolean; tags?: string[] },
): Pick<ProvisionedResource, 'name' | 'description' | 'adminStateUp' | 'tags'> {
  return {
    name: body.name ?? current.name,
    description: body.description ?? current.description,
    adminStateUp: body.admin_state_up ?? current.adminStateUp,
    tags: body.tags ?? current.tags,
  };
}

/** The list columns of every load balancer object's attributes stored here (lists page them in SQL). */
export const PROVISIONED_RESOURCE_COLUMNS: ListColumns = {
  id: column('uuid', 'id'),
  name: column('text', 'name'),
  description: column('text', 'description'),
  project_id: column('text', 'project_id'),
  tenant_id: column('text', 'project_id'),
  admin_state_up: column('boolean', 'admin_state_up'),
  provisioning_status: column('text', 'provisioning_status'),
  operating_status: column('text', 'operating_status'),
  tags: column('tags', 'tags'),
  created_at: column('timestamp', 'created_at'),
  updated_at: column('timestamp', 'updated_at'),
};
