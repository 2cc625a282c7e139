import { ProvisioningStatus } from './statuses';

/** Objects on their way out (PENDING_DELETE) are neither rendered, written to disk nor reported. */
export function liveObjects<T extends { provisioning_status: ProvisioningStatus }>(items: T[]): T[] {
  return items.filter((item) => item.provisioning_status !== ProvisioningStatus.PendingDelete);
}
