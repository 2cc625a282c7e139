import type { OperatingStatus, ProvisioningStatus } from './statuses';

export type ReportedObjectType =
  'loadbalancer' | 'listener' | 'pool' | 'member' | 'healthmonitor' | 'l7policy' | 'l7rule';

/** One object's statuses in an `update_status` call; provisioning_status only after a deploy. */
export interface ObjectStatus {
  type: ReportedObjectType;
  id: string;
  provisioning_status?: ProvisioningStatus;
  operating_status?: OperatingStatus;
}
