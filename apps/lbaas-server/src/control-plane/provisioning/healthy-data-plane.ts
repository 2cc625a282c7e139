import { type ObjectStatus, OperatingStatus, ProvisioningStatus } from '@lbaas/contracts';
import type { LoadBalancerTree } from '../../lb-graph/load-balancer-tree';

export type OperatingStatusReport = ObjectStatus & { operating_status: OperatingStatus };

/**
 * The member and pool statuses a data plane whose members all answer would report (pure): what the noop
 * provider shows. As in Octavia: a member of a pool without a (working) monitor is NO_MONITOR, a pool
 * with no members OFFLINE.
 */
export function healthyDataPlaneStatuses(tree: LoadBalancerTree): OperatingStatusReport[] {
  const live = <T extends { provisioningStatus: ProvisioningStatus }>(rows: T[]) =>
    rows.filter((row) => row.provisioningStatus !== ProvisioningStatus.PendingDelete);
  const statuses: OperatingStatusReport[] = [];
  for (const pool of live(tree.pools)) {
    const monitored = live(tree.monitors).some((m) => m.poolId === pool.id && m.adminStateUp);
    const members = live(tree.members).filter((m) => m.poolId === pool.id);
    for (const member of members) {
      let status = monitored ? OperatingStatus.Online : OperatingStatus.NoMonitor;
      if (!member.adminStateUp) status = OperatingStatus.Offline;
      statuses.push({ type: 'member', id: member.id, operating_status: status });
    }
    const serving = pool.adminStateUp && members.length > 0;
    statuses.push({
      type: 'pool',
      id: pool.id,
      operating_status: serving ? OperatingStatus.Online : OperatingStatus.Offline,
    });
  }
  return statuses;
}
