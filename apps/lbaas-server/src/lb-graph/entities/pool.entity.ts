import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import type { LbAlgorithm, PoolProtocol, SessionPersistenceType } from '@lbaas/contracts';
import { LoadBalancerEntity } from './load-balancer.entity';
import { ProvisionedResource } from './provisioned-resource';

export interface SessionPersistence {
  type: SessionPersistenceType;
  cookie_name: string | null;
}

@Entity({ name: 'pools' })
export class PoolEntity extends ProvisionedResource {
  @Column({ name: 'loadbalancer_id', type: 'uuid' })
  loadbalancerId!: string;

  @ManyToOne(() => LoadBalancerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'loadbalancer_id' })
  loadbalancer?: LoadBalancerEntity;

  @Column({ type: 'varchar', length: 32 })
  protocol!: PoolProtocol;

  @Column({ name: 'lb_algorithm', type: 'varchar', length: 32 })
  lbAlgorithm!: LbAlgorithm;

  @Column({ name: 'session_persistence', type: 'jsonb', nullable: true })
  sessionPersistence!: SessionPersistence | null;
}
