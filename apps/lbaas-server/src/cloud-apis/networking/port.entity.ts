import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';
import { ResourceColumns } from '../../platform/rest/resource-columns';
import { NetworkEntity } from './network.entity';

@Entity({ name: 'ports' })
export class PortEntity extends ResourceColumns {
  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @ManyToOne(() => NetworkEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @Column({ name: 'mac_address', type: 'varchar', length: 17, unique: true })
  macAddress!: string;

  @Column({ name: 'admin_state_up', type: 'boolean', default: true })
  adminStateUp!: boolean;

  @Column({ type: 'varchar', length: 16, default: 'DOWN' })
  status!: string;

  @Column({ name: 'device_owner', type: 'varchar', length: 255, default: '' })
  deviceOwner!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 255, default: '' })
  deviceId!: string;

  @OneToMany(() => IpAllocationEntity, (allocation) => allocation.port, { eager: true, cascade: true })
  fixedIps!: IpAllocationEntity[];
}

/** One address of one port. The primary key makes a double allocation impossible, whatever races. */
@Entity({ name: 'ip_allocations' })
export class IpAllocationEntity {
  @PrimaryColumn({ name: 'subnet_id', type: 'uuid' })
  subnetId!: string;

  @PrimaryColumn({ name: 'ip_address', type: 'varchar', length: 64 })
  ipAddress!: string;

  @Column({ name: 'port_id', type: 'uuid' })
  portId!: string;

  @ManyToOne(() => PortEntity, (port) => port.fixedIps, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'port_id' })
  port?: PortEntity;
}
