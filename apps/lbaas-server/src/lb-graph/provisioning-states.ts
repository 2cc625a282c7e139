import { ProvisioningStatus } from '@lbaas/contracts';

/** The statuses of a change under way (docs/ARCHITECTURE.md, "Statuses"). */
const PENDING: ReadonlySet<ProvisioningStatus> = new Set([
  ProvisioningStatus.PendingCreate,
  ProvisioningStatus.PendingUpdate,
  ProvisioningStatus.PendingDelete,
]);

/** A load balancer in one of these refuses every change (409) until its deployer settles it. */
export function isPending(status: ProvisioningStatus): boolean {
  return PENDING.has(status);
}
