/**
 * Octavia's amphora, as this system has it: one running instance of a load balancer (namespace and
 * haproxy) on one agent. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import { ProvisioningStatus } from '@lbaas/contracts';
import type { LoadBalancerEntity } from '../../lb-graph/entities/load-balancer.entity';
import { apiTimestamp } from '../../platform/rest/ownership';
import { VIRTUAL_ROUTER_ID } from '@lbaas/keepalived';

/** The namespace of amphora ids (a fixed random UUID): ids are name-based UUIDs (RFC 4122 version 5). */
const AMPHORA_NAMESPACE = Buffer.from('6f1c2a4e9b3d4e7f8a215c0d9e3b7a64', 'hex');

/**
 * An instance's id: derived from the load balancer and the agent hosting it, so it is stable while the
 * instance runs there, and a failover to another agent makes a new instance (as Octavia replaces an
 * amphora) without any table to keep in step.
 */
export function amphoraId(loadBalancerId: string, agentId: string): string {
  const hash = createHash('sha1').update(AMPHORA_NAMESPACE).update(`${loadBalancerId}/${agentId}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Octavia's amphora statuses, from the load balancer's provisioning status. */
const STATUS: Record<ProvisioningStatus, string> = {
  [ProvisioningStatus.PendingCreate]: 'PENDING_CREATE',
  [ProvisioningStatus.Active]: 'ALLOCATED',
  [ProvisioningStatus.PendingUpdate]: 'ALLOCATED',
  [ProvisioningStatus.PendingDelete]: 'PENDING_DELETE',
  [ProvisioningStatus.Error]: 'ERROR',
  [ProvisioningStatus.Deleted]: 'DELETED',
};

/** What an ACTIVE_STANDBY instance adds to its amphora view. */
export interface InstanceFields {
  id: string;
  role: 'MASTER' | 'BACKUP';
  vrrpAddress: string;
  vrrpPortId: string;
  priority: number;
}

/**
 * Octavia's amphora fields: a SINGLE load balancer's one instance (STANDALONE), or one of an
 * ACTIVE_STANDBY one's two (`instance`); what has no meaning here (management network, images) is null.
 * `compute_id` is the hosting agent's host (empty while no agent hosts it).
 */
export function amphoraView(lb: LoadBalancerEntity, agentHost: string, instance?: InstanceFields) {
  return {
    id: instance ? instance.id : amphoraId(lb.id, lb.agentId!),
    loadbalancer_id: lb.id,
    compute_id: agentHost,
    lb_network_ip: null,
    vrrp_ip: instance?.vrrpAddress ?? null,
    ha_ip: lb.vipAddress,
    vrrp_port_id: instance?.vrrpPortId ?? null,
    ha_port_id: lb.vipPortId,
    cert_expiration: null,
    cert_busy: false,
    role: instance?.role ?? 'STANDALONE',
    status: STATUS[lb.provisioningStatus],
    vrrp_interface: null,
    vrrp_id: instance ? VIRTUAL_ROUTER_ID : null,
    vrrp_priority: instance?.priority ?? null,
    cached_zone: null,
    created_at: apiTimestamp(lb.createdAt),
    updated_at: apiTimestamp(lb.updatedAt),
    image_id: null,
    compute_flavor: null,
  };
}
export type AmphoraView = ReturnType<typeof amphoraView>;
