import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import type { L7PolicyAction } from '@lbaas/contracts';
import { ListenerEntity } from './listener.entity';
import { ProvisionedResource } from './provisioned-resource';

@Entity({ name: 'l7_policies' })
export class L7PolicyEntity extends ProvisionedResource {
  @Column({ name: 'listener_id', type: 'uuid' })
  listenerId!: string;

  @ManyToOne(() => ListenerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'listener_id' })
  listener?: ListenerEntity;

  @Column({ type: 'varchar', length: 32 })
  action!: L7PolicyAction;

  @Column({ name: 'redirect_pool_id', type: 'uuid', nullable: true })
  redirectPoolId!: string | null;

  @Column({ name: 'redirect_url', type: 'varchar', length: 2048, nullable: true })
  redirectUrl!: string | null;

  @Column({ name: 'redirect_prefix', type: 'varchar', length: 2048, nullable: true })
  redirectPrefix!: string | null;

  @Column({ name: 'redirect_http_code', type: 'integer', nullable: true })
  redirectHttpCode!: number | null;

  /** 1-based order of evaluation within the listener. */
  @Column({ type: 'integer' })
  position!: number;
}
