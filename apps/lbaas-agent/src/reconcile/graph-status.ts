import {
  type LoadBalancerGraph,
  type ObjectStatus,
  type OperatingStatus,
  ProvisioningStatus,
} from '@lbaas/contracts';

const PENDING: ReadonlySet<ProvisioningStatus> = new Set([
  ProvisioningStatus.PendingCreate,
  ProvisioningStatus.PendingUpdate,
  ProvisioningStatus.PendingDelete,
]);

/** Whether the server waits for this agent to deploy a change of the load balancer (anything PENDING_*). */
export function hasPendingChanges(graph: LoadBalancerGraph): boolean {
  const statuses = [
    graph.provisioning_status,
    ...graph.listeners.flatMap((l) => [
      l.provisioning_status,
      ...l.l7policies.flatMap((p) => [p.provisioning_status, ...p.rules.map((r) => r.provisioning_status)]),
    ]),
    ...graph.pools.flatMap((p) => [
      p.provisioning_status,
      ...(p.healthmonitor ? [p.healthmonitor.provisioning_status] : []),
      ...p.members.map((m) => m.provisioning_status),
    ]),
  ];
  return statuses.some((status) => PENDING.has(status));
}

/** The operating statuses the server holds for the graph's objects (none from a server older than 1.2). */
function recordedStatuses(graph: LoadBalancerGraph): Map<string, OperatingStatus | undefined> {
  const objects = [
    graph,
    ...graph.listeners,
    ...graph.pools.flatMap((p) => [p, ...(p.healthmonitor ? [p.healthmonitor] : []), ...p.members]),
  ];
  return new Map(objects.map((object) => [object.id, object.operating_status]));
}

/**
 * The statuses that differ from what the server recorded, so a periodic refresh of a steady load balancer
 * sends nothing (each report is a transaction on the server). Compared with the graph fetched in the same
 * pass, so a status the server changed meanwhile is corrected in the next pass.
 */
export function changedStatuses(graph: LoadBalancerGraph, statuses: ObjectStatus[]): ObjectStatus[] {
  const recorded = recordedStatuses(graph);
  return statuses.filter((status) => recorded.get(status.id) !== status.operating_status);
}
