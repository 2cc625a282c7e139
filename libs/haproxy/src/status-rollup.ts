/**
 * haproxy's view -> operating statuses (pure). Members come from their server rows; pools, listeners and
 * the load balancer are rolled up from them, so the API shows what haproxy actually does.
 */
import { liveObjects, type LoadBalancerGraph, type ObjectStatus, OperatingStatus } from '@lbaas/contracts';
import { type StatRow, StatRowType } from './show-stat';

/** A server row's status: `UP`, `UP 1/3` (going down), `DOWN`, `DOWN 1/2` (going up), `no check`, `MAINT`, `DRAIN`… */
export function memberOperatingStatus(haproxyStatus: string | undefined): OperatingStatus {
  if (haproxyStatus === undefined) return OperatingStatus.Offline;
  const status = haproxyStatus.toUpperCase();
  if (status.startsWith('UP') || status === 'DRAIN') return OperatingStatus.Online;
  if (status === 'NO CHECK') return OperatingStatus.NoMonitor;
  if (status.startsWith('MAINT')) return OperatingStatus.Disabled;
  return OperatingStatus.Offline;
}

/**
 * Members whose servers take new traffic, per pool (backend) id: UP (also while going down) or not
 * checked. DOWN, MAINT (admin down) and DRAIN (weight 0) take none. For UDP pools the kernel is given
 * exactly these members.
 */
export function servingMembers(rows: StatRow[]): Map<string, Set<string>> {
  const serving = new Map<string, Set<string>>();
  for (const row of rows) {
    if (row.type !== StatRowType.Server) continue;
    const status = row.status.toUpperCase();
    if (!status.startsWith('UP') && status !== 'NO CHECK') continue;
    if (!serving.has(row.pxname)) serving.set(row.pxname, new Set());
    serving.get(row.pxname)?.add(row.svname);
  }
  return serving;
}

const HEALTHY = new Set([OperatingStatus.Online, OperatingStatus.NoMonitor]);
const TROUBLED_POOL = new Set([OperatingStatus.Degraded, OperatingStatus.Error]);
const TROUBLED_LISTENER = new Set([...TROUBLED_POOL, OperatingStatus.Offline]);

/**
 * No members: OFFLINE (as Octavia shows such a pool). All healthy: ONLINE; none healthy: ERROR; some:
 * DEGRADED. Members that are DISABLED do not count.
 */
export function poolOperatingStatus(memberStatuses: OperatingStatus[]): OperatingStatus {
  if (memberStatuses.length === 0) return OperatingStatus.Offline;
  const counted = memberStatuses.filter((status) => status !== OperatingStatus.Disabled);
  if (counted.length === 0) return OperatingStatus.Online;
  const healthy = counted.filter((status) => HEALTHY.has(status)).length;
  if (healthy === counted.length) return OperatingStatus.Online;
  return healthy === 0 ? OperatingStatus.Error : OperatingStatus.Degraded;
}

/**
 * Operating statuses of every live object of the load balancer, from one `show stat` answer.
 * `kernelListeners`: UDP listeners whose rules are in place (haproxy has no frontend for them).
 */
export function rollUpStatuses(
  graph: LoadBalancerGraph,
  rows: StatRow[],
  kernelListeners: ReadonlySet<string> = new Set(),
): ObjectStatus[] {
  const serverStatus = new Map(
    rows.filter((r) => r.type === StatRowType.Server).map((r) => [`${r.pxname}/${r.svname}`, r.status]),
  );
  const openFrontends = new Set([
    ...rows
      .filter((r) => r.type === StatRowType.Frontend && r.status.toUpperCase() === 'OPEN')
      .map((r) => r.pxname),
    ...kernelListeners,
  ]);
  const statuses: ObjectStatus[] = [];
  const poolStatus = new Map<string, OperatingStatus>();

  for (const pool of liveObjects(graph.pools)) {
    const memberStatuses = liveObjects(pool.members).map((member) => {
      const status = member.admin_state_up
        ? memberOperatingStatus(serverStatus.get(`${pool.id}/${member.id}`))
        : OperatingStatus.Disabled;
      statuses.push({ type: 'member', id: member.id, operating_status: status });
      return status;
    });
    const status = pool.admin_state_up ? poolOperatingStatus(memberStatuses) : OperatingStatus.Disabled;
    poolStatus.set(pool.id, status);
    statuses.push({ type: 'pool', id: pool.id, operating_status: status });
    if (pool.healthmonitor) {
      statuses.push({
        type: 'healthmonitor',
        id: pool.healthmonitor.id,
        operating_status: pool.healthmonitor.admin_state_up
          ? OperatingStatus.Online
          : OperatingStatus.Disabled,
      });
    }
  }

  const listenerStatuses = liveObjects(graph.listeners).map((listener) => {
    let status: OperatingStatus;
    if (!listener.admin_state_up) status = OperatingStatus.Disabled;
    else if (!openFrontends.has(listener.id)) status = OperatingStatus.Offline;
    else {
      const pool = listener.default_pool_id ? poolStatus.get(listener.default_pool_id) : undefined;
      status =
        pool === OperatingStatus.Degraded || pool === OperatingStatus.Error
          ? OperatingStatus.Degraded
          : OperatingStatus.Online;
    }
    statuses.push({ type: 'listener', id: listener.id, operating_status: status });
    return status;
  });

  let lbStatus: OperatingStatus;
  if (!graph.admin_state_up) lbStatus = OperatingStatus.Offline;
  else {
    // A listener that serves nothing is trouble; a pool with no members (OFFLINE) is not, yet.
    const troubled =
      listenerStatuses.some((status) => TROUBLED_LISTENER.has(status)) ||
      [...poolStatus.values()].some((status) => TROUBLED_POOL.has(status));
    lbStatus = troubled ? OperatingStatus.Degraded : OperatingStatus.Online;
  }
  statuses.push({ type: 'loadbalancer', id: graph.id, operating_status: lbStatus });
  return statuses;
}
