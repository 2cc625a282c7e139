import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Topology } from '@lbaas/contracts';

export type { Topology };
export type InstanceRole = 'MASTER' | 'BACKUP';

/** VRRP priorities: the MASTER-role instance wins when both start; `nopreempt` keeps whoever holds the VIP. */
export const ROLE_PRIORITY: Record<InstanceRole, number> = { MASTER: 100, BACKUP: 90 };

/**
 * One of the two instances of an ACTIVE_STANDBY load balancer (Octavia's amphora): a namespace with
 * haproxy and keepalived on `agentId`, plugged with its own port on the VIP subnet.
 */
@Entity({ name: 'load_balancer_instances' })
export class LoadBalancerInstanceEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'loadbalancer_id', type: 'uuid' })
  loadbalancerId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: InstanceRole;

  @Column({ type: 'integer' })
  priority!: number;

  /** Null while no alive agent could take it. */
  @Column({ name: 'agent_id', type: 'uuid', nullable: true })
  agentId!: string | null;

  @Column({ name: 'vrrp_port_id', type: 'uuid' })
  vrrpPortId!: string;

  @Column({ name: 'vrrp_address', type: 'varchar', length: 64 })
  vrrpAddress!: string;

  /** A change was sent to it and it has not reported it applied: the load balancer settles after both. */
  @Column({ name: 'deploy_pending', type: 'boolean', default: false })
  deployPending!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
