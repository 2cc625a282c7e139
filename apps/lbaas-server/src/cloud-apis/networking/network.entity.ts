import { Column, Entity, OneToMany, type Relation } from 'typeorm';
import { ResourceColumns } from '../../platform/rest/resource-columns';
import { SubnetEntity } from './subnet.entity';

/**
 * A tenant network; its segmentation id is the local VLAN tag of its ports on br-int. With
 * network_driver = neutron it is a copy of a Neutron network a load balancer uses, without one (Neutron's
 * OVS agent tags the ports).
 */
@Entity({ name: 'networks' })
export class NetworkEntity extends ResourceColumns {
  @Column({ name: 'admin_state_up', type: 'boolean', default: true })
  adminStateUp!: boolean;

  @Column({ name: 'segmentation_id', type: 'integer', unique: true, nullable: true })
  segmentationId!: number | null;

  @Column({ type: 'integer', default: 1500 })
  mtu!: number;

  @OneToMany(() => SubnetEntity, (subnet) => subnet.network)
  subnets?: Relation<SubnetEntity[]>;
}
