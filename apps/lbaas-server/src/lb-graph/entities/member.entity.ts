import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { PoolEntity } from './pool.entity';
import { ProvisionedResource } from './provisioned-resource';

@Entity({ name: 'members' })
export class MemberEntity extends ProvisionedResource {
  @Column({ name: 'pool_id', type: 'uuid' })
  poolId!: string;

  @ManyToOne(() => PoolEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pool_id' })
  pool?: PoolEntity;

  @Column({ type: 'varchar', length: 64 })
  address!: string;

  @Column({ name: 'protocol_port', type: 'integer' })
  protocolPort!: number;

  @Column({ type: 'integer', default: 1 })
  weight!: number;

  @Column({ name: 'subnet_id', type: 'uuid', nullable: true })
  subnetId!: string | null;

  @Column({ type: 'boolean', default: false })
  backup!: boolean;

  @Column({ name: 'monitor_address', type: 'varchar', length: 64, nullable: true })
  monitorAddress!: string | null;

  @Column({ name: 'monitor_port', type: 'integer', nullable: true })
  monitorPort!: number | null;
}
