import { Column, Entity, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { ResourceColumns } from '../../platform/rest/resource-columns';
import type { AllocationPool } from './ipam';
import { NetworkEntity } from './network.entity';

@Entity({ name: 'subnets' })
export class SubnetEntity extends ResourceColumns {
  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, (network) => network.subnets, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network?: Relation<NetworkEntity>;

  @Column({ name: 'ip_version', type: 'smallint' })
  ipVersion!: 4 | 6;

  @Column({ type: 'varchar', length: 64 })
  cidr!: string;

  @Column({ name: 'gateway_ip', type: 'varchar', length: 64, nullable: true })
  gatewayIp!: string | null;

  @Column({ name: 'allocation_pools', type: 'jsonb' })
  allocationPools!: AllocationPool[];
}
