import { type LoadBalancerGraph, ProvisioningStatus } from '@lbaas/contracts';

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
